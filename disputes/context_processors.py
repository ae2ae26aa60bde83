"""The navigation of every page: links by URL name (the pages of higher apps are named, not imported) and
the badges of the user's work, counted once per request."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from agencies.auth import primary_membership, user_display_name, user_kind
from agencies.permissions import COURT_KINDS
from disputes.views.inbox import request_counts

# Navigation per kind of user: each sees only what they can use. The third item names the badge the
# link carries: "work" (open and overdue disputes of the user's bodies) or "referrals" (waiting to
# report in).
NAVIGATION = {
    "mediation": [
        ("disputes:workbench", _("Workbench"), "work"),
        ("disputes:intake", _("Register a dispute"), None),
        ("mediation:mediators", _("Mediators"), None),
    ],
    "grid": [
        ("disputes:grid_home", _("My reports"), None),
        ("disputes:grid_report", _("Report a dispute"), None),
    ],
    "agency": [
        ("referrals:inbox", _("Referral inbox"), "referrals"),
        ("disputes:workbench", _("Workbench"), "work"),
        ("disputes:intake", _("Register a dispute"), None),
        ("mediation:mediators", _("Mediators"), None),
    ],
    "leader": [
        ("dashboards:home", _("Cockpit"), None),
        ("dashboards:congress", _("People's Congress supervision"), None),
        ("dashboards:export", _("Export the dispute register"), None),
    ],
    "admin": [("admin:index", _("Administration"), None)],
    "none": [],
    "public": [("portal:home", _("Ways to resolve a dispute"), None)],
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    kind = user_kind(user)
    items = [
        {"url": reverse(name), "label": label, "name": name, "badge": badge}
        for name, label, badge in NAVIGATION[kind]
    ]
    membership = primary_membership(user)
    if kind == "agency" and membership is not None and membership.body.kind in COURT_KINDS:
        court_queue = {"url": reverse("court:queue"), "label": _("Court queue")}
        items.insert(1, {**court_queue, "name": "court:queue", "badge": None})
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    for item in items:
        item["active"] = item["name"] == current
    return {
        "nav_items": items,
        # Counted only when a template shows a badge, and once per request.
        "nav_counts": SimpleLazyObject(lambda: _counts(request)),
        "user_kind": kind,
        "membership": membership,
        "user_display_name": user_display_name(user) if user.is_authenticated else "",
    }


def _counts(request) -> dict:
    if not request.user.is_authenticated:
        return {}
    return request_counts(request)
