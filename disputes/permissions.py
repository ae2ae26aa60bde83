"""The readable map of who may make which transition of a dispute (DESIGN.md §3, §5).

Actors:
  HOLDER       staff of the body now holding the dispute (not read-only roles such as leaders)
  CENTRE       staff of the county dispute-resolution centre (supervision: escalate, refer, reopen,
               pause and resume a clock)
  COURT        staff of the holding body when that body is a court or people's tribunal
  LEAD_AGENCY  staff of the lead body of the pending referral (report in, or return)
The system (the deadline sweep, escalating a dispute whose ladder tier ran out of time) acts without a
user and is not checked here.
"""

from agencies.choices import BodyKind
from agencies.permissions import COURT_KINDS, acting_body_ids, is_centre_staff

HOLDER, CENTRE, COURT, LEAD_AGENCY = "holder", "centre", "court", "lead_agency"

TRANSITION_ACTORS: dict[str, set[str]] = {
    "assess": {HOLDER},
    "prevent": {HOLDER},
    "close_prevented": {HOLDER},
    "start_mediation": {HOLDER},
    "escalate": {HOLDER, CENTRE},
    "refer": {HOLDER, CENTRE},
    "accept_referral": {LEAD_AGENCY},
    "return_referral": {LEAD_AGENCY},
    "close_handled": {HOLDER},
    "record_agreement": {HOLDER},
    "apply_confirmation": {HOLDER},
    "confirm": {COURT},
    "reject_confirmation": {COURT},
    "start_follow_up": {HOLDER},
    "close_fulfilled": {HOLDER},
    "report_default": {HOLDER},
    "refer_to_court": {HOLDER},
    "court_accept": {COURT},
    "court_delegate": {COURT},
    "court_file": {COURT},
    "court_conclude": {COURT},
    "withdraw": {HOLDER},
    "decline": {HOLDER},
    "reopen": {CENTRE},
    "pause_clock": {HOLDER, CENTRE},
    "resume_clock": {HOLDER, CENTRE},
}


def is_holder_staff(dispute, user) -> bool:
    """Does the user act for the body holding the dispute? The one "holder staff" rule: transitions,
    mediation records, evidence, unmasked data and the pages' buttons all ask this."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or dispute.holder_id in acting_body_ids(user))


def _is_actor(actor: str, dispute, user) -> bool:
    if actor == HOLDER:
        return is_holder_staff(dispute, user)
    if actor == CENTRE:
        return is_centre_staff(user)
    if actor == COURT:
        return is_holder_staff(dispute, user) and dispute.holder.kind in COURT_KINDS
    if actor == LEAD_AGENCY:
        lead = dispute.pending_lead_referral
        return lead is not None and lead.body_id in acting_body_ids(user)
    raise ValueError(actor)


def may(transition_name: str):
    """The permission= callable of a transition: does this user play one of its actors?"""
    actors = TRANSITION_ACTORS[transition_name]

    def check(dispute, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return any(_is_actor(actor, dispute, user) for actor in actors)

    check.__name__ = f"may_{transition_name}"
    return check


_permission_ids: dict[str, int] = {}


def dispute_permission_id(codename: str) -> int:
    """The id of a dispute permission (view_dispute, change_dispute), read once per process: grants are
    filtered by this constant, not by a join to auth_permission on the codename."""
    if codename not in _permission_ids:
        from django.contrib.auth.models import Permission

        _permission_ids.update(
            Permission.objects.filter(
                content_type__app_label="disputes", content_type__model="dispute"
            ).values_list("codename", "pk")
        )
    return _permission_ids[codename]


def dispute_permission_ids_forget(**kwargs) -> None:
    """After migrations (a test database, a fresh install) the ids are read again."""
    _permission_ids.clear()


# Bodies that watch or report but take no referrals.
NOT_REFERABLE_KINDS = {BodyKind.LEADERSHIP, BodyKind.CONGRESS, BodyKind.GRID_STATION}


def referable_bodies():
    """Bodies a dispute may be referred to (called in by the whistle): agencies, courts, committees."""
    from agencies.models import Body

    return Body.objects.filter(is_active=True).exclude(kind__in=NOT_REFERABLE_KINDS)
