"""Joint meeting alerts 联席会议预警: raised by an early warning (cluster, mass dispute) or the petitions
bureau; the meeting scheduled and held (attendance, decisions); tasks to members tracked to completion."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from agencies.models import Body
from linze.exceptions import Conflict, NotPermitted
from supervision.choices import TaskStatus
from supervision.models import JointMeeting, JointMeetingTask, MeetingEvent
from supervision.permissions import is_joint_meeting_member
from supervision.services.common import acting_body, check_step


def _record(meeting, user, action, from_status, *, body=None, note="", payload=None):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a joint meeting's timeline is written inside the transaction of the change")
    MeetingEvent.objects.create(
        meeting=meeting,
        actor=user,
        actor_body=body,
        action=action,
        from_status=from_status,
        to_status=meeting.status,
        note=note,
        payload=payload or {},
    )


def _member_body(user):
    from agencies.permissions import acting_body_ids

    return Body.objects.filter(pk__in=acting_body_ids(user)).order_by("pk").first()


def meeting_raise(*, user, title: str, reason: str, region, disputes=()) -> JointMeeting:
    """The petitions bureau warns the joint meeting of widespread or sudden disputes."""
    bureau = next(
        (
            m.body
            for m in _memberships(user)
            if m.body.kind == BodyKind.PETITIONS_BUREAU and m.role != "leader"
        ),
        None,
    )
    if bureau is None and not user.is_superuser:
        raise NotPermitted(_("Only the petitions bureau raises an alert to the joint meeting by hand."))
    if not (title or "").strip() or not (reason or "").strip():
        raise ValidationError(_("Give the alert a title and say why it is raised."))
    with transaction.atomic():
        meeting = JointMeeting.objects.create(
            title=title.strip(), reason=reason.strip(), region=region, raised_by=bureau
        )
        meeting.disputes.set(list(disputes))
        _record(meeting, user, "raise", "", body=bureau)
    return meeting


def _memberships(user):
    from agencies.permissions import user_memberships

    return user_memberships(user)


def meeting_raise_from_warning(*, warning_id: int) -> JointMeeting | None:
    """The alert a joint-meeting warning (cluster, mass dispute) opens; once per warning."""
    from alerts.models import Warning

    warning = Warning.objects.filter(pk=warning_id, joint_meeting=True).select_related("region").first()
    if warning is None or JointMeeting.objects.filter(warning=warning).exists():
        return None
    try:
        with transaction.atomic():
            meeting = JointMeeting.objects.create(
                title=str(warning.get_kind_display()) + " · " + warning.region.display_name,
                reason=warning.message,
                region=warning.region,
                warning=warning,
            )
            meeting.disputes.set(list(warning.disputes.values_list("pk", flat=True)))
            _record(meeting, None, "raise", "", payload={"warning": warning.pk, "automatic": True})
    except IntegrityError:
        return None  # opened meanwhile by a concurrent receiver
    return meeting


def _locked(meeting_id: int, user) -> JointMeeting:
    try:
        return JointMeeting.objects.restrict(user).select_for_update().get(pk=meeting_id)
    except JointMeeting.DoesNotExist:
        raise Http404 from None


def _member_step(meeting_id: int, user, name: str, **kwargs) -> JointMeeting:
    meeting = _locked(meeting_id, user)
    if not (user.is_superuser or is_joint_meeting_member(user)):
        raise NotPermitted(_("Only the joint meeting's members may do that."))
    check_step(meeting, name)
    from_status = meeting.status
    getattr(meeting, name)(**kwargs)
    meeting.save()
    return meeting, from_status


def meeting_schedule(*, meeting_id: int, user, meeting_at, place: str) -> JointMeeting:
    if meeting_at is None or not (place or "").strip():
        raise ValidationError(_("Give the meeting's time and place."))
    with transaction.atomic():
        meeting, from_status = _member_step(
            meeting_id, user, "schedule", meeting_at=meeting_at, place=place.strip()
        )
        _record(meeting, user, "schedule", from_status, body=_member_body(user), note=place.strip())
    return meeting


def meeting_hold(*, meeting_id: int, user, decisions: str, attendee_ids) -> JointMeeting:
    """Records the meeting: the bodies that attended and what it decided."""
    decisions = (decisions or "").strip()
    attendees = list(Body.objects.filter(pk__in=[int(pk) for pk in attendee_ids or []]))
    if not decisions or not attendees:
        raise ValidationError(_("Record who attended and what the meeting decided."))
    with transaction.atomic():
        meeting, from_status = _member_step(meeting_id, user, "hold", decisions=decisions)
        meeting.attendees.set(attendees)
        _record(
            meeting, user, "hold", from_status, body=_member_body(user), note=decisions,
            payload={"attendees": sorted(b.pk for b in attendees)},
        )  # fmt: skip
    return meeting


def meeting_task_assign(*, meeting_id: int, user, body, description: str, due_at) -> JointMeetingTask:
    """A task for one body, with a deadline; only once the meeting is held."""
    description = (description or "").strip()
    if body is None or not description or due_at is None:
        raise ValidationError(_("Name the body, the task and its deadline."))
    with transaction.atomic():
        meeting = _locked(meeting_id, user)
        if not (user.is_superuser or is_joint_meeting_member(user)):
            raise NotPermitted(_("Only the joint meeting's members may do that."))
        if meeting.status != "held":
            raise Conflict(
                _("Tasks are assigned once the meeting has been held, and not after it is closed.")
            )
        task = JointMeetingTask.objects.create(
            meeting=meeting, body=body, description=description, due_at=due_at
        )
        _record(
            meeting, user, "assign_task", meeting.status, body=_member_body(user), note=description,
            payload={"task": task.pk, "body": body.code},
        )  # fmt: skip
    return task


def meeting_task_complete(*, task_id: int, user, note: str) -> JointMeetingTask:
    """The assigned body reports its task done (late tasks too)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what was done."))
    with transaction.atomic():
        task = JointMeetingTask.objects.select_for_update().filter(pk=task_id).first()
        if task is None or not JointMeeting.objects.restrict(user).filter(pk=task.meeting_id).exists():
            raise Http404
        if acting_body(user, task.body) is None and not user.is_superuser:
            raise NotPermitted(_("Only the staff of the body the task was given to may report it done."))
        if task.status == TaskStatus.DONE:
            raise Conflict(_("This task is already done."))
        task.status, task.done_at, task.done_note, task.done_by = TaskStatus.DONE, timezone.now(), note, user
        task.save()
        meeting = JointMeeting.objects.select_for_update().get(pk=task.meeting_id)
        _record(
            meeting,
            user,
            "complete_task",
            meeting.status,
            body=task.body,
            note=note,
            payload={"task": task.pk},
        )
    return task


def meeting_task_mark_overdue(*, task_id: int, now) -> bool:
    """The sweep's step on one task: True when it was marked overdue now (once)."""
    with transaction.atomic():
        task = (
            JointMeetingTask.objects.select_for_update(skip_locked=True)
            .filter(pk=task_id, status=TaskStatus.OPEN, due_at__lte=now)
            .first()
        )
        if task is None:
            return False
        task.status = TaskStatus.OVERDUE
        task.save(update_fields=["status"])
        meeting = JointMeeting.objects.get(pk=task.meeting_id)
        _tell(task, meeting, overdue=True)
        _record(
            meeting, None, "task_overdue", meeting.status, body=task.body,
            payload={"task": task.pk, "automatic": True},
        )  # fmt: skip
    return True


def _tell(task, meeting, *, overdue: bool, actor=None) -> None:
    """The assigned body's staff (and, when it is overdue, the joint meeting's members), after the commit."""
    from django.urls import reverse

    from alerts.conf import joint_meeting_body_kinds
    from notifications.choices import NotificationKind
    from notifications.messages import both_languages
    from notifications.recipients import staff_user_ids, staff_user_ids_of_kinds
    from notifications.services import Notice, notify_users

    users = staff_user_ids(body_ids=[task.body_id])
    if overdue:
        users |= staff_user_ids_of_kinds(kinds=joint_meeting_body_kinds())
    users -= {getattr(actor, "pk", None)}
    kind = NotificationKind.MEETING_TASK_OVERDUE if overdue else NotificationKind.MEETING_TASK
    params = {
        "meeting": meeting.title,
        "task": task.description[:200],
        "body": both_languages(task.body),
        "due_at": task.due_at.isoformat(),
    }
    notice = Notice(kind, params, link=reverse("supervision:meeting", kwargs={"pk": meeting.pk}))
    key = f"meeting_task:{task.pk}:{'overdue' if overdue else 'assigned'}"
    transaction.on_commit(lambda: notify_users(notices=dict.fromkeys(users, notice), source_key=key))


def meeting_close(*, meeting_id: int, user) -> JointMeeting:
    """Closes the alert once every task is done (refused with the reason otherwise)."""
    with transaction.atomic():
        meeting, from_status = _member_step(meeting_id, user, "close", now=timezone.now())
        _record(meeting, user, "close", from_status, body=_member_body(user))
    return meeting
