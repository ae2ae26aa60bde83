import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChoiceLabels:
    """A model's get_FOO_display() from a dict built once per field. Django's own builds the dict of the
    field's choices again at every call (about 8 µs), which a list of 26 rows with three such columns
    pays 78 times. Put it before models.Model in the bases."""

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = field._choice_labels = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: no choice has it
            label = value
        return force_str(label, strings_only=True)


class WorkerHeartbeat(models.Model):
    """A Celery worker's last heartbeat 心跳: proves beat → broker → worker → database."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    seen_at = models.DateTimeField(_("seen at"))
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class HolidayCalendarDay(models.Model):
    """A day of the State Council's holiday schedule 节假日安排: an official holiday or a swapped workday."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday (放假)")
        WORKING_DAY = "workday", _("swapped working day (调休上班)")

    day = models.DateField(
        _("date"),
        unique=True,
        error_messages={
            "unique": _("This date is already in the holiday calendar: edit that entry instead.")
        },
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("holiday"),
        max_length=40,
        blank=True,
        help_text=_(
            "The holiday's name as the notice gives it, e.g. 春节; "
            "for a working day, the holiday it is swapped for."
        ),
    )
    note = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday schedule day")
        verbose_name_plural = _("holiday calendar")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "workday"]), name="holiday_calendar_day_kind"
            ),
            # The clean() below says the same with the date in the message; these keep the table right
            # whatever writes to it. ISO weekdays 6 and 7 are Saturday and Sunday.
            models.CheckConstraint(
                condition=Q(kind="holiday") | Q(day__iso_week_day__gte=6),
                name="holiday_calendar_workday_on_weekend",
                violation_error_message=_("A swapped working day must fall on a Saturday or a Sunday."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="holiday") | ~Q(name=""),
                name="holiday_calendar_holiday_named",
                violation_error_message=_("Name the holiday, e.g. 春节."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()

    @property
    def is_workday(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY

    def clean(self) -> None:
        super().clean()
        if (
            self.kind == self.Kind.WORKING_DAY
            and isinstance(self.day, datetime.date)
            and self.day.weekday() < 5
        ):
            raise ValidationError(
                {
                    "kind": _(
                        "%(day)s is a weekday, and a weekday is a working day anyway: a swapped working day "
                        "(调休上班) must fall on a Saturday or a Sunday."
                    )
                    % {"day": self.day.isoformat()}
                }
            )
        if self.kind == self.Kind.HOLIDAY and not self.name.strip():
            raise ValidationError({"name": _("Name the holiday, e.g. 春节.")})


class AuditRecord(models.Model):
    """One entry of the audit log 审计日志 (linze/audit.py): a change to the portal's configuration, a
    sign-in, an export or an unmasking of personal data. Append-only in the database."""

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit action", "created")
        UPDATE = "update", pgettext_lazy("audit action", "changed")
        DELETE = "delete", pgettext_lazy("audit action", "deleted")
        LOGIN = "login", pgettext_lazy("audit action", "signed in")
        LOGOUT = "logout", pgettext_lazy("audit action", "signed out")
        LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "failed sign-in")
        EXPORT = "export", pgettext_lazy("audit action", "exported data")
        UNMASK = "unmask", pgettext_lazy("audit action", "revealed personal data")

    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject = models.CharField(
        _("about"), max_length=100, blank=True, help_text=_("The kind of record, as app.model.")
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    summary = models.CharField(_("record"), max_length=200, blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("A change: per field, [before, after]; otherwise the facts of the action."),
    )
    # No foreign key constraint: the log outlives the accounts it names, and the name is kept.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            models.Index(fields=["subject", "-at"], name="audit_subject_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["username", "-at"], name="audit_username_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()} {self.summary}"
