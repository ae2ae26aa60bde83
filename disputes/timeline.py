"""The one recorder of a dispute's timeline (DESIGN.md §3, rule 2).

Every row of `DisputeEvent` is written here — registrations, transitions, and the records that do not
move the dispute (a session, an agreement drafted, a follow-up visit, evidence, a supporting body's
answer to a referral) — and every one is announced with `disputes.signals.dispute_changed` once the
transaction that wrote it commits. Listeners therefore hear of each event exactly once, and never of a
rolled-back one.
"""

from django.db import transaction

from disputes.models import Dispute, DisputeEvent
from disputes.signals import dispute_changed

__all__ = ["event_record"]


def event_record(
    *,
    dispute: Dispute,
    actor,
    actor_body,
    transition: str,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str = "",
    payload: dict | None = None,
) -> DisputeEvent:
    """Writes one timeline row and, after the commit, sends `dispute_changed` with its id and the row
    itself (its `dispute` the instance given here, as the transaction left it).

    Precondition: runs inside the `transaction.atomic()` of the change it records (normally with the
    dispute's row locked), so that the change and its record commit or roll back together; outside an
    atomic block it refuses with RuntimeError and writes nothing. `from_status` and `to_status` default
    to the dispute's status: a record that does not move the dispute.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of the change it records")
    event = DisputeEvent.objects.create(
        dispute=dispute,
        actor=actor,
        actor_body=actor_body,
        transition=transition,
        from_status=dispute.status if from_status is None else from_status,
        to_status=dispute.status if to_status is None else to_status,
        note=note,
        payload=payload or {},
    )
    dispute_id, event_id = dispute.pk, event.pk
    transaction.on_commit(_work_counts_epoch_move)
    transaction.on_commit(
        lambda: dispute_changed.send(sender=Dispute, dispute_id=dispute_id, event_id=event_id, event=event)
    )
    return event


def _work_counts_epoch_move() -> None:
    from disputes.work_counts import epoch_move

    epoch_move()
