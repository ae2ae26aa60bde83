"""Signing in: lock-out after repeated failures (django-axes), the login page and the API token.

Every failure, login, logout and lock-out is written by axes: `AccessFailureLog` (each failure, with
`locked_out` on the one that locked), `AccessLog` (each login, its logout time added on logout) and
`AccessAttempt` (the live failure counters; deleting one in the admin unlocks its account or address).

An account locks after AXES_FAILURE_LIMIT failures from anywhere; an address after
LOGIN_ADDRESS_FAILURE_LIMIT failures for any accounts (a county office signs in from behind one
address, so it gets a larger allowance). Both last AXES_COOLOFF_TIME, or until an administrator
deletes the attempt. A successful sign-in clears the counters of its account and of its address.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import password_validation, user_logged_in
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import match_token, user_has_device
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from linze import two_factor


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account or address before any password is checked.

    A call without a request (a management command, a test calling `authenticate()` directly) is not
    an attempt from anywhere, so there is nothing to count or lock: it falls through to the next
    backend. Every sign-in from outside (the login page, the admin's, the token endpoint) passes its
    request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, larger limit for an address than for an account."""

    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        if list(settings.AXES_LOCKOUT_PARAMETERS) != ["username", "ip_address"] or len(attempts) != 2:
            return super().get_failures(request, credentials)
        # The querysets come in the order of AXES_LOCKOUT_PARAMETERS: the account's, then the address's.
        account_failures, address_failures = (
            sum(queryset.values_list("failures_since_start", flat=True)) for queryset in attempts
        )
        # Scaled so that the address reaches the account limit exactly at its own, larger limit.
        scaled = address_failures * settings.AXES_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(account_failures, scaled)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-ins: this account or this computer's address is locked for %(minutes)d "
        "minute. Try again later, or ask an administrator to unlock it.",
        "Too many failed sign-ins: this account or this computer's address is locked for %(minutes)d "
        "minutes. Try again later, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked account or address is answered (AXES_LOCKOUT_CALLABLE): 429 with the reason."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    form = AuthenticationForm(request, initial={"username": get_client_username(request, credentials) or ""})
    context = {"locked_out": lockout_message(), "form": form, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Django's login page; in production a password that the policy refuses must be changed first."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if settings.PASSWORD_CHANGE_PROMPT and _password_needs_change(
            form.cleaned_data.get("password") or "", form.get_user()
        ):
            messages.warning(
                self.request,
                _(
                    "Your password is the demonstration password or does not meet the password policy. "
                    "Choose a new one now."
                ),
            )
            return redirect(reverse("password_change"))
        return response


def _password_needs_change(password: str, user) -> bool:
    if password == settings.DEMO_PASSWORD:
        return True
    try:
        password_validation.validate_password(password, user)
    except ValidationError:
        return True
    return False


class TokenView(ObtainAuthToken):
    """The API token endpoint: a locked account or address is answered 429, like the login page, and
    a token handed out is a sign-in like any other (axes' access log, the user's last login)."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # axes marks the request it was handed, which is DRF's wrapper of the Django request.
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {"detail": lockout_message(), "code": "locked_out"},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        otp = str(request.data.get("otp") or "").strip()
        if (two_factor.required_for(user) or user_has_device(user)) and (
            not otp or match_token(user, otp) is None
        ):
            return Response(
                {
                    "detail": _(
                        "This account signs in with two factors: send the authenticator's code as otp."
                    ),
                    "code": "two_factor_required",
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": token.key})
