from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound

from linze import health


@never_cache
def healthz(request):
    checks = {
        "database": health.check_database(),
        "redis": health.check_redis(),
        "worker": health.check_worker(),
    }
    # Warnings ask an operator to act before something goes wrong; they never make the answer 503.
    advisories = {"holiday_calendar": health.check_holiday_calendar()}
    failing = [name for name, (ok, _detail) in checks.items() if not ok]
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "warnings": {name: detail for name, (ok, detail) in advisories.items() if not ok},
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def api_not_found(request, path=""):
    """Any /api/ address that names no endpoint (a malformed id too): the API's 404 in JSON, not the
    site's HTML page, so that a client reads every refusal the same way (anonymous: 403 first)."""
    raise NotFound
