"""The supervision sweep: suggestions not replied to by their deadline are marked overdue, once, and
the issuer and the receiving body's head are told; joint meeting tasks past their deadline are marked
overdue on the meeting's timeline (the partial index meeting_task_open_due).

Cost: the pass reads the partial index suggestion_open_due (issued or received, by due date), so it
touches only the suggestions that are due, never the whole table. Safety: each row is handled in its
own transaction, locked with skip_locked and re-checked under the lock; a row marked overdue no longer
matches, so running the sweep twice (or twice at once) marks nothing twice, and a worker killed mid-run
loses only the row in hand.
"""

from django.utils import timezone

from supervision.choices import AWAITING_REPLY, TaskStatus
from supervision.models import JointMeetingTask, Suggestion
from supervision.services import meeting_task_mark_overdue, suggestion_mark_overdue

BATCH = 500


def supervision_sweep_run(*, now=None) -> dict:
    now = now or timezone.now()
    marked, after = 0, 0
    while True:
        ids = list(
            Suggestion.objects.filter(status__in=AWAITING_REPLY, due_at__lte=now, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        marked += sum(suggestion_mark_overdue(suggestion_id=pk, now=now) for pk in ids)
        after = ids[-1]
    tasks, after = 0, 0
    while True:
        ids = list(
            JointMeetingTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        tasks += sum(meeting_task_mark_overdue(task_id=pk, now=now) for pk in ids)
        after = ids[-1]
    return {"suggestions_overdue": marked, "tasks_overdue": tasks}
