"""Where a notification leads. Resolved when it is opened, so that pages added later are linked too."""

from django.urls import NoReverseMatch, reverse

from notifications.choices import NotificationKind

# Route names the dispute page may have; the first that resolves is used.
DISPUTE_ROUTES = ("disputes:detail", "disputes:dispute_detail")


def dispute_url(dispute_id: int) -> str | None:
    for name in DISPUTE_ROUTES:
        try:
            return reverse(name, kwargs={"pk": dispute_id})
        except NoReverseMatch:
            continue
    return None


def notification_target(notification) -> str:
    if notification.link:
        return notification.link
    if notification.kind == NotificationKind.REFERRAL_WAITING:
        return reverse("referrals:inbox")
    if notification.dispute_id and (url := dispute_url(notification.dispute_id)):
        return url
    return reverse("home")
