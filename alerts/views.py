from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alerts import selectors, services
from alerts.forms import HandleForm, WarningFilterForm
from alerts.permissions import may_act_on_warnings, may_open_warnings_page
from linze.exceptions import ActionRefused, NotPermitted

PAGE_SIZE = 25


@login_required
@require_GET
def warning_list(request):
    """The centre's warnings page: live warnings first, red first; filters by status, level, kind, town."""
    if not may_open_warnings_page(request.user):
        raise PermissionDenied
    form = WarningFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.warning_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "alerts/list.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(filters),
            "may_act": may_act_on_warnings(request.user),
        },
    )


@login_required
@require_GET
def warning_detail(request, pk: int):
    warning = selectors.warning_access(user=request.user, pk=pk)
    return render(
        request,
        "alerts/detail.html",
        {"warning": warning, "form": HandleForm(), "may_act": may_act_on_warnings(request.user)},
    )


def _back(request, pk: int):
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("alerts:detail", pk=pk)


def _act(request, pk: int, action, done: str):
    # A warning outside the user's scope is a 404 whatever was posted: the service checks the input
    # (an empty note) before it looks the warning up.
    selectors.warning_access(user=request.user, pk=pk)
    try:
        action()
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from None
    except ActionRefused as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(request, pk)


@login_required
@require_POST
def warning_acknowledge(request, pk: int):
    return _act(
        request,
        pk,
        lambda: services.warning_acknowledge(warning_id=pk, user=request.user),
        _("The warning is acknowledged."),
    )


@login_required
@require_POST
def warning_handle(request, pk: int):
    return _act(
        request,
        pk,
        lambda: services.warning_handle(warning_id=pk, user=request.user, note=request.POST.get("note", "")),
        _("The warning is recorded as handled."),
    )
