from django.contrib import admin

from dashboards.models import CongressActivity, CongressReport, CongressRequest, CourtlessRule, ExportJob


@admin.register(CourtlessRule)
class CourtlessRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_court_disputes", "count_referrals", "require_intake", "updated_at"]

    def has_add_permission(self, request):
        # One rule for the county: edit it, do not add a second.
        return not CourtlessRule.objects.exists()


# -- exports and the People's Congress records (dashboards/exports, dashboards/congress) -------------------


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """The record of every export: read only (it is an audit trail of personal data leaving the portal)."""

    list_display = ["created_at", "user", "body", "region", "label", "status", "rows_done", "background"]
    list_filter = ["status", "background"]
    list_select_related = ["user", "body", "region"]
    date_hierarchy = "created_at"
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CongressRequestInline(admin.TabularInline):
    model = CongressRequest
    extra = 0
    raw_id_fields = ["answered_by"]


@admin.register(CongressActivity)
class CongressActivityAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "title"]
    list_filter = ["kind"]
    inlines = [CongressRequestInline]


@admin.register(CongressReport)
class CongressReportAdmin(admin.ModelAdmin):
    list_display = ["uploaded_at", "body", "title", "period_label"]
    list_select_related = ["body"]
    readonly_fields = ["indicators"]
