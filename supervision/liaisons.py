"""Asking a grid's legal liaisons 三官一师 about a dispute, and recording their guidance.

Only the liaisons of the grid asked may read the dispute: the grant goes to them in person
(disputes.services.dispute_grant_user_view), never to their bodies. Both steps are written on the
dispute's timeline by its one recorder (disputes.timeline.event_record), under the dispute's lock.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.models import GridLiaison
from agencies.selectors import grid_liaisons, grids_of
from disputes.models import DisputeUserObjectPermission
from disputes.permissions import dispute_permission_id, is_holder_staff
from disputes.services import dispute_grant_user_view, dispute_lock
from disputes.timeline import event_record
from linze.exceptions import Conflict, NotPermitted
from notifications.choices import NotificationKind
from notifications.services import Notice, notify_users
from notifications.services.writing import dispute_params

__all__ = ["liaison_guidance_record", "liaison_of", "liaisons_ask"]


def liaisons_ask(*, dispute_id: int, user, grid_id, note: str = ""):
    """The holder's staff ask one grid's liaisons for legal guidance; they may then read the dispute."""
    with transaction.atomic():
        dispute = dispute_lock(dispute_id=dispute_id, user=user)
        if not is_holder_staff(dispute, user):
            raise NotPermitted(
                _("Only the staff of the body holding this dispute may ask the grid liaisons.")
            )
        grids = {grid.pk: grid for grid in grids_of(dispute.region)}
        try:
            grid = grids[int(grid_id)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"grid": [_("Choose a grid cell of the place where the dispute arose.")]}
            ) from None
        liaisons = grid_liaisons(grid_id=grid.pk)
        if not liaisons:
            raise Conflict(_("No liaisons are attached to this grid cell yet; ask the administrator."))
        user_ids = [liaison.user_id for liaison in liaisons]
        dispute_grant_user_view(dispute=dispute, user_ids=user_ids)
        event = event_record(
            dispute=dispute,
            actor=user,
            actor_body=dispute.holder,
            transition="ask_liaisons",
            note=(note or "").strip(),
            payload={"grid": grid.code, "liaisons": sorted(user_ids)},
        )
        notice = Notice(
            NotificationKind.LIAISON_ASKED,
            dispute_params(dispute),
            dispute_id=dispute.pk,
            link=reverse("supervision:liaisons", kwargs={"code": dispute.code}),
        )
        recipients = dict.fromkeys(set(user_ids) - {user.pk}, notice)
        transaction.on_commit(lambda: notify_users(notices=recipients, source_key=f"liaisons:{event.pk}"))
    return event


def liaison_of(dispute, user) -> GridLiaison | None:
    """The user's liaison post on a grid of the dispute's place, if they were asked about it."""
    if not getattr(user, "is_authenticated", False):
        return None
    granted = DisputeUserObjectPermission.objects.filter(
        user_id=user.pk, content_object_id=dispute.pk, permission_id=dispute_permission_id("view_dispute")
    ).exists()
    if not granted:
        return None
    return (
        GridLiaison.objects.filter(user=user, grid__code__startswith=dispute.region.code)
        .select_related("grid", "body")
        .first()
    )


def liaison_guidance_record(*, dispute_id: int, user, note: str):
    """A liaison's legal guidance 法律指导意见, on the dispute's timeline."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Write the guidance.")]})
    with transaction.atomic():
        dispute = dispute_lock(dispute_id=dispute_id, user=user)
        liaison = liaison_of(dispute, user)
        if liaison is None:
            raise NotPermitted(_("Only the liaisons asked about this dispute may record guidance on it."))
        return event_record(
            dispute=dispute,
            actor=user,
            actor_body=liaison.body,
            transition="liaison_guidance",
            note=note,
            payload={"grid": liaison.grid.code, "liaison": liaison.kind},
        )
