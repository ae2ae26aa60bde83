from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from linze import health
from linze.auth import user_kind

LANDING = {
    "admin": "admin:index",
    "leader": "dashboards:home",
    "grid": "disputes:grid_home",
    "agency": "agencies:inbox",
    "mediation": "disputes:workbench",
    "none": "disputes:workbench",
}


@login_required
def home(request):
    """Sends each signed-in user to the page their work starts on."""
    return redirect(LANDING[user_kind(request.user)])


@never_cache
def healthz(request):
    checks = {
        "database": health.check_database(),
        "redis": health.check_redis(),
        "worker": health.check_worker(),
    }
    failing = [name for name, (ok, _detail) in checks.items() if not ok]
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
