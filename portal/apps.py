from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from disputes.views.common import EVENT_LABELS
        from portal import messages, plain
        from portal.receivers import connect

        connect()
        # The staff's timeline names a party's message like the entries of the apps below it.
        EVENT_LABELS.setdefault(plain.CITIZEN_MESSAGE, messages.PARTY_MESSAGE_LABEL)
