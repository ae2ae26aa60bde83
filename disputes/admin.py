from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from disputes.deadlines import DEFAULT_POLICIES
from disputes.models import (
    Category,
    ClockPause,
    DeadlineBreach,
    DeadlinePolicy,
    Dispute,
    DisputeClock,
    DisputeEvent,
    LadderStep,
    Party,
    PersonalDataView,
)


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


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "tier",
        "route",
        "category",
        "clock",
        "amount",
        "unit",
        "warning_percent",
        "breach_action",
        "extension_amount",
        "is_active",
    ]
    list_filter = ["is_active", "status", "clock", "breach_action", "unit"]
    search_fields = ["name", "basis", "code"]
    list_select_related = ["category"]
    readonly_fields = ["code", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "is_active", "code"]}),
        (_("Applies to"), {"fields": ["status", "tier", "route", "category", "clock"]}),
        (_("Time limit"), {"fields": ["amount", "unit", "anchor", "warning_percent", "breach_action"]}),
        (None, {"fields": ["extension_amount", "extension_basis", "consequence"]}),
        (None, {"fields": ["basis", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # A shipped policy is retired by deactivating it: the loader would bring a deleted one back.
        if obj is not None and obj.code in SHIPPED_POLICY_CODES:
            return False
        return super().has_delete_permission(request, obj)


SHIPPED_POLICY_CODES = frozenset(spec["code"] for spec in DEFAULT_POLICIES)


@admin.register(DeadlineBreach)
class DeadlineBreachAdmin(ReadOnlyAdmin):
    """Recorded by the sweep; a record of what happened, so the admin only looks."""

    list_display = [
        "detected_at",
        "dispute",
        "referral",
        "kind",
        "clock",
        "status",
        "tier",
        "holder",
        "due_at",
        "outcome",
    ]
    list_filter = ["kind", "clock", "outcome", "status", "tier"]
    search_fields = ["dispute__code"]
    list_select_related = ["dispute", "holder", "referral__body"]
    raw_id_fields = ["dispute", "referral", "escalation_event"]
    show_full_result_count = False


@admin.register(DisputeClock)
class DisputeClockAdmin(ReadOnlyAdmin):
    """Written by the transition service: the clocks each open dispute runs now."""

    list_display = ["dispute", "kind", "policy", "due_at", "warn_at", "paused_at", "extensions"]
    list_filter = ["kind"]
    search_fields = ["dispute__code"]
    list_select_related = ["dispute", "policy"]
    raw_id_fields = ["dispute"]
    show_full_result_count = False


@admin.register(ClockPause)
class ClockPauseAdmin(ReadOnlyAdmin):
    list_display = ["dispute", "status", "paused_at", "resumed_at", "ended_by", "reason"]
    list_filter = ["status"]
    search_fields = ["dispute__code"]
    list_select_related = ["dispute"]
    raw_id_fields = ["dispute"]


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
