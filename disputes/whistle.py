"""Whom a referral (the whistle 吹哨) calls in, and by which route.

Suggestions: the bodies competent for the dispute's category (a body's sector is a category code;
`agencies.reference.linze.CATEGORY_SECTORS` names the sector of a category no body has as its own), and
the bodies of its town: the police station, the judicial office and the people's tribunal seated there.
The clerk decides: the form marks the suggestions, nothing is sent that was not ticked.

Routes: each body called in gets its own route (disputes.choices.ReferralRoute), which picks the
statutory clock of its referral (the DeadlinePolicy of that route): police mediation for a police
station, labour mediation and arbitration for the labour bureau, a petition for the petitions bureau …
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from agencies.reference.linze import CATEGORY_SECTORS
from disputes.choices import ReferralRoute

__all__ = ["Suggestion", "referral_route_default", "referral_suggestions"]

ROUTE_OF_KIND = {
    BodyKind.POLICE_STATION: ReferralRoute.POLICE_MEDIATION,
    BodyKind.POLICE_BUREAU: ReferralRoute.POLICE_MEDIATION,
    BodyKind.PETITIONS_BUREAU: ReferralRoute.PETITION,
    BodyKind.PROCURATORATE: ReferralRoute.PROCURATORATE,
    BodyKind.COURT: ReferralRoute.COURT,
    BodyKind.TRIBUNAL: ReferralRoute.COURT,
    BodyKind.SECTOR_COMMITTEE: ReferralRoute.SECTOR_COMMITTEE,
    # Mass organisations mediate through their sector committees (the trade union's, the women's …).
    BodyKind.MASS_ORGANISATION: ReferralRoute.SECTOR_COMMITTEE,
}
# A department of these sectors handles referrals by a statutory procedure of its own.
ROUTE_OF_DEPARTMENT_SECTOR = {
    # The labour dispute arbitration commission sits with the human resources and social security bureau.
    "labour": ReferralRoute.LABOUR_ARBITRATION,
}
# Bodies suggested for every dispute of their town (属地管理).
TERRITORIAL_KINDS = (BodyKind.POLICE_STATION, BodyKind.JUDICIAL_OFFICE, BodyKind.TRIBUNAL)


def referral_route_default(body) -> str:
    """The route a body is called in by unless the clerk chooses another (ReferralRoute)."""
    if body.kind == BodyKind.DEPARTMENT and body.sector in ROUTE_OF_DEPARTMENT_SECTOR:
        return ROUTE_OF_DEPARTMENT_SECTOR[body.sector]
    return ROUTE_OF_KIND.get(body.kind, ReferralRoute.ADMINISTRATIVE_MEDIATION)


def category_sectors(category) -> set[str]:
    """The sectors competent for a dispute category: its own, and the one it is mapped to."""
    if category is None:
        return set()
    return {category.code} | (
        {CATEGORY_SECTORS[category.code]} if category.code in CATEGORY_SECTORS else set()
    )


@dataclass(frozen=True)
class Suggestion:
    """Why a body is suggested for a dispute: "category" (competent for it) or "territory" (its town's)."""

    basis: str
    reason: str


def referral_suggestions(dispute, bodies) -> dict[int, Suggestion]:
    """The bodies among `bodies` (already loaded: no query) suggested for the dispute, by primary key."""
    sectors = category_sectors(dispute.category)
    town = dispute.town
    suggestions = {}
    for body in bodies:
        if body.sector and body.sector in sectors:
            suggestions[body.pk] = Suggestion(
                "category",
                _("Competent for %(category)s disputes") % {"category": dispute.category.display_name},
            )
        elif body.kind in TERRITORIAL_KINDS and body.region_id == dispute.town_id:
            suggestions[body.pk] = Suggestion("territory", _("Serves %(town)s") % {"town": town.display_name})
    return suggestions
