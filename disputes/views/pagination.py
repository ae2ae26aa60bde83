"""Keyset pagination for the work lists: a page is one indexed range query, whatever the table's size.

No COUNT and no OFFSET: the link to the next page carries the sort key and id of the last row shown,
the link to the previous page those of the first. A page reads `size + 1` rows to know whether
another page follows.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet

PAGE_SIZE = 25


@dataclass(frozen=True)
class Sort:
    """A list order: one datetime column (ties broken by id), newest or soonest first."""

    field: str
    descending: bool
    nullable: bool = False  # nulls come last in the forward order


SORTS = {
    "opened": Sort("opened_at", descending=True),
    "due": Sort("due_at", descending=False, nullable=True),
}


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    prev_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.prev_cursor)


def cursor_encode(value: datetime | None, pk: int) -> str:
    raw = json.dumps([value.isoformat() if value is not None else None, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str | None) -> tuple[datetime | None, int] | None:
    """The (sort value, id) a cursor names, or None for a missing or tampered one (→ first page)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        return (datetime.fromisoformat(value) if value is not None else None, int(pk))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None


def _ordering(sort: Sort, *, forward: bool):
    descending = sort.descending == forward
    column = F(sort.field)
    if sort.nullable:
        # Nulls last going forward, so first going backward.
        column = column.desc(nulls_first=not forward) if descending else column.asc(nulls_last=forward)
    else:
        column = column.desc() if descending else column.asc()
    return [column, "-pk" if descending else "pk"]


def _beyond(sort: Sort, value, pk: int, *, forward: bool) -> Q:
    """Rows after (value, pk) in the forward order, or before it when going backward."""
    descending = sort.descending == forward
    later, later_or_equal = ("lt", "lte") if descending else ("gt", "gte")
    pk_later = "lt" if descending else "gt"
    field = sort.field
    if value is None:
        # Only a nullable sort has null keys; they sit at the end of the forward order.
        same_null = Q(**{f"{field}__isnull": True, f"pk__{pk_later}": pk})
        return same_null if forward else same_null | Q(**{f"{field}__isnull": False})
    condition = Q(**{f"{field}__{later_or_equal}": value}) & (
        Q(**{f"{field}__{later}": value}) | Q(**{f"pk__{pk_later}": pk})
    )
    if sort.nullable and forward:
        condition |= Q(**{f"{field}__isnull": True})
    return condition


def keyset_page(
    queryset: QuerySet, *, sort: Sort, after: str | None = None, before: str | None = None, size=PAGE_SIZE
) -> KeysetPage:
    """One page of `queryset` in `sort` order, after or before the row a cursor names."""
    before_key = cursor_decode(before)
    after_key = None if before_key else cursor_decode(after)
    forward = before_key is None
    key = after_key if forward else before_key
    if key is not None:
        queryset = queryset.filter(_beyond(sort, *key, forward=forward))
    rows = list(queryset.order_by(*_ordering(sort, forward=forward))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    def cursor_of(row):
        return cursor_encode(getattr(row, sort.field), row.pk)

    if forward:
        next_cursor = cursor_of(rows[-1]) if more and rows else None
        prev_cursor = cursor_of(rows[0]) if key is not None and rows else None
    else:
        prev_cursor = cursor_of(rows[0]) if more and rows else None
        next_cursor = cursor_of(rows[-1]) if rows else None
    return KeysetPage(rows=rows, next_cursor=next_cursor, prev_cursor=prev_cursor)
