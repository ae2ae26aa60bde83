"""Who sees early warnings and who handles them (the readable map, DESIGN.md §5).

  county centre staff    see every warning; acknowledge and handle them
  leaders                see the warnings of their region (leadership, People's Congress, any leader
                         role); read-only
  joint meeting members  see the warnings the joint meeting was told of (alerts/conf.py); read-only
  holder body staff      see the warnings of the disputes their body holds (on the dispute page and
                         the warning's own page); read-only
Everyone else sees none: a warning outside a user's scope answers 404, and the warnings page 403.
"""

from django.db.models import Exists, OuterRef, Q

from agencies.choices import BodyKind, Role
from agencies.permissions import READ_ONLY_ROLES, acting_body_ids, is_centre_staff, user_memberships
from alerts.conf import joint_meeting_body_kinds

LEADER_BODY_KINDS = {BodyKind.LEADERSHIP, BodyKind.CONGRESS}


def leader_region_codes(user) -> list[str]:
    return sorted(
        {
            m.body.region.code
            for m in user_memberships(user)
            if m.role == Role.LEADER or m.body.kind in LEADER_BODY_KINDS
        }
    )


def is_joint_meeting_member(user) -> bool:
    kinds = set(joint_meeting_body_kinds())
    return any(m.body.kind in kinds and m.role not in READ_ONLY_ROLES for m in user_memberships(user))


def may_act_on_warnings(user) -> bool:
    return getattr(user, "is_authenticated", False) and (user.is_superuser or is_centre_staff(user))


def may_open_warnings_page(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return may_act_on_warnings(user) or bool(leader_region_codes(user)) or is_joint_meeting_member(user)


def warning_scope(user, *, with_holder: bool = True) -> Q | None:
    """The warnings a user may see, as a filter; None means all of them."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if may_act_on_warnings(user):
        return None
    from disputes.models import Dispute

    scope = Q(pk__in=[])
    for code in leader_region_codes(user):
        scope |= Q(region__code__startswith=code)
    if is_joint_meeting_member(user):
        scope |= Q(joint_meeting=True)
    bodies = acting_body_ids(user)
    if with_holder and bodies:
        held = Dispute.objects.filter(warnings=OuterRef("pk"), holder_id__in=bodies)
        scope |= Q(Exists(held))
    return scope
