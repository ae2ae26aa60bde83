"""Where a signed-in user's work starts: each kind of user lands on their own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from agencies.auth import user_kind

# URL names only: the pages belong to the apps above, which this layer does not import.
LANDING = {
    "admin": "admin:index",
    "leader": "dashboards:home",
    "grid": "disputes:grid_home",
    "agency": "referrals:inbox",
    "mediation": "disputes:workbench",
    "none": "disputes:workbench",
}


@login_required
def home(request):
    """Sends each signed-in user to the page their work starts on."""
    return redirect(LANDING[user_kind(request.user)])
