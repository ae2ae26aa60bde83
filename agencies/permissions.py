"""Who a user acts for. Every restrict() and permission check in the apps reads these, cached per user."""

from agencies.choices import BodyKind, Role

# Bodies whose members read everything in their body's region without a grant per dispute.
REGION_READ_KINDS = {BodyKind.LEADERSHIP, BodyKind.CONGRESS, BodyKind.COUNTY_CENTRE, BodyKind.TOWN_CENTRE}
# Roles that only watch or advise: they never act on a dispute, nor for their body. A grid's legal
# liaison (三官一师) reads only the disputes they are asked about, granted to them in person.
READ_ONLY_ROLES = {Role.LEADER, Role.LIAISON}
COURT_KINDS = {BodyKind.COURT, BodyKind.TRIBUNAL}


def user_memberships(user) -> list:
    """The user's memberships with their bodies and regions, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_linze_memberships", None)
    if cached is None:
        from agencies.models import Membership

        cached = list(Membership.objects.filter(user=user).select_related("body__region"))
        user._linze_memberships = cached
    return cached


def acting_body_ids(user) -> frozenset[int]:
    """The bodies the user may act for (every membership but read-only roles)."""
    return frozenset(m.body_id for m in user_memberships(user) if m.role not in READ_ONLY_ROLES)


def region_read_regions(user) -> list:
    """The regions in which the user reads every dispute (leaders, People's Congress, centres)."""
    regions = {
        m.body.region_id: m.body.region for m in user_memberships(user) if m.body.kind in REGION_READ_KINDS
    }
    return [regions[pk] for pk in sorted(regions)]


def is_read_only(user) -> bool:
    memberships = user_memberships(user)
    return bool(memberships) and all(m.role in READ_ONLY_ROLES for m in memberships)


def is_centre_staff(user) -> bool:
    return any(
        m.body.kind == BodyKind.COUNTY_CENTRE and m.role not in READ_ONLY_ROLES
        for m in user_memberships(user)
    )


def sees_personal_data(user, *, holder_id: int | None) -> bool:
    """Unmasked names, ID numbers and phones: the current holder's staff and the county centre only."""
    if user.is_superuser:
        return True
    return holder_id in acting_body_ids(user) or is_centre_staff(user)


def court_body_ids(user) -> frozenset[int]:
    """The courts and people's tribunals the user acts for."""
    return frozenset(
        m.body_id
        for m in user_memberships(user)
        if m.role not in READ_ONLY_ROLES and m.body.kind in COURT_KINDS
    )


def is_court_staff(user) -> bool:
    return bool(user.is_superuser or court_body_ids(user))


def member_county_ids(user) -> frozenset[int]:
    """The counties the user's bodies are in (region codes are prefix-hierarchical: a county's is the
    first six digits of every code below it), read once per user object from the regions' table."""
    cached = getattr(user, "_linze_county_ids", None)
    if cached is None:
        from agencies.choices import RegionKind
        from agencies.tables import REGIONS

        codes = {m.body.region.code[:6] for m in user_memberships(user)}
        regions = REGIONS.rows() if codes else ()
        cached = frozenset(r.pk for r in regions if r.kind == RegionKind.COUNTY and r.code in codes)
        user._linze_county_ids = cached
    return cached


def is_liaison(user) -> bool:
    """Does the user serve as a grid's legal liaison 三官一师 (a membership with the liaison role)? Such a
    user may also read the disputes they were asked about (a grant to the user, not to their body)."""
    from agencies.choices import Role

    return any(m.role == Role.LIAISON for m in user_memberships(user))
