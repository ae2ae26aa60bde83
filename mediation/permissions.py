"""The readable map of who may keep which mediation record, and who reads the parties' particulars.

Records (sessions, agreements, follow-up visits) are kept by the staff of the body holding the dispute,
in the states where that record makes sense. The services enforce the same rules on the locked row;
these functions answer the question for the pages (which buttons to show) and say why not.
"""

from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from agencies.permissions import acting_body_ids, sees_personal_data
from disputes.choices import Status
from disputes.permissions import is_holder_staff

# Bodies the court may delegate a mediation to (委派调解): the people's mediation committees and the
# centres that host mediation rooms (the county centre's brand room among them). Grid stations find and
# report disputes; agencies and courts handle them in their own procedures.
DELEGATION_KINDS = (
    BodyKind.VILLAGE_COMMITTEE,
    BodyKind.TOWN_COMMITTEE,
    BodyKind.SECTOR_COMMITTEE,
    BodyKind.JUDICIAL_OFFICE,
    BodyKind.TOWN_CENTRE,
    BodyKind.COUNTY_CENTRE,
)

# The states in which a dispute is being mediated or handled: sessions and agreements are recorded.
MEDIATION_STATES = frozenset({Status.MEDIATING, Status.AGENCY_HANDLING, Status.COURT_MEDIATING})


def session_refusal(dispute, user) -> str | None:
    """Why this user may not log a mediation session on the dispute now, or None."""
    if not is_holder_staff(dispute, user):
        return _("Only the staff of the body holding this dispute may record its mediation.")
    if dispute.status not in MEDIATION_STATES:
        return _("Sessions can be logged only while the dispute is being mediated or handled.")
    return None


def agreement_refusal(dispute, user) -> str | None:
    """Why this user may not draft an agreement on the dispute now, or None."""
    if not is_holder_staff(dispute, user):
        return _("Only the staff of the body holding this dispute may record its mediation.")
    if dispute.status not in MEDIATION_STATES:
        return _("An agreement can be recorded only while the dispute is being mediated or handled.")
    return None


def follow_up_refusal(dispute, user) -> str | None:
    """Why this user may not record a follow-up visit now, or None."""
    if not is_holder_staff(dispute, user):
        return _("Only the staff of the body holding this dispute may record its mediation.")
    if dispute.status != Status.FULFILLING:
        return _("Follow-up visits are recorded while the agreement is being performed.")
    return None


def may_apply_confirmation(dispute, user) -> bool:
    """The holder's staff apply for judicial confirmation of an agreed dispute (guards checked on apply)."""
    return dispute.status == Status.AGREED and is_holder_staff(dispute, user)


def sees_particulars(dispute, user) -> bool:
    """Full names, ID numbers, phones and addresses on the printed documents: for those who may see them."""
    return sees_personal_data(user, holder_id=dispute.holder_id)


def delegation_refusal(body) -> str | None:
    """Why the court may not delegate a mediation to this body, or None."""
    if body.kind not in DELEGATION_KINDS or not body.is_active:
        return _(
            "%(body)s is not a mediation body: the court delegates mediation to a people's mediation "
            "committee (village, town or sector) or to a centre and its mediation rooms."
        ) % {"body": body.display_name}
    return None


def sees_ruling_particulars(dispute, confirmation, user) -> bool:
    """The ruling names the applicants in full for the court that made it (it serves the ruling on them),
    as well as for those who see the dispute's particulars anyway."""
    return sees_particulars(dispute, user) or confirmation.court_id in acting_body_ids(user)
