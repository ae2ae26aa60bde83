import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
