from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinzeConfig(AppConfig):
    name = "linze"
    verbose_name = _("Portal")
