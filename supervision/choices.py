from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SuggestionKind(models.TextChoices):
    JUDICIAL = "judicial", _("Judicial suggestion")
    PROCURATORIAL = "procuratorial", _("Procuratorial suggestion")


class SuggestionStatus(models.TextChoices):
    DRAFTED = "drafted", pgettext_lazy("suggestion status", "Drafted")
    ISSUED = "issued", pgettext_lazy("suggestion status", "Issued")
    RECEIVED = "received", pgettext_lazy("suggestion status", "Received")
    OVERDUE = "overdue", pgettext_lazy("suggestion status", "Reply overdue")
    REPLIED = "replied", pgettext_lazy("suggestion status", "Replied")
    CLOSED = "closed", pgettext_lazy("suggestion status", "Closed")


# Issued and waiting for the reply: the reply clock runs (the sweep's partial index).
AWAITING_REPLY = [SuggestionStatus.ISSUED, SuggestionStatus.RECEIVED]
# What the receiving body and the leaders see: everything but the issuer's drafts.
SENT_STATUSES = [s for s in SuggestionStatus if s != SuggestionStatus.DRAFTED]
REPLIED_STATUSES = [SuggestionStatus.REPLIED, SuggestionStatus.CLOSED]
