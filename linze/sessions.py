"""Sessions end after SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_LIFETIME after sign-in.

The session's cookie and row expire at the absolute lifetime (SESSION_COOKIE_AGE). The idle clock is
kept in the session and written at most once a minute, so a busy user's pages do not each write the
session row; an idle session therefore ends between the timeout and one minute after it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

STARTED, SEEN = "linze_started", "linze_seen"
SEEN_RESOLUTION = 60  # seconds between two writes of the last-seen time


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, int(time.time())
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None or seen is None:  # the first request after signing in
            session[STARTED], session[SEEN] = started or now, now
            return None
        idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
        if now - seen > idle:
            message = _("You were signed out after %(minutes)d minutes without activity. Sign in again.") % {
                "minutes": int(idle // 60)
            }
        elif now - started > lifetime:
            message = _("Your session reached its limit of %(hours)d hours. Sign in again.") % {
                "hours": int(lifetime // 3600)
            }
        else:
            if now - seen >= SEEN_RESOLUTION:
                session[SEEN] = now
            return None
        logout(request)
        messages.warning(request, message)
        return _to_login(request)


def session_started(sender, request, user, **kwargs) -> None:
    """user_logged_in: both clocks start at sign-in (a signed-in user signing in again restarts them)."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:  # not the API's token endpoint, which has none
        now = int(time.time())
        session[STARTED], session[SEEN] = now, now


def _to_login(request):
    response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if getattr(request, "htmx", False):
        # A partial update would put the login page inside a panel: htmx follows this header instead.
        redirected = HttpResponse(status=204)
        redirected["HX-Redirect"] = response["Location"]
        return redirected
    if request.path.startswith("/api/"):
        body = {"detail": _("The session has ended. Sign in again."), "code": "session_ended"}
        return JsonResponse(body, status=401)
    return response
