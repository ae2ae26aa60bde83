from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Early warning")

    def ready(self) -> None:
        from alerts import messages  # noqa: F401  (words the "warning" notifications)
        from alerts.receivers import connect

        connect()
