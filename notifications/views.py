from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from notifications import selectors, services

PAGE_SIZE = 20


def _back(request, default: str = "notifications:list"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    queryset = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


@login_required
@require_GET
def notification_badge(request):
    """The bell's badge alone, for htmx polling."""
    return render(request, "notifications/_badge.html")


@login_required
@require_GET
def notification_open(request, pk: int):
    """Follows a notification to what it is about, marking it read."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    return redirect(notification.target_url)


@login_required
@require_POST
def notification_read(request, pk: int):
    services.notification_mark_read(user=request.user, notification_id=pk)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    services.notification_mark_all_read(user=request.user)
    return _back(request)
