"""Who a demo dispute is referred to: the competent body of its category and the bodies that help it."""

import random

from agencies.choices import BodyKind
from agencies.models import Body
from demo.disputes.plans import Plan
from disputes.choices import ReferralRoute

__all__ = ["REFERRALS", "Referrals"]

# Who a dispute of a category is referred to: (lead, supporting bodies, route). "{t}" is the town slug
# (shahe-police); for the state farms, which belong to no town, the county bodies stand in.
REFERRALS = {
    "marriage-family": [("family-committee", ["womens-federation"], ReferralRoute.SECTOR_COMMITTEE)],
    "neighbour": [("{t}-police", [], ReferralRoute.POLICE_MEDIATION)],
    "housing-homestead": [
        ("natural-resources-dept", ["{t}-judicial"], ReferralRoute.ADMINISTRATIVE_RULING),
        ("housing-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION),
    ],
    "contract": [("market-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "business": [("commerce-federation", [], ReferralRoute.SECTOR_COMMITTEE)],
    "damages": [("{t}-police", [], ReferralRoute.POLICE_MEDIATION)],
    "forest-land": [("natural-resources-dept", [], ReferralRoute.ADMINISTRATIVE_RULING)],
    "land-contract": [("agriculture-dept", ["{t}-judicial"], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "requisition": [
        ("petitions-bureau", ["natural-resources-dept", "housing-dept"], ReferralRoute.PETITION),
    ],
    "pollution": [("petitions-bureau", ["natural-resources-dept"], ReferralRoute.PETITION)],
    "labour": [
        ("labour-dept", ["trade-union", "labour-committee"], ReferralRoute.LABOUR_ARBITRATION),
        ("labour-dept", [], ReferralRoute.LABOUR_ARBITRATION),
        ("labour-committee", [], ReferralRoute.SECTOR_COMMITTEE),
    ],
    "consumer": [("market-dept", ["consumer-association"], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "medical": [
        ("medical-committee", [], ReferralRoute.SECTOR_COMMITTEE),
        ("health-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION),
    ],
    "traffic": [
        ("{t}-police", ["traffic-committee"], ReferralRoute.POLICE_MEDIATION),
        ("traffic-committee", [], ReferralRoute.SECTOR_COMMITTEE),
    ],
    "property-management": [("housing-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "village-affairs": [("petitions-bureau", [], ReferralRoute.PETITION)],
    "other": [("petitions-bureau", [], ReferralRoute.PETITION)],
}
STATE_UNIT_STAND_INS = {"{t}-police": "police-bureau", "{t}-judicial": "justice-bureau"}


class Referrals:
    """The bodies of the county by code, looked up once, and the choice of a referral's bodies."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.town_slug = {
            b.region_id: b.code.removesuffix("-committee")
            for b in Body.objects.filter(kind=BodyKind.TOWN_COMMITTEE)
        }
        self.bodies = {b.code: b for b in Body.objects.filter(is_active=True)}

    def choose(self, plan: Plan) -> tuple[list[int], int, str]:
        """(body ids, lead id, route) for a referral of this dispute: the competent body and its helpers."""
        options = [o for o in REFERRALS[plan.category.code] if not plan.lead or o[0] == plan.lead]
        lead, supports, route = self.rng.choice(options)
        slug = self.town_slug.get(plan.town.pk) if plan.town else None

        def body(code: str) -> Body:
            if "{t}" in code:
                code = code.format(t=slug) if slug else STATE_UNIT_STAND_INS[code]
            return self.bodies[code]

        bodies = [body(lead)] + [body(code) for code in supports]
        return [b.pk for b in bodies], bodies[0].pk, route
