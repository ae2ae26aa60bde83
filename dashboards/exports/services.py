"""Writes of the exports: start one, run a background one, sweep stalled jobs and expired files.

A background export is run by `dashboards.tasks.export_run(job_id)`, which calls `export_job_run`.
The run is safe to start twice and survives a worker killed in the middle:

- it claims the job with one conditional UPDATE (pending → running, attempt + 1): a second delivery of
  the same message finds the job running or done and does nothing;
- it writes the workbook to a temporary file and reports progress after each chunk with an UPDATE
  conditioned on its attempt: a run that has been superseded stops at its next chunk;
- the file is stored and the job marked done only by the attempt that owns it, in one UPDATE.

A worker killed mid-run leaves the job running with a heartbeat that stops moving. `export_sweep_run`
(Celery beat, every minute) puts such jobs back to pending after EXPORT_STALE_SECONDS and queues them
again (a xlsx cannot be appended to, so an export is re-run from its first row, never resumed half
way), and the same for jobs whose message never reached a worker. It also deletes the files of done
jobs past their retention time, keeping their record.
"""

import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from agencies.auth import primary_membership, user_display_name
from dashboards.exports import register
from dashboards.exports.models import ExportJob, ExportStatus
from disputes.selectors import bounded_count
from linze.audit import Actor, audit_record, current_actor
from linze.models import AuditRecord

logger = logging.getLogger("linze.audit")


def export_settings() -> dict:
    return {
        "sync_max_rows": settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS,
        "keep": timedelta(hours=settings.DASHBOARD_EXPORT_KEEP_HOURS),
        "stale": timedelta(seconds=settings.DASHBOARD_EXPORT_STALE_SECONDS),
    }


def _produced_by(user) -> str:
    membership = primary_membership(user)
    name = user_display_name(user)
    return f"{name} · {membership.body.display_name}" if membership else name


def export_header(job: ExportJob) -> register.Header:
    return register.Header(
        title=_("Linze County register of disputes investigated and resolved"),
        period=f"{job.label} ({job.start:%Y-%m-%d} – {job.end:%Y-%m-%d}) · {job.region.display_name}",
        produced_by=_produced_by(job.user),
        produced_at=job.created_at,
    )


def export_queryset(job: ExportJob):
    return register.register_queryset(
        user=job.user, region=job.region, start=job.start, end=job.end, filters=job.filters
    )


def workbook_write(job: ExportJob, path: str, *, on_chunk=None, row_delay: float = 0.0) -> int:
    """The whole workbook for the job, written to `path`; returns the register's row count."""
    from dashboards.exports.towns import town_sheet

    with translation.override(job.language):
        workbook = Workbook(write_only=True)
        try:
            header = export_header(job)
            rows = register.register_sheet(
                workbook,
                queryset=export_queryset(job),
                header=header,
                today=timezone.localdate(),
                on_chunk=on_chunk,
                row_delay=row_delay,
            )
            town_sheet(workbook, job=job, header=header)
        except BaseException:
            _abandon(workbook)
            raise
        workbook.save(path)
    return rows


def _abandon(workbook) -> None:
    """Closes the sheets of a workbook left half written and removes their temporary files."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        try:
            sheet.close()
        except Exception:  # a sheet closed already, or broken: its file goes either way
            logger.debug("closing an abandoned sheet failed", exc_info=True)
        if writer is not None and isinstance(writer.out, str) and os.path.exists(writer.out):
            os.unlink(writer.out)


def export_start(
    *, user, region, start: date, end: date, label: str, filters: dict | None = None, language: str
) -> ExportJob:
    """Records an export of the register for the user (the caller has limited `region` to the user's
    own, and restrict() limits the rows). Up to DASHBOARD_EXPORT_SYNC_MAX_ROWS rows the caller writes
    it at once (`export_write_now`); above, the job is queued after the commit and runs in the
    background (`background` is set). The count stops at the threshold: the request never counts a
    million rows."""
    filters = {
        key: value for key, value in (filters or {}).items() if key in register.EXPORT_FILTERS and value
    }
    queryset = register.register_queryset(user=user, region=region, start=start, end=end, filters=filters)
    count = bounded_count(queryset, bound=export_settings()["sync_max_rows"])
    membership = primary_membership(user)
    job = ExportJob.objects.create(
        user=user,
        body=membership.body if membership else None,
        region=region,
        start=start,
        end=end,
        label=label[:80],
        filters=filters,
        language=language,
        background=count.capped,
        rows_total=None if count.capped else int(count),
    )
    audit_record(
        action=AuditRecord.Action.EXPORT,
        subject="dashboards.exportjob",
        object_id=job.pk,
        summary=f"{job.label} · {region.name}",
        details={
            "region": region.code,
            "period": [start.isoformat(), end.isoformat()],
            "filters": filters,
            "background": job.background,
        },
        actor=Actor(user.pk, user.get_username(), current_actor().ip_address),
    )
    logger.info(
        "export requested: job=%s user=%s region=%s period=%s..%s filters=%s background=%s",
        job.pk,
        user.get_username(),
        region.code,
        start,
        end,
        filters,
        job.background,
    )
    if job.background:
        transaction.on_commit(lambda: export_queue([job.pk]))
    return job


def export_queue(job_ids: list[int]) -> bool:
    from dashboards.tasks import export_run
    from notifications.queueing import publish_quietly

    return publish_quietly(export_run, [(pk,) for pk in job_ids])


def export_write_now(*, job: ExportJob) -> str:
    """Writes a small export in the request; returns the path of a temporary file the caller sends and
    deletes. The job records the rows written."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="linze-export-")
    os.close(handle)
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, attempt=1, heartbeat_at=now)
    try:
        rows = workbook_write(job, path)
    except Exception as error:
        os.unlink(path)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        rows_total=rows,
        rows_done=rows,
        size=os.path.getsize(path),
        finished_at=timezone.now(),
    )
    return path


def _claim(job_id: int) -> int | None:
    """Takes a pending job for this run: its attempt number, or None if another run has it or it is
    finished. One conditional UPDATE, so two deliveries of the message cannot both run it."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, attempt=F("attempt") + 1, heartbeat_at=now, rows_done=0, error=""
    )
    if not claimed:
        return None
    return ExportJob.objects.values_list("attempt", flat=True).get(pk=job_id)


class Superseded(Exception):
    """The job was taken over by a newer attempt (the sweep found this one stalled)."""


def export_job_run(*, job_id: int, row_delay: float = 0.0) -> str:
    """The body of the background task; returns what happened ("done", "skipped", "superseded",
    "failed")."""
    attempt = _claim(job_id)
    if attempt is None:
        return "skipped"
    job = ExportJob.objects.select_related("user", "region").get(pk=job_id)
    mine = ExportJob.objects.filter(pk=job_id, attempt=attempt, status=ExportStatus.RUNNING)
    if job.rows_total is None:
        mine.update(rows_total=export_queryset(job).count())

    def on_chunk(rows: int) -> None:
        if not mine.update(rows_done=rows, heartbeat_at=timezone.now()):
            raise Superseded

    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix=f"linze-export-{job_id}-")
    os.close(handle)
    try:
        rows = workbook_write(job, path, on_chunk=on_chunk, row_delay=row_delay)
        now = timezone.now()
        with transaction.atomic():
            current = mine.select_for_update().first()
            if current is None:
                raise Superseded
            with open(path, "rb") as content:
                current.file.save(f"{job_id}.xlsx", File(content), save=False)
            mine.update(
                status=ExportStatus.DONE,
                file=current.file.name,
                size=current.file.size,
                rows_done=rows,
                rows_total=rows,
                finished_at=now,
                heartbeat_at=now,
                expires_at=now + export_settings()["keep"],
            )
        return "done"
    except Superseded:
        return "superseded"
    except Exception as error:
        logger.exception("export %s failed", job_id)
        mine.update(status=ExportStatus.FAILED, error=str(error)[:500], finished_at=timezone.now())
        return "failed"
    finally:
        os.unlink(path)


@dataclass
class SweepResult:
    requeued: list[int] = field(default_factory=list)
    expired: int = 0

    def as_dict(self) -> dict:
        return {"requeued": self.requeued, "expired": self.expired}


def export_sweep_run(*, now=None, stale: timedelta | None = None) -> SweepResult:
    """Puts stalled jobs back to pending (returns their ids for the caller to queue) and deletes the
    files of jobs past their retention time. Reads only unfinished jobs and kept files (two partial
    indexes), so it costs nothing when there is nothing to do."""
    now = now or timezone.now()
    stale = stale if stale is not None else export_settings()["stale"]
    result = SweepResult()
    limit = now - stale
    stalled = ExportJob.objects.filter(
        Q(status=ExportStatus.RUNNING, heartbeat_at__lt=limit)
        | (
            Q(status=ExportStatus.PENDING, created_at__lt=limit)
            & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=limit))
        ),
        background=True,  # a direct export lives and dies with its request
    )
    for job_id in stalled.values_list("pk", flat=True):
        # Pending again, its heartbeat moved so that the next sweep waits for the new run.
        if ExportJob.objects.filter(
            pk=job_id, status__in=[ExportStatus.RUNNING, ExportStatus.PENDING]
        ).update(status=ExportStatus.PENDING, heartbeat_at=now):
            result.requeued.append(job_id)
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lt=now).only("pk", "file"):
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file=""
        )
        result.expired += 1
    return result
