"""A cluster warning opens a joint-meeting alert whose tasks are tracked to completion by the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from agencies.models import Body, Region
from alerts import services as alerts_services
from alerts.models import Warning
from linze.exceptions import Conflict, NotPermitted
from notifications.models import Notification
from supervision import services
from supervision.models import JointMeeting, JointMeetingTask
from supervision.sweep import supervision_sweep_run
from tests.factories import register_dispute

pytestmark = pytest.mark.django_db
DAZHAI = "620723102201"


def _cluster(users, django_capture_on_commit_callbacks):
    """Disputes of one category in one village, enough for the shipped cluster rule."""
    from tests.linze.test_every_url import _warning_rules

    _warning_rules()
    with django_capture_on_commit_callbacks(execute=True):
        disputes = [register_dispute(user=users["mediator_xinhua"], region_code=DAZHAI) for _ in range(4)]
        for dispute in disputes:
            alerts_services.warnings_evaluate_dispute(dispute_id=dispute.pk)
    return Warning.objects.get(kind="cluster", joint_meeting=True)


def test_a_cluster_warning_opens_an_alert_whose_tasks_track_to_completion(
    linze, users, django_capture_on_commit_callbacks
):
    warning = _cluster(users, django_capture_on_commit_callbacks)
    meeting = JointMeeting.objects.get(warning=warning)
    assert meeting.status == "raised" and meeting.disputes.count() == warning.disputes.count()

    petitions, police = users["petitions"], users["police_shahe"]
    services.meeting_schedule(
        meeting_id=meeting.pk, user=petitions, meeting_at=timezone.now(), place="县综治中心"
    )
    members = Body.objects.filter(code__in=["county-centre", "petitions-bureau", "police-bureau"])
    services.meeting_hold(
        meeting_id=meeting.pk,
        user=petitions,
        decisions="分头稳控，限期化解",
        attendee_ids=[b.pk for b in members],
    )
    soon = timezone.now() + timedelta(days=3)
    police_task = services.meeting_task_assign(
        meeting_id=meeting.pk,
        user=petitions,
        body=Body.objects.get(code="shahe-police"),
        description="排查",
        due_at=soon,
    )
    xinhua_task = services.meeting_task_assign(
        meeting_id=meeting.pk, user=petitions, body=Body.objects.get(code="xinhua-committee"),
        description="调解",
        due_at=soon,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert supervision_sweep_run(now=soon + timedelta(minutes=1))["tasks_overdue"] == 2
    assert supervision_sweep_run(now=soon + timedelta(minutes=1))["tasks_overdue"] == 0
    told = Notification.objects.filter(kind="meeting_task_overdue").values_list(
        "recipient__username", flat=True
    )
    assert {"police_shahe", "mediator_xinhua", "petitions", "centre"} <= set(told)
    assert JointMeetingTask.objects.get(pk=police_task.pk).status == "overdue"
    with translation.override("en"), pytest.raises(Conflict, match="Every task must be done"):
        services.meeting_close(meeting_id=meeting.pk, user=petitions)
    with pytest.raises(NotPermitted):  # the police station may not report the committee's task
        services.meeting_task_complete(task_id=xinhua_task.pk, user=police, note="已完成")
    services.meeting_task_complete(task_id=police_task.pk, user=police, note="已排查")
    services.meeting_task_complete(task_id=xinhua_task.pk, user=users["mediator_xinhua"], note="已调解")
    closed = services.meeting_close(meeting_id=meeting.pk, user=petitions)
    assert closed.status == "closed"
    actions = list(closed.events.values_list("action", flat=True))
    assert actions[:4] == ["raise", "schedule", "hold", "assign_task"] and actions[-1] == "close"
    assert actions.count("task_overdue") == 2 and actions.count("complete_task") == 2


def test_the_petitions_bureau_raises_an_alert_by_hand(linze, users):
    region = Region.objects.get(code="620723102")
    meeting = services.meeting_raise(
        user=users["petitions"], title="集体讨薪", reason="多名农民工集体上访", region=region
    )
    assert meeting.raised_by.code == "petitions-bureau"
    with pytest.raises(NotPermitted):
        services.meeting_raise(user=users["mediator_xinhua"], title="x", reason="y", region=region)


@pytest.mark.parametrize(
    "username,expected",
    [("petitions", 200), ("centre", 200), ("leader", 200), ("shahe_task", 200), ("labour_dept", 404),
     ("court_clerk", 404), ("mediator_dongzhai", 404)],
)  # fmt: skip
def test_who_sees_a_joint_meeting_alert(linze, users, client, username, expected):
    region = Region.objects.get(code="620723102")
    meeting = services.meeting_raise(user=users["petitions"], title="集体讨薪", reason="上访", region=region)
    services.meeting_schedule(
        meeting_id=meeting.pk, user=users["petitions"], meeting_at=timezone.now(), place="县"
    )
    services.meeting_hold(
        meeting_id=meeting.pk, user=users["petitions"], decisions="分工",
        attendee_ids=[Body.objects.get(code="petitions-bureau").pk],
    )  # fmt: skip
    task = services.meeting_task_assign(
        meeting_id=meeting.pk, user=users["petitions"], body=Body.objects.get(code="shahe-police"),
        description="排查", due_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    user = users["police_shahe"] if username == "shahe_task" else users[username]
    client.force_login(user)
    assert client.get(f"/supervision/meetings/{meeting.pk}/").status_code == expected
    if expected == 404:
        for path in ("schedule/", "hold/", "tasks/", "close/"):
            assert client.post(f"/supervision/meetings/{meeting.pk}/{path}").status_code == 404, path
        assert client.post(f"/supervision/tasks/{task.pk}/done/").status_code == 404
