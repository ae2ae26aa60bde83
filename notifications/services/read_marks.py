"""Read marks: a user marks their own notifications read."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from notifications.models import Notification


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Marks one of the user's notifications read; another user's answers 404."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
