from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from supervision.choices import OPEN_TASK_STATUSES, MeetingStatus, TaskStatus
from supervision.models.events import AppendOnlyEvent
from supervision.querysets import MeetingQuerySet

__all__ = ["JointMeeting", "JointMeetingTask", "MeetingEvent"]


def _guard(message):
    def decorate(condition):
        condition.message = message
        return condition

    return decorate


@_guard(_("Every task must be done before the joint meeting's alert is closed."))
def tasks_done(meeting) -> bool:
    return not meeting.tasks.filter(status__in=OPEN_TASK_STATUSES).exists()


class JointMeeting(FSMModelMixin, models.Model):
    """An alert to the joint meeting 联席会议 on widespread or sudden disputes (raised by an early warning
    or the petitions bureau), the meeting it calls, who attended, what was decided and the tasks."""

    title = models.CharField(_("title"), max_length=160)
    reason = models.TextField(_("why it was raised"))
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    # The early warning (a cluster, a mass dispute) that raised it; none when the petitions bureau did.
    warning = models.OneToOneField(
        "alerts.Warning", verbose_name=_("early warning"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="joint_meeting_alert",
    )  # fmt: skip
    raised_by = models.ForeignKey(
        "agencies.Body", verbose_name=_("raised by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    disputes = models.ManyToManyField(
        "disputes.Dispute", verbose_name=_("disputes"), blank=True, related_name="+"
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.RAISED,
        protected=True,
    )
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    place = models.CharField(_("meeting place"), max_length=120, blank=True)
    attendees = models.ManyToManyField(
        "agencies.Body", verbose_name=_("bodies that attended"), blank=True, related_name="+"
    )
    decisions = models.TextField(_("decisions"), blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint meeting alert")
        verbose_name_plural = _("joint meeting alerts")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @transition(
        field="status", source=[MeetingStatus.RAISED, MeetingStatus.SCHEDULED], target=MeetingStatus.SCHEDULED
    )
    def schedule(self, *, meeting_at, place):
        self.meeting_at, self.place = meeting_at, place

    @transition(field="status", source=MeetingStatus.SCHEDULED, target=MeetingStatus.HELD)
    def hold(self, *, decisions):
        self.decisions = decisions

    @transition(
        field="status", source=MeetingStatus.HELD, target=MeetingStatus.CLOSED, conditions=[tasks_done]
    )
    def close(self, *, now):
        self.closed_at = now


class JointMeetingTask(models.Model):
    """A task the joint meeting gave one of its members, with a deadline the sweep watches."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.PROTECT, related_name="tasks")
    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("assigned to"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("task"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("joint meeting task")
        verbose_name_plural = _("joint meeting tasks")
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep reads only open tasks whose deadline has passed.
            models.Index(
                fields=["due_at"], name="meeting_task_open_due", condition=models.Q(status=TaskStatus.OPEN)
            ),
            models.Index(fields=["body", "status"], name="meeting_task_body"),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.description[:30]}"


class MeetingEvent(AppendOnlyEvent):
    """One entry of a joint meeting alert's timeline. Append-only."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.PROTECT, related_name="events")

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("joint meeting event")
        verbose_name_plural = _("joint meeting events")
