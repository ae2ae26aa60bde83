from django.contrib import admin
from django.db.models import F

from disputes.models import Category, Dispute, DisputeEvent, LadderStep, Party


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(LadderStep)
class LadderStepAdmin(admin.ModelAdmin):
    list_display = ["position", "tier", "holder_kind", "working_days", "town"]
    list_filter = [("town", admin.RelatedOnlyFieldListFilter), "tier"]
    autocomplete_fields = ["town"]
    list_select_related = ["town"]
    # The county-wide default ladder (no town) first, then the towns' own ladders.
    ordering = [F("town__code").asc(nulls_first=True), "position"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Disputes change only through the services (locks, events, grants): the admin only looks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartyInline(admin.TabularInline):
    model = Party
    fields = ["role", "kind", "name", "id_number", "phone", "address"]
    extra = 0

    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


class EventInline(PartyInline):
    model = DisputeEvent
    fields = ["created_at", "transition", "from_status", "to_status", "actor", "actor_body", "note"]


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "status", "tier", "holder", "town", "category", "due_at", "opened_at"]
    list_filter = ["status", "tier", "risk_level", "channel", "category"]
    search_fields = ["code", "title"]
    list_select_related = ["holder", "town", "category"]
    inlines = [PartyInline, EventInline]
    show_full_result_count = False
