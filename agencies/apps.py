from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Regions and bodies")

    def ready(self) -> None:
        from agencies import tables  # noqa: F401  (the per-process copies listen to their models' saves)
