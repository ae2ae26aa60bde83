"""Pages of the supervision instruments: suggestions (inbox, issued, detail, steps) and asking a
dispute's grid liaisons. Every read goes through restrict(); refusals become messages, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.selectors import grid_liaisons, grids_of
from disputes.models import DisputeEvent
from disputes.permissions import is_holder_staff
from disputes.views.common import dispute_or_404
from disputes.views.pagination import Sort, keyset_page
from linze.exceptions import ActionRefused, NotPermitted
from supervision import liaisons, selectors, services
from supervision.choices import AWAITING_REPLY, SuggestionStatus
from supervision.forms import ReplyForm, SuggestionForm
from supervision.models import SuggestionDocument
from supervision.permissions import (
    is_issuer_staff,
    is_recipient_staff,
    issuing_bodies,
    leader_regions,
    uses_supervision,
)

NEWEST = Sort("created_at", descending=True)


def _refused(request, action, done: str) -> bool:
    try:
        action()
    except NotPermitted as exc:
        messages.error(request, exc.message)
    except ActionRefused as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
        return False
    return True


@login_required
def suggestion_list(request):
    """The receiving body's inbox, the issuer's suggestions, or the leaders' list (tab)."""
    if not uses_supervision(request.user):
        raise PermissionDenied
    default = (
        "issued" if issuing_bodies(request.user) else ("all" if leader_regions(request.user) else "inbox")
    )
    tab = request.GET.get("tab", default)
    if tab not in selectors.TABS:
        tab = default
    page = keyset_page(
        selectors.suggestion_list(user=request.user, tab=tab),
        sort=NEWEST,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "supervision/list.html",
        {"page": page, "tab": tab, "query": f"tab={tab}", "may_issue": bool(issuing_bodies(request.user))},
    )


@login_required
def suggestion_new(request):
    issuers = issuing_bodies(request.user)
    if not issuers:
        raise PermissionDenied
    form = SuggestionForm(
        request.POST or None, user=request.user, issuers=issuers, recipients=services.recipient_choices()
    )
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "disputes": form.cleaned_data["dispute_codes"]}
        try:
            suggestion = services.suggestion_draft(user=request.user, data=data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The suggestion is drafted. Issue it when it is ready."))
            return redirect("supervision:suggestion", pk=suggestion.pk)
    return render(request, "supervision/new.html", {"form": form})


@login_required
def suggestion_detail(request, pk: int):
    suggestion = selectors.suggestion_get(user=request.user, pk=pk)
    cited = selectors.suggestion_cited_disputes(suggestion=suggestion, user=request.user)
    return render(
        request,
        "supervision/detail.html",
        {
            "suggestion": suggestion,
            "timeline": selectors.suggestion_timeline(suggestion),
            "cited": cited,
            "hidden_cited": suggestion.disputes.count() - len(cited),
            "is_issuer": is_issuer_staff(suggestion, request.user),
            "is_recipient": is_recipient_staff(suggestion, request.user),
            "reply_form": ReplyForm(),
            "documents": list(suggestion.documents.all()),
            "may_reply": is_recipient_staff(suggestion, request.user)
            and suggestion.status in (*AWAITING_REPLY, SuggestionStatus.OVERDUE),
        },
    )


def _step(request, pk: int, action, done: str):
    selectors.suggestion_get(user=request.user, pk=pk)  # a 404 outside the scope, whatever was posted
    _refused(request, action, done)
    return redirect("supervision:suggestion", pk=pk)


@login_required
@require_POST
def suggestion_issue(request, pk: int):
    return _step(
        request,
        pk,
        lambda: services.suggestion_issue(suggestion_id=pk, user=request.user),
        _("The suggestion is issued; the reply clock runs."),
    )


@login_required
@require_POST
def suggestion_receive(request, pk: int):
    return _step(
        request,
        pk,
        lambda: services.suggestion_receive(suggestion_id=pk, user=request.user),
        _("The suggestion is signed for."),
    )


@login_required
@require_POST
def suggestion_reply(request, pk: int):
    return _step(
        request,
        pk,
        lambda: services.suggestion_reply(
            suggestion_id=pk,
            user=request.user,
            reply=request.POST.get("reply", ""),
            documents=request.FILES.getlist("documents"),
        ),
        _("The reply is sent to the issuer."),
    )


@login_required
@require_POST
def suggestion_close(request, pk: int):
    return _step(
        request,
        pk,
        lambda: services.suggestion_close(suggestion_id=pk, user=request.user),
        _("The suggestion is closed."),
    )


# -- the grid liaisons of a dispute ----------------------------------------------------------------------

LIAISON_EVENTS = ("ask_liaisons", "liaison_guidance")


@login_required
def dispute_liaisons(request, code: str):
    """A dispute's grid cells with their liaisons; the holder asks one grid's, an asked liaison answers."""
    dispute = dispute_or_404(request, code)
    if request.method == "POST":
        _refused(
            request,
            lambda: liaisons.liaisons_ask(
                dispute_id=dispute.pk,
                user=request.user,
                grid_id=request.POST.get("grid"),
                note=request.POST.get("note", ""),
            ),
            _("The grid's liaisons are asked; they may now read the dispute."),
        )
        return redirect("supervision:liaisons", code=code)
    grids = [(grid, grid_liaisons(grid_id=grid.pk)) for grid in grids_of(dispute.region)]
    entries = list(
        DisputeEvent.objects.filter(dispute=dispute, transition__in=LIAISON_EVENTS).select_related(
            "actor", "actor_body"
        )
    )
    return render(
        request,
        "supervision/liaisons.html",
        {
            "dispute": dispute,
            "grids": grids,
            "entries": entries,
            "may_ask": is_holder_staff(dispute, request.user) and dispute.is_open,
            "liaison": liaisons.liaison_of(dispute, request.user),
        },
    )


@login_required
@require_POST
def dispute_guidance(request, code: str):
    dispute = dispute_or_404(request, code)
    _refused(
        request,
        lambda: liaisons.liaison_guidance_record(
            dispute_id=dispute.pk, user=request.user, note=request.POST.get("note", "")
        ),
        _("Your guidance is on the dispute's timeline."),
    )
    return redirect("supervision:liaisons", code=code)


@login_required
def suggestion_document(request, pk: int):
    """A reply document, for those who may see its suggestion (404 otherwise)."""
    document = SuggestionDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    selectors.suggestion_get(user=request.user, pk=document.suggestion_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.name)
