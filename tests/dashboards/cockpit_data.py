"""Many disputes at once for the cockpit's query-count and browser tests: rows written in bulk (no
services), with the spread of states, tiers, outcomes and court steps the cockpit counts."""

import itertools
from datetime import timedelta

from django.utils import timezone

from agencies.choices import BodyKind
from agencies.models import Body, Region
from disputes.models import Category, Dispute, DisputeEvent, Referral

# (status, tier, outcome, mediation tried, timeline step that makes it count in the court figures)
KINDS = [
    ("closed", "grid", "prevented", False, None),
    ("closed", "village", "fulfilled", True, None),
    ("closed", "town", "fulfilled", True, None),
    ("closed", "county", "fulfilled", True, None),
    ("closed", "agency", "administrative_decision", False, None),
    ("closed", "court", "judgment", False, "court_file"),
    ("closed", "village", "withdrawn", True, None),
    ("mediating", "village", "", True, None),
    ("court_mediating", "court", "", False, "court_accept"),
    ("reported", "grid", "", False, None),
]


def bulk_disputes(count: int, *, town_codes=("620723101", "620723102", "620723103"), days: int = 20) -> int:
    """`count` disputes over the villages of the towns, opened over the last `days` days; every tenth is
    overdue, some were referred to an agency and some sent to court (with their timeline rows)."""
    now = timezone.now()
    places = list(
        Region.objects.filter(parent__code__in=town_codes, kind__in=["village", "community"])
        .select_related("parent__parent")
        .order_by("code")
    )
    committees = {b.region_id: b for b in Body.objects.filter(kind=BodyKind.VILLAGE_COMMITTEE)}
    court = Body.objects.get(code="county-court")
    labour = Body.objects.get(code="labour-dept")
    categories = list(Category.objects.order_by("code"))
    start = Dispute.objects.count()
    disputes = []
    for index, (place, kind, category) in enumerate(
        zip(itertools.cycle(places), itertools.cycle(KINDS), itertools.cycle(categories), strict=False)
    ):
        if index == count:
            break
        status, tier, outcome, mediated, _step = kind
        opened = now - timedelta(days=index % days, hours=index % 7)
        disputes.append(
            Dispute(
                code=f"BULK-{start + index:07d}",
                title="相邻排水纠纷",
                description="两户村民因排水沟渠发生争执。",
                category=category,
                region=place,
                town=place.parent,
                county=place.parent.parent,
                channel=["walk_in", "grid_patrol", "hotline", "online"][index % 4],
                status=status,
                tier=tier,
                holder=court if tier == "court" else committees.get(place.pk, court),
                outcome=outcome,
                mediation_tried=mediated,
                due_at=now - timedelta(hours=3) if status != "closed" and index % 20 < 10 else None,
                closed_at=opened + timedelta(days=1) if status == "closed" else None,
            )
        )
    made = Dispute.objects.bulk_create(disputes)
    Dispute.objects.filter(pk__in=[d.pk for d in made]).update(opened_at=_opened(made, now, days))
    events, referrals = [], []
    for index, dispute in enumerate(made):
        step = KINDS[index % len(KINDS)][4]
        if step:
            events.append(
                DisputeEvent(dispute=dispute, transition="refer_to_court", to_status="court_referred")
            )
            events.append(
                DisputeEvent(dispute=dispute, transition=step, from_status="court_referred", to_status="x")
            )
        if index % 5 == 4:
            referrals.append(
                Referral(dispute=dispute, body=labour, route="administrative_mediation", is_lead=False,
                         report_by=now - timedelta(days=1), status="pending")
            )  # fmt: skip
    DisputeEvent.objects.bulk_create(events)
    Referral.objects.bulk_create(referrals)
    return len(made)


def _opened(made, now, days):
    from django.db.models import Case, When

    return Case(
        *[When(pk=d.pk, then=now - timedelta(days=i % days, hours=i % 7)) for i, d in enumerate(made)]
    )
