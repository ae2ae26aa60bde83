from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision instruments")

    def ready(self) -> None:
        from supervision import messages  # noqa: F401  (words the supervision notifications)
        from supervision.receivers import connect

        connect()
