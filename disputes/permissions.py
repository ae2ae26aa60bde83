"""The readable map of who may make which transition of a dispute (DESIGN.md §3, §5).

Actors:
  HOLDER       staff of the body now holding the dispute (not read-only roles such as leaders)
  CENTRE       staff of the county dispute-resolution centre (supervision: escalate, refer, reopen,
               pause and resume a clock)
  COURT        staff of the holding body when that body is a court or people's tribunal
  LEAD_AGENCY  staff of the lead body of the pending referral (report in, or return)
  NEXT_TIER    staff of the body on the ladder's next rung while the dispute sits at the grid tier: the
               village committee, which sees a grid report from the moment it comes in and may take it
A grid station holding a dispute (a grid worker's report) plays HOLDER only for GRID_STATION_TRANSITIONS:
a grid worker finds and reports, settles on the spot what is simple, and hands the rest up; the whistle,
the court and the rulings are for the mediation committees and the centre.
The system (the deadline sweep, escalating a dispute whose ladder tier ran out of time) acts without a
user and is not checked here.
"""

from agencies.choices import BodyKind
from agencies.permissions import COURT_KINDS, acting_body_ids, is_centre_staff
from disputes.choices import Tier

HOLDER, CENTRE, COURT, LEAD_AGENCY, NEXT_TIER = "holder", "centre", "court", "lead_agency", "next_tier"

TRANSITION_ACTORS: dict[str, set[str]] = {
    "assess": {HOLDER},
    "prevent": {HOLDER},
    "close_prevented": {HOLDER},
    "start_mediation": {HOLDER},
    "escalate": {HOLDER, CENTRE},
    "take_over": {NEXT_TIER},
    "refer": {HOLDER, CENTRE},
    # A running whistle: whoever holds it (the referring body, then the lead agency) or the centre.
    "add_support": {HOLDER, CENTRE},
    "accept_referral": {LEAD_AGENCY},
    "return_referral": {LEAD_AGENCY},
    "close_handled": {HOLDER},
    "record_agreement": {HOLDER},
    "apply_confirmation": {HOLDER},
    # The court accepts the application (受理) before it decides; the decision's clock starts then.
    "accept_confirmation": {COURT},
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
    # The same dispute registered twice: its holder or the centre closes one into the other.
    "merge": {HOLDER, CENTRE},
    "pause_clock": {HOLDER, CENTRE},
    "resume_clock": {HOLDER, CENTRE},
    # A time limit the law lets the body extend once: the holder records it with who approved it.
    "extend_clock": {HOLDER},
}

GRID_STATION_TRANSITIONS = {
    "assess",
    "prevent",
    "close_prevented",
    "start_mediation",
    "escalate",
    "record_agreement",
    "start_follow_up",
    "close_fulfilled",
    "withdraw",
    # A party away, an appraisal awaited: the grid worker says why, the centre sees it and may resume.
    "pause_clock",
    "resume_clock",
}


def is_holder_staff(dispute, user) -> bool:
    """Does the user act for the body holding the dispute? The one "holder staff" rule: transitions,
    mediation records, evidence, unmasked data and the pages' buttons all ask this."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or dispute.holder_id in acting_body_ids(user))


def _is_actor(actor: str, dispute, user, transition_name: str) -> bool:
    if actor == HOLDER:
        if transition_name not in GRID_STATION_TRANSITIONS and dispute.holder.kind == BodyKind.GRID_STATION:
            return False
        return is_holder_staff(dispute, user)
    if actor == CENTRE:
        return is_centre_staff(user)
    if actor == COURT:
        return is_holder_staff(dispute, user) and dispute.holder.kind in COURT_KINDS
    if actor == LEAD_AGENCY:
        lead = dispute.pending_lead_referral
        return lead is not None and lead.body_id in acting_body_ids(user)
    if actor == NEXT_TIER:
        from disputes.ladder import next_tier_holder  # the ladder's models import this module

        if dispute.tier != Tier.GRID:  # asked before the ladder is read: most disputes are not there
            return False
        body = next_tier_holder(dispute)
        return body is not None and body.pk in acting_body_ids(user)
    raise ValueError(actor)


def may(transition_name: str):
    """The permission= callable of a transition: does this user play one of its actors?"""
    actors = TRANSITION_ACTORS[transition_name]

    def check(dispute, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return any(_is_actor(actor, dispute, user, transition_name) for actor in actors)

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
