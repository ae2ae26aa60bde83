"""Who a signed-in user is in the county's organisation: their bodies and roles."""

from agencies.choices import BodyKind, Role
from agencies.models import Membership
from agencies.permissions import user_memberships

AGENCY_KINDS = {
    BodyKind.COURT,
    BodyKind.TRIBUNAL,
    BodyKind.PROCURATORATE,
    BodyKind.POLICE_BUREAU,
    BodyKind.POLICE_STATION,
    BodyKind.JUSTICE_BUREAU,
    BodyKind.PETITIONS_BUREAU,
    BodyKind.DEPARTMENT,
    BodyKind.MASS_ORGANISATION,
}


def primary_membership(user) -> Membership | None:
    """The membership the header shows and the home page dispatches on (cached on the user)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_primary_membership"):
        # The same rows as the permissions read (one query per request for both).
        memberships = sorted(user_memberships(user), key=lambda m: (not m.is_primary, m.pk))
        user._primary_membership = memberships[0] if memberships else None
    return user._primary_membership


def user_display_name(user) -> str:
    """The name the header shows: 陈桂兰 for Chinese names (family name first, no space), else Django's."""
    family, given = user.last_name.strip(), user.first_name.strip()
    if any("\u4e00" <= char <= "\u9fff" for char in family + given):
        return f"{family}{given}"
    return user.get_full_name() or user.get_username()


def user_kind(user) -> str:
    """The broad kind of work a user does, which decides their landing page and navigation."""
    if not user.is_authenticated:
        return "public"
    membership = primary_membership(user)
    if membership is None:
        return "admin" if user.is_superuser else "none"
    if membership.role == Role.LEADER or membership.body.kind in (BodyKind.LEADERSHIP, BodyKind.CONGRESS):
        return "leader"
    if membership.role == Role.GRID_WORKER:
        return "grid"
    if membership.body.kind in AGENCY_KINDS:
        return "agency"
    return "mediation"


def kind_required(*kinds: str):
    """A view decorator: signed in, and of one of the kinds of user the page is meant for."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if user_kind(request.user) not in kinds and not request.user.is_superuser:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
