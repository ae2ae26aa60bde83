"""The deadline sweep's warnings and breaches: who is told that a clock ran out."""

from disputes.models import DeadlineBreach, Dispute, Referral
from notifications.choices import NotificationKind
from notifications.messages import both_languages
from notifications.models import Notification
from notifications.recipients import staff_user_ids
from notifications.services.writing import Notice, dispute_params, notify_users


def notify_for_deadline(
    *, signal_name: str, dispute_id: int, referral_id: int | None = None, kind: str = "", breach_id=None
) -> list[Notification]:
    """A deadline warning or breach: the staff of the responsible body and of its supervisor (its parent).

    The responsible body is the referral's body for a referral's clock, else the dispute's holder.
    """
    dispute = Dispute.objects.select_related("holder").filter(pk=dispute_id).first()
    if dispute is None:
        return []
    referral = (
        Referral.objects.select_related("body").filter(pk=referral_id, dispute=dispute).first()
        if referral_id
        else None
    )
    responsible = referral.body if referral is not None else dispute.holder
    # The clock that passed: a dispute runs several (the ladder's, a statutory limit beside it).
    breach = DeadlineBreach.objects.filter(pk=breach_id).only("due_at").first() if breach_id else None
    if breach is not None:
        due = breach.due_at
    else:
        due = referral.report_by if referral is not None else dispute.due_at
    notice_kind = (
        NotificationKind.DEADLINE_BREACHED
        if signal_name == "deadline_breached"
        else NotificationKind.DEADLINE_WARNING
    )
    notice = Notice(
        notice_kind,
        {
            **dispute_params(dispute),
            "body": both_languages(responsible),
            "due": due.isoformat() if due else None,
            "clock": kind,
        },
        dispute_id=dispute.pk,
        referral_id=referral.pk if referral is not None else None,
    )
    user_ids = staff_user_ids(body_ids=[responsible.pk, responsible.parent_id])
    source_key = (
        f"{signal_name}:{breach_id}"
        if breach_id is not None
        else f"{signal_name}:{dispute.pk}:{referral_id or ''}:{kind}:{due.isoformat() if due else ''}"
    )[:80]
    return notify_users(notices=dict.fromkeys(user_ids, notice), source_key=source_key)
