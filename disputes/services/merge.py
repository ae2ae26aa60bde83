"""The steps of `merge`: a dispute registered twice is closed into the one that goes on.

The surviving dispute is found by its code through restrict() (a code the user may not see is answered
as an unknown one), locked, and checked: not the same dispute, not closed, not itself merged. After the
transition it gets a record on its timeline, and the bodies that may view it get view of the merged
dispute, so that its timeline and parties stay readable from the surviving page.

Lock order: the merged dispute's row is locked first (by `dispute_transition`), the surviving one's
second, without waiting (NOWAIT): two clerks merging two disputes into each other at once would
otherwise wait on each other for ever; here the second is told to try again.
"""

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from agencies.models import Body
from disputes import transitions
from disputes.choices import Outcome, Status
from disputes.models import Dispute
from disputes.services.grants import dispute_grants_sync
from disputes.services.transitions import _acting_body
from disputes.timeline import event_record
from linze.exceptions import Conflict


def _surviving_locked(*, code: str, user) -> Dispute | None:
    visible = Dispute.objects.restrict(user, "view").filter(code=code)
    try:
        with transaction.atomic():  # a savepoint: a refused lock leaves the outer transaction usable
            pk = visible.select_for_update(nowait=True).values_list("pk", flat=True).first()
    except OperationalError:
        raise Conflict(
            _("The other dispute is being changed at this moment; try again."), code="stale"
        ) from None
    if pk is None:
        return None
    return Dispute.objects.select_related("holder").defer("search").get(pk=pk)


def _prepare_merge(dispute: Dispute, data: dict, user) -> dict:
    code = data["into"]
    if code == dispute.code:
        raise ValidationError({"into": _("A dispute cannot be merged into itself.")})
    surviving = _surviving_locked(code=code, user=user)
    if surviving is None:
        raise ValidationError(
            {"into": _("There is no dispute with the code %(code)s that you may see.") % {"code": code}}
        )
    if surviving.merged_into_id is not None or surviving.outcome == Outcome.MERGED:
        raise ValidationError(
            {
                "into": _("%(code)s was itself merged into another dispute: merge into that one instead.")
                % {"code": code}
            }
        )
    if surviving.status == Status.CLOSED:
        raise ValidationError(
            {"into": _("%(code)s is closed: a dispute can only be merged into an open one.") % {"code": code}}
        )
    return {"into": surviving, "note": data.get("note", "")}


def _apply_merge(dispute: Dispute, data: dict, user) -> dict:
    surviving = dispute.merged_into
    event_record(
        dispute=surviving,
        actor=user,
        actor_body=_acting_body(user, dispute.holder, surviving.holder),
        transition="merged_in",
        note=data.get("note", ""),
        payload={"merged": dispute.code},
    )
    # Whoever may view the surviving dispute may read the merged one's timeline and parties.
    # So may they the disputes merged into this one before (a chain of duplicates, a few rows at most).
    viewers = list(Body.objects.filter(pk__in=surviving.viewer_bodies).only("pk", "group_id"))
    dispute_grants_sync(dispute=dispute, also_view=viewers)
    earlier = list(Dispute.objects.filter(merged_into=dispute).select_related("holder").defer("search"))
    while earlier:
        for merged in earlier:
            dispute_grants_sync(dispute=merged, also_view=viewers)
        earlier = list(
            Dispute.objects.filter(merged_into__in=earlier).select_related("holder").defer("search")
        )
    return {"merged_into": surviving.code}


transitions.extend("merge", prepare=_prepare_merge, apply=_apply_merge)
