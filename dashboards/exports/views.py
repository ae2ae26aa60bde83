"""The export pages: the form (with the user's past exports), a background export's progress, the file."""

import logging
import os

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies.auth import kind_required
from dashboards.exports import selectors, services
from dashboards.exports.forms import ExportForm
from dashboards.exports.models import ExportStatus
from dashboards.indicators import ScopeInvalid, scope_from_request

logger = logging.getLogger("linze.audit")
PAGE_SIZE = 20


def _file_name(job) -> str:
    return _("Linze dispute register %(period)s %(region)s.xlsx") % {
        "period": f"{job.start:%Y%m%d}-{job.end:%Y%m%d}",
        "region": job.region.name,
    }


@kind_required("leader")
@require_http_methods(["GET", "POST"])
def export_register(request):
    """GET: the form for the cockpit's period and region (from the URL) and the user's exports. POST:
    a small register is sent at once; a large one is queued and the job's page shows its progress."""
    form = ExportForm(request.POST if request.method == "POST" else None)
    page = Paginator(selectors.export_jobs_of(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "scope": None}
    try:
        scope = scope_from_request(request)
    except ScopeInvalid as exc:
        return render(
            request, "dashboards/exports/register.html", {**context, "error": exc.message}, status=400
        )
    context["scope"] = scope
    if request.method == "GET":
        return render(request, "dashboards/exports/register.html", context)
    if not form.is_valid():
        return render(request, "dashboards/exports/register.html", context, status=400)
    job = services.export_start(
        user=request.user,
        region=scope.region,
        start=scope.start,
        end=scope.end,
        label=scope.label,
        filters=form.filters(),
        language=get_language() or "zh-hans",
    )
    if job.background:
        return redirect("dashboards:export_job", pk=job.pk)
    path = services.export_write_now(job=job)
    handle = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    os.unlink(path)  # the open handle keeps the data until the response is sent
    return FileResponse(handle, as_attachment=True, filename=_file_name(job))


@login_required  # someone else's answers 404 (the selector), like every object outside a scope
@require_GET
def export_job(request, pk: int):
    """A background export: its progress bar (htmx asks again every two seconds until it is finished),
    then the download link."""
    job = selectors.export_job_get(user=request.user, pk=pk)
    template = "dashboards/exports/_progress.html" if request.htmx else "dashboards/exports/job.html"
    return render(request, template, {"job": job})


@login_required  # someone else's answers 404 (the selector), like every object outside a scope
@require_GET
def export_download(request, pk: int):
    job = selectors.export_job_get(user=request.user, pk=pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404(
            _("This export has no file (not ready, failed, or deleted after its retention period).")
        )
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This export's file is gone.")) from None
    logger.info(
        "export downloaded: job=%s user=%s rows=%s", job.pk, request.user.get_username(), job.rows_done
    )
    return FileResponse(handle, as_attachment=True, filename=_file_name(job))
