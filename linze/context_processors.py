from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from linze.auth import primary_membership, user_display_name, user_kind

# Navigation per kind of user: each sees only what they can use.
NAVIGATION = {
    "mediation": [("disputes:workbench", _("Workbench"))],
    "grid": [("disputes:grid_home", _("My reports"))],
    "agency": [("agencies:inbox", _("Referral inbox"))],
    "leader": [("dashboards:home", _("Overview"))],
    "admin": [("admin:index", _("Administration"))],
    "none": [],
    "public": [("portal:home", _("Ways to resolve a dispute"))],
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    kind = user_kind(user)
    items = [{"url": reverse(name), "label": label, "name": name} for name, label in NAVIGATION[kind]]
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    for item in items:
        item["active"] = item["name"] == current
    return {
        "nav_items": items,
        "user_kind": kind,
        "membership": primary_membership(user),
        "user_display_name": user_display_name(user) if user.is_authenticated else "",
    }
