"""The dispute register 矛盾纠纷排查化解台账 as an .xlsx workbook, in the layout county offices use.

Rows are read through `dispute_list()` (so through restrict(): a leader's export holds what their pages
show, parties masked) in keyset chunks of DASHBOARD_EXPORT_CHUNK_ROWS rows ordered like the lists
(newest first), each chunk one query for the disputes and one for their parties. openpyxl's write-only
mode streams each row to a temporary file as it is appended: memory stays flat whatever the number of
rows (a million included), and no query holds a snapshot open between chunks.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from disputes.masking import party_name
from disputes.models import Party
from disputes.querysets import REGION_COLUMNS
from disputes.selectors import dispute_list
from linze.workdays import is_workday

# The list filters an export may narrow the register by (disputes.selectors.FILTERS, minus the work tabs).
EXPORT_FILTERS = ("status", "tier", "category", "risk_level")
PLACE_KINDS = ("village", "community")
DISPUTE_FIELDS = (
    "id",
    "code",
    "opened_at",
    "closed_at",
    "status",
    "channel",
    "tier",
    "outcome",
    "category__name",
    "category__name_en",
    "holder__name",
    "holder__name_en",
    "region__name",
    "region__name_en",
    "region__kind",
    "town__name",
    "town__name_en",
)


def register_queryset(*, user, region, start: date, end: date, filters: dict | None = None):
    """The disputes of the register: taken in from `start` to `end` (inclusive) in `region`, that the
    user may see, narrowed by the list filters, newest first."""
    filters = {key: value for key, value in (filters or {}).items() if key in EXPORT_FILTERS and value}
    queryset = dispute_list(user=user, filters=filters)
    column = REGION_COLUMNS.get(region.kind)
    queryset = queryset.filter(
        Q(**{column: region.pk}) if column else Q(region__code__startswith=region.code)
    )
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return queryset.filter(opened_at__gte=since, opened_at__lt=until)


class WorkdayCounter:
    """`linze.workdays.workdays_between` for many rows: the working days of each year are counted once
    (from the same holiday calendar), then every row is two lookups."""

    def __init__(self) -> None:
        self._years: dict[int, list[int]] = {}

    def _table(self, year: int) -> list[int]:
        if year not in self._years:
            first, count, table = date(year, 1, 1), 0, []
            for offset in range((date(year + 1, 1, 1) - first).days):
                count += is_workday(first + timedelta(days=offset))
                table.append(count)
            self._years[year] = table
        return self._years[year]

    def _upto(self, day: date) -> int:
        """Working days from 1 January of the day's year up to and including the day."""
        return self._table(day.year)[day.timetuple().tm_yday - 1]

    def between(self, start: date, end: date) -> int:
        """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
        if end <= start:
            return 0
        count = self._upto(end) - self._upto(start)
        for year in range(start.year, end.year):
            count += self._table(year)[-1]
        return count


def _keyset_chunks(queryset, *, size: int | None = None) -> Iterator[list[dict]]:
    """The rows in the queryset's order (-opened_at, -id), a chunk at a time, each chunk one query that
    starts after the last row of the one before (an index range read, never an OFFSET)."""
    size = size or settings.DASHBOARD_EXPORT_CHUNK_ROWS
    last = None
    while True:
        page = queryset
        if last is not None:
            page = page.filter(
                Q(opened_at__lt=last["opened_at"]) | Q(opened_at=last["opened_at"], id__lt=last["id"])
            )
        rows = list(page.values(*DISPUTE_FIELDS)[:size])
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1]


def _parties_of(dispute_ids: list[int]) -> dict[int, list[str]]:
    """The parties' names of a chunk of disputes, masked, in their order on the dispute."""
    names: dict[int, list[str]] = {}
    parties = (
        Party.objects.filter(dispute_id__in=dispute_ids)
        .order_by("dispute_id", "position", "id")
        .only("dispute_id", "name")
    )
    for party in parties:
        names.setdefault(party.dispute_id, []).append(party_name(party, masked=True))
    return names


@dataclass(frozen=True)
class Header:
    """The block above a sheet's table: title, period, produced by, produced at."""

    title: str
    period: str
    produced_by: str
    produced_at: datetime


def _localised(row: dict, field: str, english: bool) -> str:
    """The Chinese name of a related row, or its English one when the export is in English."""
    if english and row.get(f"{field}__name_en"):
        return row[f"{field}__name_en"]
    return row.get(f"{field}__name") or ""


def register_columns() -> list[tuple[str, int]]:
    """The register's columns and their widths, in the county offices' order."""
    return [
        (_("No."), 7),
        (_("Dispute code"), 18),
        (_("Date taken in"), 12),
        (_("Parties"), 24),
        (_("Category"), 14),
        (_("Town"), 12),
        (_("Village or community"), 14),
        (_("Channel"), 12),
        (_("Tier resolved"), 10),
        (_("Outcome"), 20),
        (_("Working days taken"), 10),
        (_("Holder"), 28),
    ]


BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(sheet, value, **style):
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def header_block(sheet, header: Header) -> None:
    """Title, then period, producer and time of production, then an empty row."""
    sheet.append([_cell(sheet, header.title, font=TITLE)])
    produced_at = timezone.localtime(header.produced_at).strftime("%Y-%m-%d %H:%M")
    for label, value in (
        (_("Period"), header.period),
        (_("Produced by"), header.produced_by),
        (_("Produced at"), produced_at),
    ):
        sheet.append([_cell(sheet, label, font=BOLD), value])
    sheet.append([])


def table_start(sheet, header: Header, columns: list[tuple[str, int]]) -> None:
    """Column widths (in write-only mode they must come before the first row), the header block and
    the table's heading row; the rows above the table and its first two columns stay in view."""
    for index, (_label, width) in enumerate(columns):
        sheet.column_dimensions[_column_letter(index)].width = width
    header_block(sheet, header)
    sheet.append([_cell(sheet, label, font=BOLD, fill=HEADING_FILL, alignment=WRAP) for label, _w in columns])
    sheet.freeze_panes = "C7"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def register_sheet(
    workbook: Workbook,
    *,
    queryset,
    header: Header,
    today: date,
    on_chunk: Callable[[int], None] | None = None,
    row_delay: float = 0.0,
) -> int:
    """Writes the register sheet; returns the number of rows. `on_chunk(rows so far)` is called after
    each chunk (the background job reports its progress there). `row_delay` is for the tests that kill
    a worker in the middle of an export."""
    from disputes.choices import Channel, Outcome, Status, Tier

    sheet = workbook.create_sheet(title=_("Register of disputes")[:31])
    table_start(sheet, header, register_columns())
    # Labels and the time zone resolved once, not per row (a million rows make it count).
    channels, outcomes, tiers = ({k: str(v) for k, v in c.choices} for c in (Channel, Outcome, Tier))
    english, zone = (get_language() or "").startswith("en"), timezone.get_current_timezone()
    workdays = WorkdayCounter()
    written = 0
    for rows in _keyset_chunks(queryset):
        parties = _parties_of([row["id"] for row in rows])
        for row in rows:
            written += 1
            opened = row["opened_at"].astimezone(zone).date()
            closed = row["closed_at"].astimezone(zone).date() if row["closed_at"] else None
            is_closed = row["status"] == Status.CLOSED
            village = _localised(row, "region", english) if row["region__kind"] in PLACE_KINDS else ""
            sheet.append(
                [
                    written,
                    row["code"],
                    _cell(sheet, opened, number_format="yyyy-mm-dd"),
                    "、".join(parties.get(row["id"], ())),
                    _localised(row, "category", english),
                    _localised(row, "town", english),
                    village,
                    channels.get(row["channel"], row["channel"]),
                    tiers.get(row["tier"], row["tier"]) if is_closed else "",
                    outcomes.get(row["outcome"], row["outcome"]) if row["outcome"] else "",
                    workdays.between(opened, closed or today),
                    _localised(row, "holder", english),
                ]
            )
            if row_delay:
                time.sleep(row_delay)
        if on_chunk is not None:
            on_chunk(written)
    return written
