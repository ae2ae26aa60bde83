from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from supervision.choices import AWAITING_REPLY, SuggestionKind, SuggestionStatus
from supervision.querysets import SuggestionQuerySet
from supervision.workflow import SuggestionWorkflow

__all__ = ["AppendOnlyError", "Suggestion", "SuggestionDocument", "SuggestionEvent", "SuggestionPolicy"]


class AppendOnlyError(Exception):
    pass


class SuggestionPolicy(models.Model):
    """How long a body has to reply to a suggestion 建议答复期限 (admin-editable; default two months)."""

    kind = models.CharField(_("kind"), max_length=20, choices=SuggestionKind.choices, unique=True)
    reply_months = models.PositiveSmallIntegerField(_("months to reply"), default=2)
    reply_days = models.PositiveSmallIntegerField(
        _("further days to reply"), default=0, help_text=_("Calendar days added to the months.")
    )

    class Meta:
        verbose_name = _("suggestion reply policy")
        verbose_name_plural = _("suggestion reply policies")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Suggestion(SuggestionWorkflow, FSMModelMixin, models.Model):
    """A judicial or procuratorial suggestion 司法建议 / 检察建议 sent to a body, which must reply."""

    kind = models.CharField(_("kind"), max_length=20, choices=SuggestionKind.choices)
    reference = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("The issuer's own number (文号).")
    )
    issuer = models.ForeignKey(
        "agencies.Body", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        "agencies.Body",
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        related_name="suggestions_received",
    )
    title = models.CharField(_("title"), max_length=120)
    problem = models.TextField(_("problem found"))
    suggestion = models.TextField(_("suggestion"))
    disputes = models.ManyToManyField(
        "disputes.Dispute", verbose_name=_("disputes cited"), blank=True, related_name="suggestions"
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.DRAFTED,
        protected=True,
    )
    due_at = models.DateTimeField(_("reply due"), null=True, blank=True)
    reply = models.TextField(_("measures taken"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="suggestion_recipient"),
            models.Index(fields=["issuer", "-id"], name="suggestion_issuer"),
            models.Index(fields=["issued_at"], name="suggestion_issued"),
            # The sweep reads only suggestions waiting for their reply whose clock has run out.
            models.Index(
                fields=["due_at"], name="suggestion_open_due", condition=models.Q(status__in=AWAITING_REPLY)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SuggestionEvent(models.Model):
    """One entry of a suggestion's timeline 办理记录: who did what, from which state to which. Append-only."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_body = models.ForeignKey(
        "agencies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SuggestionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["suggestion", "created_at"], name="suggestion_event_timeline")]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.action} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The timeline is append-only: events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The timeline is append-only: events are never deleted.")


def document_path(instance, filename: str) -> str:
    return f"supervision/suggestions/{instance.suggestion_id}/{filename}"


class SuggestionDocument(models.Model):
    """A document attached to the reply to a suggestion 答复附件 (the rectification report, a notice)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply document")
        verbose_name_plural = _("reply documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
