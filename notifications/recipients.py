"""Who is told: the working staff of bodies. Read-only roles (leaders) are never notified of casework."""

from agencies.models import Membership
from agencies.permissions import READ_ONLY_ROLES


def staff_user_ids(*, body_ids) -> set[int]:
    """Active users acting for any of these bodies."""
    body_ids = [pk for pk in body_ids if pk is not None]
    if not body_ids:
        return set()
    return set(
        Membership.objects.filter(body_id__in=body_ids, user__is_active=True)
        .exclude(role__in=READ_ONLY_ROLES)
        .values_list("user_id", flat=True)
    )


def staff_user_ids_of_kinds(*, kinds) -> set[int]:
    """Active users acting for any active body of these kinds."""
    return set(
        Membership.objects.filter(body__kind__in=list(kinds), body__is_active=True, user__is_active=True)
        .exclude(role__in=READ_ONLY_ROLES)
        .values_list("user_id", flat=True)
    )
