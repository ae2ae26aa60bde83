"""Who may view and change a dispute: object permissions of the bodies' groups."""

from django.contrib.auth.models import Permission

from agencies.models import Body
from disputes.models import Dispute, DisputeGroupObjectPermission


def _permission_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(
            content_type__app_label="disputes", codename__in=["view_dispute", "change_dispute"]
        ).values_list("codename", "pk")
    )


def dispute_grants_sync(*, dispute: Dispute, also_view: list[Body] = ()) -> None:
    """The holder's group may view and change; bodies that held or were called in keep view only."""
    perms = _permission_ids()
    holder_group = dispute.holder.group_id
    viewers = {holder_group, *(body.group_id for body in also_view)}
    rows = [
        DisputeGroupObjectPermission(group_id=g, permission_id=perms["view_dispute"], content_object=dispute)
        for g in viewers
    ]
    if dispute.is_open:
        rows.append(
            DisputeGroupObjectPermission(
                group_id=holder_group, permission_id=perms["change_dispute"], content_object=dispute
            )
        )
    DisputeGroupObjectPermission.objects.bulk_create(rows, ignore_conflicts=True)
    stale = DisputeGroupObjectPermission.objects.filter(
        content_object=dispute, permission_id=perms["change_dispute"]
    )
    if dispute.is_open:
        stale = stale.exclude(group_id=holder_group)
    stale.delete()
