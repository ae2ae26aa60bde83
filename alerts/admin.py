from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alerts.choices import PARAMETERS_OF_KIND
from alerts.models import Warning, WarningRule


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    """Thresholds are data: the administrator tunes them here (DESIGN.md §6)."""

    list_display = ["code", "kind", "enabled", "level", "notify_joint_meeting", "parameters", "updated_at"]
    list_editable = ["enabled", "level", "notify_joint_meeting"]
    list_filter = ["kind", "enabled", "level"]
    search_fields = ["code"]

    def get_fieldsets(self, request, obj=None):
        common = (None, {"fields": ["code", "kind", "enabled", "level", "notify_joint_meeting"]})
        if obj is None:
            names = sorted({name for names in PARAMETERS_OF_KIND.values() for name in names})
        else:
            names = PARAMETERS_OF_KIND.get(obj.kind, [])
        return [common, (_("Thresholds"), {"fields": names})]

    def get_readonly_fields(self, request, obj=None):
        # A rule's kind decides what its thresholds mean: fixed once created.
        return ["kind"] if obj is not None else []


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    """Warnings are raised by the rules and handled on the warnings page: the admin only looks."""

    list_display = ["created_at", "level", "kind", "town", "status", "dispute", "handled_by"]
    list_filter = ["status", "level", "kind", ("town", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["town", "dispute", "handled_by"]
    search_fields = ["dedupe_key", "dispute__code"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
