from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linze.holiday_notice import NoticeDay
from linze.models import HolidayCalendarDay, WorkerHeartbeat


def heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "runs": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(seen_at=timezone.now(), runs=F("runs") + 1)
        heartbeat.refresh_from_db()
    return heartbeat


@dataclass(frozen=True)
class CalendarEntered:
    created: list[HolidayCalendarDay]
    updated: list[HolidayCalendarDay]
    deleted: list[HolidayCalendarDay]
    years: list[int]


def holiday_calendar_enter(
    *, days: list[NoticeDay], note: str = "", replace: bool = False
) -> CalendarEntered:
    """Enters a notice's days (notice_parse): a day entered before is updated, the others added.
    With `replace`, the entered days of the notice's years that the notice does not name are deleted
    (a corrected notice). One transaction; each row saved or deleted one by one, so the signals reach
    every process (linze/workdays.py)."""
    created, updated, deleted = [], [], []
    years = sorted({entry.day.year for entry in days})
    with transaction.atomic():
        existing = {
            row.day: row for row in HolidayCalendarDay.objects.select_for_update().filter(day__year__in=years)
        }
        for entry in days:
            row = existing.pop(entry.day, None)
            if row is None:
                row = entry.entry(note=note)
                row.save()
                created.append(row)
            elif (row.kind, row.name, row.note) != (entry.kind, entry.name, note or row.note):
                row.kind, row.name, row.note = entry.kind, entry.name, note or row.note
                row.save()
                updated.append(row)
        if replace:
            for row in existing.values():
                row.delete()
                deleted.append(row)
    return CalendarEntered(created=created, updated=updated, deleted=deleted, years=years)
