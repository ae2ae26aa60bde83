"""Who may see and do what with the supervision instruments: the readable map (DESIGN.md §5).

| who | sees | does |
| --- | --- | --- |
| the issuer's staff (court, tribunal, procuratorate) | its suggestions, drafts too | draft, issue, close |
| the receiving body's staff | suggestions sent to it (not drafts) | receive, reply |
| leaders (leadership, People's Congress) of the region | sent suggestions to its bodies | nothing |
| anyone else | nothing: 404 | nothing |
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


def uses_supervision(user) -> bool:
    """Whether the supervision pages are in the user's navigation: issuers, leaders, and every acting body
    (any of them may receive a suggestion)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or acting_body_ids(user) or leader_regions(user))


__all__ = [
    "COURT_KINDS",
    "ISSUER_KIND_OF_BODY",
    "is_issuer_staff",
    "is_recipient_staff",
    "issuing_bodies",
    "leader_regions",
    "may_issue",
    "uses_supervision",
]
