"""Two-factor sign-in 双因素认证 with a time-based code (TOTP, django-otp): required for superusers
(TWO_FACTOR_REQUIRED_FOR_SUPERUSERS), offered to everyone.

After the password, a user who has a confirmed authenticator (or a superuser, who must have one) is
held at the code page until the code is entered: every other page sends them there (the API answers
403). Whether a user is held is decided once at sign-in and kept in the session, so pages make no
extra query for it. The API token endpoint asks such a user for the code in an `otp` field.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

HELD = "linze_two_factor"  # session key: "verify" (enter the code) or "setup" (a superuser without one)
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def required_for(user) -> bool:
    return bool(user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS)


def held_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: decides whether this session must pass the code page first."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key:  # the API's token endpoint asks for the code itself
        return
    if user_has_device(user):
        session[HELD] = "verify"
    elif required_for(user):
        session[HELD] = "setup"
    else:
        session.pop(HELD, None)


class TwoFactorMiddleware:
    """Holds a signed-in user who still owes the code at the code page (after django-otp's middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        held = session.get(HELD) if session is not None else None
        if held and request.user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            if request.user.is_verified():
                session.pop(HELD, None)
            elif request.path.startswith("/api/"):
                body = {"detail": _("Enter your two-factor code first."), "code": "two_factor_required"}
                return JsonResponse(body, status=403)
            else:
                page = "two_factor_setup" if held == "setup" else "two_factor_verify"
                return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _throttled_message() -> str:
    return _("Too many wrong codes: wait a minute, then enter the code the app shows now.")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _passed(request, device) -> None:
    otp_login(request, device)
    request.session.pop(HELD, None)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code page after the password."""
    devices = list(devices_for_user(request.user))
    if not devices:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Each wrong code makes the next try wait longer (django-otp's throttling: 1 s, doubling).
        throttled = not all(candidate.verify_is_allowed()[0] for candidate in devices)
        device = None if throttled else match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            _passed(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _throttled_message()
            if throttled
            else _("The code is not correct or has expired. Enter the code the app shows now."),
        )
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


def totp_device_start(*, user) -> TOTPDevice:
    """The user's authenticator waiting to be confirmed (a new secret each time one is started)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def totp_device_confirm(*, device: TOTPDevice) -> None:
    """Confirms the authenticator whose first code was right; it replaces any earlier one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Sets up an authenticator app: scan the QR code (or type the key), then enter its first code."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    device = None
    if request.method == "POST":
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is not None and form.is_valid():
            throttled = not device.verify_is_allowed()[0]
            if not throttled and device.verify_token(form.cleaned_data["code"]):
                totp_device_confirm(device=device)
                _passed(request, device)
                messages.success(
                    request, _("Two-factor sign-in is on: you will be asked for a code at each sign-in.")
                )
                return redirect(_next(request))
            form.add_error(
                "code",
                _throttled_message()
                if throttled
                else _("The code is not correct. Check the phone's time and enter the code shown now."),
            )
    if device is None:
        device = totp_device_start(user=request.user)
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next(request),
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "enabled": user_has_device(request.user),
        "required": required_for(request.user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@require_POST
def disable(request):
    """Turns two-factor sign-in off for a user who is not required to have it."""
    if required_for(request.user):
        messages.error(request, _("Administrators must keep two-factor sign-in on."))
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor_setup")
