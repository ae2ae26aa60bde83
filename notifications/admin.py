from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications import services
from notifications.models import DeliveryPreference, Notification, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the services only: the admin looks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "dispute", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient", "dispute"]
    search_fields = ["recipient__username", "dispute__code", "source_key"]
    date_hierarchy = "created_at"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "address", "subject", "status", "attempts", "delivered_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["address", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    @admin.action(description=_("Send again at the next drain"))
    def retry_now(self, request, queryset):
        count = services.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, _("%(count)s messages will be sent again.") % {"count": count}, messages.SUCCESS
        )

    def has_change_permission(self, request, obj=None):
        # The action needs change permission on the list; rows themselves stay read-only (no form fields).
        return obj is None and request.user.has_perm("notifications.change_outboxmessage")


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "mobile", "sms_enabled", "email_enabled"]
    list_filter = ["sms_enabled", "email_enabled"]
    search_fields = ["user__username", "mobile"]
    autocomplete_fields = ["user"]
