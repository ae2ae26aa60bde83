"""The audit trail of personal data: every time a user unmasks a dispute's parties, one row and one log line.

DESIGN.md §5: personal data is masked by default for everyone but the holder's staff and the county
centre; anyone else who may act on a dispute can reveal it on purpose, and that is recorded.
"""

import logging

from agencies.permissions import acting_body_ids, is_read_only, sees_personal_data
from disputes.models import PersonalDataView
from linze.audit import Actor, audit_record
from linze.models import AuditRecord

logger = logging.getLogger("linze.audit")


def personal_data_may_reveal(user, *, holder_id: int | None) -> bool:
    """May this user unmask the parties of a dispute they can see? Everyone who acts for a body may;
    read-only roles (leaders, the People's Congress) never do: they work with masked data only."""
    if sees_personal_data(user, holder_id=holder_id):
        return True
    return bool(acting_body_ids(user)) and not is_read_only(user)


def personal_data_view_record(*, user, dispute, ip_address: str | None = None) -> PersonalDataView:
    """Records that `user` unmasked the parties of `dispute` (the caller has loaded it through
    restrict(), so the user may see it) and writes the same fact to the log."""
    acting = acting_body_ids(user)
    body_id = dispute.holder_id if dispute.holder_id in acting else min(acting, default=None)
    view = PersonalDataView.objects.create(
        user=user, body_id=body_id, dispute=dispute, ip_address=ip_address or None
    )
    audit_record(
        action=AuditRecord.Action.UNMASK,
        subject="disputes.dispute",
        object_id=dispute.pk,
        summary=dispute.code,
        details={"body": body_id, "view": view.pk},
        actor=Actor(user.pk, user.get_username(), ip_address or None),
    )
    # The JSON log formatter keeps only the message: the facts go into it.
    logger.info(
        "personal data revealed: dispute=%s user=%s body=%s view=%s",
        dispute.code,
        user.get_username(),
        body_id,
        view.pk,
    )
    return view
