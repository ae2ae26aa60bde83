"""The early-warning rules: each reads a dispute (or the recent disputes of a place) and reports findings.

Rules only read. A Finding says what was found, about what (its key) and on which facts (its evidence);
alerts.services turns findings into Warning rows, once per key.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from agencies.models import Region
from alerts.choices import ClusterScope, RuleKind
from alerts.models import WarningRule
from disputes.choices import PartyRole, Status
from disputes.masking import party_personal_data
from disputes.models import Dispute, Party
from linze.crypto import blind_index
from mediation.choices import SessionResult
from mediation.models import MediationSession

# Region codes are prefix-hierarchical: a village or community has 12 digits (a grid cell below it 14).
VILLAGE_CODE_LENGTH = 12


@dataclass
class Finding:
    rule: WarningRule
    subject: str  # what the warning is about, within the rule: "dispute:12", "party:…", "620723101201:3"
    region: Region
    town: Region
    dispute_ids: list[int]
    details: dict
    evidence: list[str]
    dispute: Dispute | None = None
    category_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return f"{self.rule.code}:{self.subject}"[:120]


def _dispute_finding(rule: WarningRule, dispute: Dispute, *, details: dict, evidence: list[str]) -> Finding:
    """A finding about one dispute (mass dispute, violence words, failed mediation)."""
    return Finding(
        rule=rule,
        subject=f"dispute:{dispute.pk}",
        region=dispute.region,
        town=dispute.town,
        dispute=dispute,
        dispute_ids=[dispute.pk],
        details=details,
        evidence=evidence,
    )


def _since(days: int):
    return timezone.now() - timedelta(days=days)


def repeat_party(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    """The same person (by resident ID number) in several open disputes, or in many within a period."""
    people = {party.id_number: party for party in dispute.parties.all() if party.id_number}
    if not people:
        return []
    since = _since(rule.window_days) if rule.window_days else None
    seen: dict[str, dict[int, tuple[str, bool, bool]]] = defaultdict(dict)
    rows = Party.objects.filter(id_number_index__in=[blind_index(number) for number in people]).values_list(
        "id_number", "dispute_id", "dispute__code", "dispute__status", "dispute__opened_at"
    )
    for id_number, dispute_id, code, status, opened_at in rows:
        seen[id_number][dispute_id] = (
            code,
            status != Status.CLOSED,
            since is not None and opened_at >= since,
        )
    findings = []
    for id_number, disputes in sorted(seen.items()):
        open_ids = sorted(pk for pk, (_code, is_open, _recent) in disputes.items() if is_open)
        recent_ids = sorted(pk for pk, (_code, _open, recent) in disputes.items() if recent)
        fires = (rule.min_open_disputes and len(open_ids) >= rule.min_open_disputes) or (
            rule.min_disputes_in_window and len(recent_ids) >= rule.min_disputes_in_window
        )
        if not fires:
            continue
        involved = sorted(set(open_ids) | set(recent_ids))
        party = people[id_number]
        findings.append(
            Finding(
                rule=rule,
                # Hashed: the key is an index, not a place for a resident ID number.
                subject="party:" + blind_index(id_number)[:24],  # keyed: a plain hash of an ID is guessable
                region=dispute.region,
                town=dispute.town,
                dispute=dispute,
                dispute_ids=involved,
                details={
                    # Always masked: warnings are read by staff who may not see the party.
                    **party_personal_data(party, masked=True, fields=("name", "id_number")),
                    "open": len(open_ids),
                    "recent": len(recent_ids),
                    "days": rule.window_days,
                    "codes": [disputes[pk][0] for pk in involved],
                },
                evidence=[f"dispute:{pk}" for pk in involved],
            )
        )
    return findings


def _cluster_place(rule: WarningRule, dispute: Dispute) -> tuple[dict, Region | None]:
    if rule.scope == ClusterScope.TOWN:
        return {"town_id": dispute.town_id}, dispute.town
    prefix = dispute.region.code[:VILLAGE_CODE_LENGTH]
    place = dispute.region if dispute.region.code == prefix else Region.objects.filter(code=prefix).first()
    return _village_filter(prefix), place


def _village_filter(code: str) -> dict:
    """Disputes of a village or community and its grid cells; of exactly that region for a shorter code
    (a state farm, or a town given as the place), so that a town never counts as one village."""
    if len(code) == VILLAGE_CODE_LENGTH:
        return {"region__code__startswith": code}
    return {"region__code": code}


def _cluster_finding(rule: WarningRule, place: Region, town: Region, category_id: int, rows, dispute=None):
    ids = sorted(pk for pk, _code in rows)
    codes = dict(rows)
    return Finding(
        rule=rule,
        subject=f"{place.code}:{category_id}",
        region=place,
        town=town,
        dispute=dispute,
        category_id=category_id,
        dispute_ids=ids,
        details={"count": len(ids), "days": rule.window_days, "codes": [codes[pk] for pk in ids]},
        evidence=[f"dispute:{pk}" for pk in ids],
    )


def cluster(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    """N or more disputes of the dispute's category in its village (or town) within D days."""
    since = _since(rule.window_days)
    if dispute.opened_at < since:
        return []  # an old dispute's later events say nothing about a cluster now
    place_filter, place = _cluster_place(rule, dispute)
    if place is None:
        return []
    rows = list(
        Dispute.objects.filter(
            **place_filter, category_id=dispute.category_id, opened_at__gte=since
        ).values_list("pk", "code")
    )
    if len(rows) < rule.min_disputes_in_window:
        return []
    return [_cluster_finding(rule, place, dispute.town, dispute.category_id, rows, dispute=dispute)]


def clusters_recent(rule: WarningRule) -> list[Finding]:
    """The sweep's view: every place and category over the threshold, from one grouped query over the
    disputes opened in the period (the opened_at index bounds it to those rows)."""
    since = _since(rule.window_days)
    recent = Dispute.objects.filter(opened_at__gte=since)
    if rule.scope == ClusterScope.TOWN:
        groups = recent.values("town_id", "category_id").annotate(n=Count("pk"))
    else:
        groups = recent.annotate(place=Substr("region__code", 1, VILLAGE_CODE_LENGTH)).values(
            "place", "category_id"
        )
        groups = groups.annotate(n=Count("pk"))
    groups = list(groups.filter(n__gte=rule.min_disputes_in_window))
    if not groups:
        return []
    if rule.scope == ClusterScope.TOWN:
        places = Region.objects.in_bulk([g["town_id"] for g in groups])
    else:
        places = Region.objects.in_bulk([g["place"] for g in groups], field_name="code")
    findings, towns = [], {}
    for group in groups:
        if rule.scope == ClusterScope.TOWN:
            place = places.get(group["town_id"])
            place_filter = {"town_id": group["town_id"]}
        else:
            place = places.get(group["place"])
            place_filter = _village_filter(group["place"])
        if place is None:
            continue
        members = list(
            recent.filter(**place_filter, category_id=group["category_id"])
            .order_by("pk")
            .values_list("pk", "code", "town_id")
        )
        town_id = members[0][2]
        if town_id not in towns:
            towns[town_id] = place if place.pk == town_id else Region.objects.get(pk=town_id)
        town = towns[town_id]
        rows = [(pk, code) for pk, code, _town in members]
        findings.append(_cluster_finding(rule, place, town, group["category_id"], rows))
    return findings


def mass_dispute(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    """Many parties on one side, or many people involved."""
    sides = Counter(
        role for role in dispute.parties.values_list("role", flat=True) if role != PartyRole.THIRD_PARTY
    )
    side, on_one_side = max(sides.items(), key=lambda item: item[1], default=("", 0))
    by_parties = rule.min_parties_on_one_side and on_one_side >= rule.min_parties_on_one_side
    by_people = rule.min_people_involved and dispute.people_involved >= rule.min_people_involved
    if not (by_parties or by_people):
        return []
    return [
        _dispute_finding(
            rule,
            dispute,
            details={
                "side": side,
                "on_one_side": on_one_side,
                "people": dispute.people_involved,
                "many_parties": bool(by_parties),
            },
            evidence=[f"dispute:{dispute.pk}"],
        )
    ]


def violence_words(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    """Words that signal violence (同归于尽, 拼命 …) in the title, the description or session minutes."""
    words = rule.word_list
    if not words:
        return []
    texts = [("description", f"{dispute.title}\n{dispute.description}")]
    texts += [
        (f"session:{pk}", minutes)
        for pk, minutes in MediationSession.objects.filter(dispute=dispute).values_list("pk", "minutes")
    ]
    evidence, found, sources = [], [], []
    for source, text in texts:
        hits = [word for word in words if word in text]
        for word in hits:
            evidence.append(f"{source}:{word}")
            if word not in found:
                found.append(word)
        if hits:
            kind = "minutes" if source.startswith("session:") else "description"
            if kind not in sources:
                sources.append(kind)
    if not evidence:
        return []
    return [_dispute_finding(rule, dispute, details={"words": found, "sources": sources}, evidence=evidence)]


def failed_mediation(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    """Mediation sessions of the dispute that ended in failure, counted against a threshold."""
    failed = list(
        MediationSession.objects.filter(dispute=dispute, result=SessionResult.FAILED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(failed) < rule.min_failed_sessions:
        return []
    return [
        _dispute_finding(
            rule, dispute, details={"count": len(failed)}, evidence=[f"session:{pk}" for pk in failed]
        )
    ]


DISPUTE_RULES = {
    RuleKind.REPEAT_PARTY: repeat_party,
    RuleKind.CLUSTER: cluster,
    RuleKind.MASS_DISPUTE: mass_dispute,
    RuleKind.VIOLENCE_WORDS: violence_words,
    RuleKind.FAILED_MEDIATION: failed_mediation,
}


def evaluate(rule: WarningRule, dispute: Dispute) -> list[Finding]:
    return DISPUTE_RULES[rule.kind](rule, dispute)
