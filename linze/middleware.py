"""Requests the database could not take: refused at the door with 400, before any view runs."""

from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NullCharacterMiddleware:
    """A NUL character in a query parameter or a form field: PostgreSQL can neither store nor compare
    text holding one, so a filter or a form with it would end in a 500. Answers 400 with the reason.
    The API refuses it in its own JSON first (linze.api.refuse_null_characters)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if _holds_nul(request.GET) or (
            request.method == "POST" and request.content_type in FORM_TYPES and _holds_nul(request.POST)
        ):
            reason = _("The address or the form holds a character (NUL) that cannot be processed.")
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


def _holds_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())
