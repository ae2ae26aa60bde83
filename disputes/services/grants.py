"""Who may view and change a dispute: object permissions of the bodies' groups."""

from django.db import connection

from agencies.models import Body
from disputes.models import Dispute
from disputes.permissions import dispute_permission_id

# One statement: the holder's group gets view (and change while the dispute is open), the groups of the
# bodies that held it or were called in keep view, and change leaves every group but the open holder's;
# the dispute's viewer_bodies gains the same bodies.
_SYNC = """
with viewers as (
    update disputes_dispute set viewer_bodies = array(
        select distinct body from unnest(viewer_bodies || %(bodies)s::integer[]) as body order by body)
     where id = %(dispute)s
), stale as (
    delete from disputes_disputegroupobjectpermission
     where content_object_id = %(dispute)s and permission_id = %(change)s
       and (not %(open)s or group_id <> %(holder)s)
)
insert into disputes_disputegroupobjectpermission (content_object_id, group_id, permission_id)
select %(dispute)s, grant_group, grant_permission
  from unnest(%(groups)s::integer[], %(permissions)s::integer[]) as rows(grant_group, grant_permission)
on conflict do nothing
"""


def dispute_grants_sync(*, dispute: Dispute, also_view: list[Body] = ()) -> None:
    """The holder's group may view and change; bodies that held or were called in keep view only."""
    view, change = dispute_permission_id("view_dispute"), dispute_permission_id("change_dispute")
    holder_group = dispute.holder.group_id
    bodies = sorted({dispute.holder_id, *(body.pk for body in also_view)})
    grants = {(group, view) for group in {holder_group, *(body.group_id for body in also_view)}}
    if dispute.is_open:
        grants.add((holder_group, change))
    groups, permissions = zip(*sorted(grants), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            _SYNC,
            {
                "dispute": dispute.pk,
                "bodies": bodies,
                "change": change,
                "open": dispute.is_open,
                "holder": holder_group,
                "groups": list(groups),
                "permissions": list(permissions),
            },
        )


def dispute_grant_user_view(*, dispute: Dispute, user_ids) -> None:
    """View of one dispute for these users in person, not their bodies (a grid's legal liaisons asked
    for guidance): guardian's direct user table, which restrict() reads for users with the liaison role."""
    from disputes.models import DisputeUserObjectPermission

    view = dispute_permission_id("view_dispute")
    DisputeUserObjectPermission.objects.bulk_create(
        [
            DisputeUserObjectPermission(content_object_id=dispute.pk, user_id=user_id, permission_id=view)
            for user_id in sorted(set(user_ids))
        ],
        ignore_conflicts=True,
    )
