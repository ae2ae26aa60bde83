"""Chinese search with an index (DESIGN.md §8): each dispute carries a `search` tsvector of the words
jieba finds in its title, description, parties' names and whatever a higher layer adds (mediation adds
its sessions' minutes), GIN-indexed with PostgreSQL's `simple` configuration, which keeps jieba's words
as they are. A query is cut by the same segmenter, so a two-character word (工资, 赔偿) is one lexeme
and an index lookup, not a scan.

Titles and parties' names weigh more than the rest (weight A against B): similar cases rank by them.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import jieba
from django.contrib.postgres.search import SearchQuery
from django.db import connection

jieba.setLogLevel(logging.WARNING)

# Words made only of punctuation or spaces are no words.
_NOT_A_WORD = re.compile(r"^[\W_]+$")

# Higher layers add text to a dispute's document without this app importing them (mediation/apps.py):
# each source takes dispute ids and returns {dispute id: [texts]}.
SOURCES: list[Callable[[list[int]], dict[int, list[str]]]] = []


def search_source(source):
    """Registers a source of text for the documents (a hook for higher layers)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def words(text: str) -> list[str]:
    """The words of a text, as the index holds them: jieba's search segmentation, lowercased."""
    return [
        word.lower()
        for word in jieba.cut_for_search(text or "")
        if word.strip() and not _NOT_A_WORD.match(word)
    ]


def search_text(*texts: str) -> str:
    """The words of the texts, separated by spaces, for to_tsvector('simple', …)."""
    return " ".join(word for text in texts for word in words(text))


def search_query(text: str) -> SearchQuery | None:
    """Every word of `text` (AND), or None when it has none."""
    cut = search_text(text)
    return SearchQuery(cut, config="simple", search_type="plain") if cut else None


def dispute_search_refresh(*, dispute_ids: Iterable[int]) -> None:
    """Writes the search documents of these disputes again (one UPDATE per dispute, in the caller's
    transaction): after registration, and whenever their parties or sessions change."""
    from disputes.models import Dispute, Party

    ids = sorted(set(dispute_ids))
    if not ids:
        return
    names = defaultdict(list)
    for dispute_id, name in Party.objects.filter(dispute_id__in=ids).values_list("dispute_id", "name"):
        names[dispute_id].append(name)
    extra = defaultdict(list)
    for source in SOURCES:
        for dispute_id, texts in source(ids).items():
            extra[dispute_id].extend(texts)
    rows = Dispute.objects.filter(pk__in=ids).values_list("pk", "title", "description")
    with connection.cursor() as cursor:
        for dispute_id, title, description in rows:
            cursor.execute(
                "update disputes_dispute set search = setweight(to_tsvector('simple', %s), 'A') "
                "|| setweight(to_tsvector('simple', %s), 'B') where id = %s",
                [
                    search_text(title, *names[dispute_id]),
                    search_text(description, *extra[dispute_id]),
                    dispute_id,
                ],
            )
