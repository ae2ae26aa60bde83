"""Reads of the notifications app: a user only ever reads their own."""

from notifications.models import Notification


def notification_list(*, user, unread_only: bool = False):
    queryset = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def notification_unread_count(*, user) -> int:
    """The bell's number: served by the (recipient, read_at) index."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
