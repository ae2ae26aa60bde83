"""What the instruments' steps share: the refusal of a wrong state, of the wrong person, of a guard."""

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agencies.permissions import acting_body_ids
from linze.exceptions import Conflict


def check_step(obj, name: str) -> None:
    """Raises Conflict (with the reason) unless transition `name` may run from where `obj` stands."""
    method = getattr(obj, name)
    if not can_proceed(method, check_conditions=False):
        raise Conflict(
            _("This is now “%(status)s”; that action is not possible from there.")
            % {"status": obj.get_status_display()}
        )
    transition = method._django_fsm.get_transition(obj.status)
    for condition in transition.conditions or []:
        if not condition(obj):
            raise Conflict(condition.message)


def acting_body(user, *candidates):
    """The first candidate body the user acts for, else None."""
    acting = acting_body_ids(user)
    return next((body for body in candidates if body is not None and body.pk in acting), None)
