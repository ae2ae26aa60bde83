from django.contrib import admin

from supervision.models import Suggestion, SuggestionPolicy


@admin.register(SuggestionPolicy)
class SuggestionPolicyAdmin(admin.ModelAdmin):
    list_display = ["kind", "reply_months", "reply_days"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-only: suggestions change through their steps, which the timeline records."""

    list_display = ["title", "kind", "issuer", "recipient", "status", "issued_at", "due_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
