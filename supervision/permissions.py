"""Who may see and do what with the supervision instruments: the readable map (DESIGN.md §5).

| who | sees | does |
| --- | --- | --- |
| the issuer's staff (court, tribunal, procuratorate) | its suggestions, drafts too | draft, issue, close |
| the receiving body's staff | suggestions sent to it (not drafts) | receive, reply |
| leaders (leadership, People's Congress) of the region | sent suggestions to its bodies | nothing |
| anyone else | nothing: 404 | nothing |

Major decisions: the registering department's staff (register, assess, link disputes), the county
centre (review: approve), the region's leaders (read); others 404. Joint meeting alerts: the joint
meeting's members (schedule, record, assign, close), a body with a task (its task), the region's
leaders (read); others 404. Legal education: the justice bureau and judicial offices record sessions;
leaders and centres read them.
"""

from agencies.choices import BodyKind, Role
from agencies.permissions import COURT_KINDS, READ_ONLY_ROLES, acting_body_ids, user_memberships
from supervision.choices import SuggestionKind

LEADER_KINDS = {BodyKind.LEADERSHIP, BodyKind.CONGRESS}
ISSUER_KIND_OF_BODY = {
    BodyKind.COURT: SuggestionKind.JUDICIAL,
    BodyKind.TRIBUNAL: SuggestionKind.JUDICIAL,
    BodyKind.PROCURATORATE: SuggestionKind.PROCURATORIAL,
}
# Who registers major decisions, and who holds legal education sessions.
DECISION_KINDS = {BodyKind.DEPARTMENT, BodyKind.TOWN_CENTRE, BodyKind.JUSTICE_BUREAU, BodyKind.POLICE_BUREAU}
EDUCATION_KINDS = {BodyKind.JUSTICE_BUREAU, BodyKind.JUDICIAL_OFFICE}
# Bodies a suggestion is not sent to: they watch (leaders, the People's Congress) or only report.
NOT_RECIPIENT_KINDS = {*LEADER_KINDS, BodyKind.GRID_STATION}


def leader_regions(user) -> list:
    """The regions whose sent suggestions the user reads as a leader (read-only)."""
    regions = {
        m.body.region_id: m.body.region
        for m in user_memberships(user)
        if m.body.kind in LEADER_KINDS or m.role == Role.LEADER
    }
    return [regions[pk] for pk in sorted(regions)]


def issuing_bodies(user) -> list:
    """The courts, tribunals and procuratorates the user may issue suggestions for."""
    return [
        m.body
        for m in user_memberships(user)
        if m.role not in READ_ONLY_ROLES and m.body.kind in ISSUER_KIND_OF_BODY and m.body.is_active
    ]


def may_issue(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and issuing_bodies(user))


def is_issuer_staff(suggestion, user) -> bool:
    return bool(user is not None and suggestion.issuer_id in acting_body_ids(user))


def is_recipient_staff(suggestion, user) -> bool:
    return bool(user is not None and suggestion.recipient_id in acting_body_ids(user))


def is_joint_meeting_member(user) -> bool:
    """Staff (not leaders) of a body of the joint meeting 联席会议 (alerts/conf.py)."""
    from alerts.conf import joint_meeting_body_kinds

    kinds = set(joint_meeting_body_kinds())
    return any(m.body.kind in kinds and m.role not in READ_ONLY_ROLES for m in user_memberships(user))


def decision_departments(user) -> list:
    """The bodies the user may register major decisions for: departments and town governments' centres."""
    return [
        m.body
        for m in user_memberships(user)
        if m.role not in READ_ONLY_ROLES and m.body.kind in DECISION_KINDS and m.body.is_active
    ]


def education_bodies(user) -> list:
    """The justice bureau and judicial offices the user records legal education sessions for."""
    return [
        m.body
        for m in user_memberships(user)
        if m.role not in READ_ONLY_ROLES and m.body.kind in EDUCATION_KINDS and m.body.is_active
    ]


def uses_supervision(user) -> bool:
    """Whether the supervision pages are in the user's navigation: issuers, leaders, and every acting body
    (any of them may receive a suggestion)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or acting_body_ids(user) or leader_regions(user))


__all__ = [
    "COURT_KINDS",
    "ISSUER_KIND_OF_BODY",
    "decision_departments",
    "education_bodies",
    "is_issuer_staff",
    "is_joint_meeting_member",
    "is_recipient_staff",
    "issuing_bodies",
    "leader_regions",
    "may_issue",
    "uses_supervision",
]
