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


class DecisionKind(models.TextChoices):
    LAND_REQUISITION = "land_requisition", _("Land requisition")
    PROJECT = "project", _("Project")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


class DecisionStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("decision status", "Registered")
    ASSESSED = "assessed", pgettext_lazy("decision status", "Assessed")
    APPROVED = "approved", pgettext_lazy("decision status", "Approved")


class StabilityRisk(models.TextChoices):
    """The stability risk of a major decision (社会稳定风险等级)."""

    HIGH = "high", pgettext_lazy("stability risk", "High")
    MEDIUM = "medium", pgettext_lazy("stability risk", "Medium")
    LOW = "low", pgettext_lazy("stability risk", "Low")


class MeetingStatus(models.TextChoices):
    RAISED = "raised", pgettext_lazy("joint meeting status", "Raised")
    SCHEDULED = "scheduled", pgettext_lazy("joint meeting status", "Meeting scheduled")
    HELD = "held", pgettext_lazy("joint meeting status", "Meeting held; tasks under way")
    CLOSED = "closed", pgettext_lazy("joint meeting status", "Closed")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    OVERDUE = "overdue", pgettext_lazy("task status", "Overdue")
    DONE = "done", pgettext_lazy("task status", "Done")


OPEN_TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.OVERDUE]
