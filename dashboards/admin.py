from django.contrib import admin

from dashboards.models import CourtlessRule


@admin.register(CourtlessRule)
class CourtlessRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_court_disputes", "count_referrals", "require_intake", "updated_at"]

    def has_add_permission(self, request):
        # One rule for the county: edit it, do not add a second.
        return not CourtlessRule.objects.exists()
