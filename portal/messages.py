"""The wording of the portal's notifications (registered with notifications.messages in PortalConfig.ready),
and the workbench's name for a party's message on the timeline."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.messages import register
from portal.services import PARTY_MESSAGE


@register(PARTY_MESSAGE)
def _party_message(p: dict) -> tuple[str, str]:
    return (
        _("A party wrote about %(code)s") % {"code": p["code"]},
        _("The party who submitted “%(title)s” online sent a message; it is on the dispute's timeline.")
        % {"title": p["title"]},
    )


PARTY_MESSAGE_LABEL = gettext_lazy("Message from the party (online)")
