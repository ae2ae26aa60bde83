from django.http import JsonResponse
from django.views.decorators.cache import never_cache

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
