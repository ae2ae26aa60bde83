"""Similar past cases 类案推送: the closed disputes most like this one (or like what a clerk is typing at
intake), with how each ended, the tier that resolved it, the days it took and its agreement's terms in
one line — what a mediator needs to propose a fair settlement.

Precedents come from the whole county of the user's bodies, not only from the disputes they may open:
they are read through `restrict(user, "precedent")`, the door for that, and shown without their code
and with the parties' names masked (in the title and the terms too) unless the user may see the
dispute itself. The search is the
search document's (disputes/search.py): the title's telling words must all match (an AND, selective
on the GIN index), falling back to any of them when that finds fewer than asked; the same category
ranks first. Its cost follows the matching rows of the index, not the table.
"""

from collections import Counter
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Value, When

from disputes.choices import Status
from disputes.masking import party_name
from disputes.search import words

# Words that every dispute has: they tell nothing about which dispute is alike.
GENERIC_WORDS = {
    "纠纷", "争议", "争执", "问题", "矛盾", "双方", "村民", "发生", "因为", "导致", "要求", "协商", "未果",
    "多次", "一方", "对方", "其中", "情况", "事情", "处理", "调解", "申请", "反映", "认为", "之间",
}  # fmt: skip
MAX_WORDS = 6
CANDIDATES = 200
# Higher layers add details of a precedent (mediation: the agreed terms): dispute ids → {id: {...}}.
DETAIL_SOURCES: list[Callable[[list[int]], dict[int, dict]]] = []


def precedent_detail_source(source):
    if source not in DETAIL_SOURCES:
        DETAIL_SOURCES.append(source)
    return source


def telling_words(*texts: str) -> list[str]:
    """The words that tell a dispute apart: the longest first, generic ones and single characters out."""
    seen = []
    for text in texts:
        for word in words(text):
            if len(word) > 1 and word not in GENERIC_WORDS and word not in seen:
                seen.append(word)
    return sorted(seen, key=len, reverse=True)[:MAX_WORDS]


def _raw(terms: list[str], joiner: str) -> SearchQuery:
    quoted = [f"'{term.replace(chr(39), chr(39) * 2)}'" for term in terms]
    return SearchQuery(joiner.join(quoted), config="simple", search_type="raw")


def similar_disputes(*, user, title: str, description: str = "", category_id=None, exclude_id=None, limit=5):
    """Up to `limit` closed disputes like the text, best first, each with its particulars for display."""
    from disputes.models import Dispute

    terms = telling_words(title, description)
    if not terms:
        return []
    base = Dispute.objects.restrict(user, "precedent").filter(status=Status.CLOSED)
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    found: list = []
    for query in [_raw(terms, " & "), _raw(terms, " | ")] if len(terms) > 1 else [_raw(terms, "")]:
        # The newest matches, at most CANDIDATES of them, are ranked: common words match thousands of
        # closed disputes, and ranking them all would cost what the county's history holds.
        pool = base.filter(search=query).exclude(pk__in=[d.pk for d in found]).order_by("-closed_at")
        ranked = (
            Dispute.objects.filter(pk__in=pool.values("pk")[:CANDIDATES])
            .annotate(
                same_category=Case(
                    When(category_id=category_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                rank=SearchRank(F("search"), query),
            )
            .with_references()  # the category and the holder from the process's tables, no join
            .without_long_columns()  # the rank reads the search words in SQL; Python never does
            .order_by("-same_category", "-rank", "-closed_at")[: limit - len(found)]
        )
        found.extend(ranked)
        if len(found) >= limit:
            break
    return _with_particulars(found, user=user)


def _with_particulars(disputes: list, *, user) -> list[dict]:
    from disputes.models import Dispute, Party

    ids = [d.pk for d in disputes]
    if not ids:
        return []
    visible = set(Dispute.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", flat=True))
    names: dict[int, list] = {}
    for party in Party.objects.filter(dispute_id__in=ids).only("dispute_id", "name"):
        names.setdefault(party.dispute_id, []).append(party)
    details: dict[int, dict] = {}
    for source in DETAIL_SOURCES:
        for dispute_id, detail in source(ids).items():
            details.setdefault(dispute_id, {}).update(detail)
    rows = []
    for dispute in disputes:
        terms = (details.get(dispute.pk, {}).get("terms") or "").strip()
        title = dispute.title
        masked = dispute.pk not in visible
        if masked:
            for party in names.get(dispute.pk, []):
                if party.name:
                    terms = terms.replace(party.name, party_name(party, masked=True))
                    title = title.replace(party.name, party_name(party, masked=True))
        rows.append(
            {
                "dispute": dispute,
                # Outside the user's scope a precedent has no code (it is the parties' key to their case,
                # 一案一码) and no names: what it teaches is how it ended.
                "code": dispute.code if not masked else "",
                "title": title,
                "visible": not masked,
                "outcome": dispute.get_outcome_display(),
                "tier": dispute.get_tier_display(),
                "days": (dispute.closed_at - dispute.opened_at).days if dispute.closed_at else None,
                "terms": " ".join(terms.split())[:120],
                "same_category": bool(getattr(dispute, "same_category", 0)),
            }
        )
    return rows


def intake_suggestions(*, user, title: str, description: str = "") -> dict:
    """At intake: the similar closed disputes, and the category and lead bodies most common among them
    (the clerk decides)."""
    from disputes.models import Category, Referral

    similar = similar_disputes(user=user, title=title, description=description, limit=10)
    categories = Counter(row["dispute"].category_id for row in similar)
    category = Category.objects.filter(pk=categories.most_common(1)[0][0]).first() if categories else None
    bodies = Counter(
        Referral.objects.filter(dispute_id__in=[row["dispute"].pk for row in similar], is_lead=True)
        .values_list("body__name", flat=True)
        .iterator()
    )
    return {
        "similar": similar[:5],
        "category": category,
        "bodies": [name for name, _count in bodies.most_common(3)],
    }
