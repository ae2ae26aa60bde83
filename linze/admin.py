from django.contrib import admin

from linze.models import PersonalDataView, WorkerHeartbeat


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(admin.ModelAdmin):
    """The audit log of unmasked personal data: auditors read it, nobody edits it."""

    list_display = ["viewed_at", "user", "body", "dispute", "ip_address"]
    list_filter = ["viewed_at"]
    search_fields = ["user__username", "dispute__code"]
    list_select_related = ["user", "body", "dispute"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "seen_at", "runs"]
