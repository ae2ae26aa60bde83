"""The report pack 报告材料 for a period: the indicators, the layered-filter funnel (SVG drawn here, so
the PDF needs no browser), overdue work by body, the requests of the standing committee still
unanswered, and the 无讼村（社区）list with its rule. WeasyPrint lays it out, as the agreements."""

from django.utils import timezone
from django.utils.safestring import mark_safe

from agencies.auth import primary_membership, user_display_name
from dashboards.charts import funnel_svg
from dashboards.congress.selectors import overdue_requests
from mediation.documents import pdf_render


def pack_context(*, scope, user) -> dict:
    from dashboards.indicators import Cockpit, courtless_villages, funnel, indicators, overdue_by_body

    cockpit = Cockpit(scope)
    steps = funnel(scope, cockpit=cockpit)
    membership = primary_membership(user)
    return {
        "scope": scope,
        "indicators": indicators(scope, cockpit=cockpit),
        "funnel": steps,
        "funnel_svg": mark_safe(funnel_svg(steps)),
        "overdue": overdue_by_body(scope, cockpit=cockpit),
        "unanswered": list(overdue_requests()),
        "courtless": courtless_villages(scope, cockpit=cockpit),
        "produced_by": user_display_name(user),
        "produced_for": membership.body.display_name if membership else "",
        "produced_at": timezone.now(),
    }


def pack_pdf(*, scope, user, base_url: str) -> bytes:
    return pdf_render(
        template="dashboards/congress/pack_pdf.html",
        context=pack_context(scope=scope, user=user),
        base_url=base_url,
    )
