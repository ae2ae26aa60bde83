from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from notifications import messages  # noqa: F401  (registers the wording of each kind)
        from notifications.receivers import connect

        connect()
