"""The People's Congress pages: the standing committee's page, reports, inspections and inquiries, the
requests a body must answer, and the report pack."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.auth import kind_required
from agencies.permissions import acting_body_ids
from dashboards.congress import pack, selectors, services
from dashboards.congress.forms import ActivityForm, AnswerForm, ReportForm
from dashboards.congress.permissions import congress_may_read, congress_may_record, may_answer
from dashboards.indicators import ScopeInvalid, scope_from_request
from linze import uploads
from linze.db import replica_reads
from linze.exceptions import ActionRefused, NotPermitted

LIST_SIZE = 20


def _scope(request, template: str, context: dict):
    """The scope of the URL, or the page itself answering 400 with the reason."""
    try:
        return scope_from_request(request), None
    except ScopeInvalid as exc:
        return None, render(request, template, {**context, "error": exc.message}, status=400)


@kind_required("leader")
@replica_reads
@require_GET
def congress_home(request):
    """The standing committee's page for a period: reports, inspections and inquiries, the pack."""
    template = "dashboards/congress/home.html"
    scope, refused = _scope(request, template, {})
    if refused:
        return refused
    return render(
        request,
        template,
        {
            "scope": scope,
            "reports": selectors.report_list(user=request.user, scope=scope)[:LIST_SIZE],
            "activities": selectors.activity_list(user=request.user, scope=scope)[:LIST_SIZE],
            "may_record": congress_may_record(request.user),
        },
    )


def _recorder_only(request):
    if not congress_may_record(request.user):
        raise PermissionDenied(
            _("Only the standing committee's office files reports and records inspections.")
        )


@kind_required("leader")
@require_http_methods(["GET", "POST"])
def report_new(request):
    """Files a body's report for the period and region of the URL; the indicators are attached."""
    _recorder_only(request)
    template = "dashboards/congress/report_form.html"
    form = ReportForm(request.POST or None, request.FILES or None)
    scope, refused = _scope(request, template, {"form": form})
    if refused:
        return refused
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_upload(
                user=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"],
                scope=scope,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The report is filed, with the period's indicators attached."))
            return redirect("dashboards:congress_report", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "scope": scope}, status=status)


@login_required  # someone else's answers 404 (the selector), like every object outside a scope
@require_GET
def report_detail(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "dashboards/congress/report.html", {"report": report})


@login_required  # someone else's answers 404 (the selector), like every object outside a scope
@require_GET
def report_file(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return uploads.download_response(handle, filename=report.file_name)


@kind_required("leader")
@require_http_methods(["GET", "POST"])
def activity_new(request):
    _recorder_only(request)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field, message)
        else:
            messages.success(request, _("The inspection is recorded; the bodies asked see it on their list."))
            return redirect("dashboards:congress_activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "dashboards/congress/activity_form.html", {"form": form}, status=status)


@login_required
@require_GET
def activity_detail(request, pk: int):
    """An inspection or inquiry: its findings, what it asks of each body, their answers; the staff of a
    body asked answer here."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    mine = acting_body_ids(request.user)
    answerable = [r for r in activity.requests.all() if r.answered_at is None and may_answer(request.user, r)]
    return render(
        request,
        "dashboards/congress/activity.html",
        {
            "activity": activity,
            "answerable": [(r, AnswerForm(prefix=f"r{r.pk}")) for r in answerable],
            "my_bodies": mine,
            "may_read_all": congress_may_read(request.user),
        },
    )


@login_required
@require_POST
def activity_answer(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk)
    requests = {r.pk: r for r in activity.requests.all()}
    raw = request.POST.get("request", "")
    request_id = int(raw) if raw.isdigit() else None
    if request_id not in requests:
        messages.error(request, _("Choose which request you answer."))
        return redirect("dashboards:congress_activity", pk=pk)
    answer = request.POST.get(f"r{request_id}-answer", "")
    try:
        services.request_answer(user=request.user, request_id=request_id, answer=answer)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from None
    except ActionRefused as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your answer is recorded."))
    return redirect("dashboards:congress_activity", pk=pk)


@login_required
@require_GET
def my_requests(request):
    """What inspections and inquiries ask of the user's bodies, unanswered first."""
    if not acting_body_ids(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    rows = selectors.requests_of_my_bodies(user=request.user)[:100]
    return render(request, "dashboards/congress/requests.html", {"rows": rows})


@kind_required("leader")
@replica_reads
@require_GET
def report_pack(request):
    """The report pack of the URL's period and region as a PDF."""
    scope, refused = _scope(request, "dashboards/congress/home.html", {})
    if refused:
        return refused
    pdf = pack.pack_pdf(scope=scope, user=request.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _("Report pack %(period)s.pdf") % {"period": scope.period_param}
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)
