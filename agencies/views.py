"""Where a signed-in user's work starts: each kind of user lands on their own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from agencies.auth import primary_membership, user_kind
from agencies.permissions import COURT_KINDS

# URL names only: the pages belong to the apps above, which this layer does not import.
LANDING = {
    "admin": "admin:index",
    "leader": "dashboards:home",
    "grid": "disputes:grid_home",
    "agency": "referrals:inbox",
    "mediation": "disputes:workbench",
    "none": "disputes:workbench",
}
# Court and tribunal staff work from the court's queue (诉调对接, filing, confirmation): what reaches the
# court comes as a court referral, not as an agency referral, so their referral inbox is mostly empty.
COURT_LANDING = "court:queue"


def landing_url_name(user) -> str:
    """The URL name of the page the user's work starts on."""
    kind = user_kind(user)
    membership = primary_membership(user)
    if kind == "agency" and membership is not None and membership.body.kind in COURT_KINDS:
        return COURT_LANDING
    return LANDING[kind]


@login_required
def home(request):
    """Sends each signed-in user to the page their work starts on."""
    return redirect(landing_url_name(request.user))
