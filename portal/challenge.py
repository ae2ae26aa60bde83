"""A challenge a person answers and a script does not for free, without any foreign service: a small sum,
signed with Django's signing (so the server keeps no state until it is answered), answered once.

The question is text, so a screen reader reads it like any label.
"""

import secrets

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from portal.conf import setting

SALT = "portal.challenge"


def challenge_new() -> tuple[str, str]:
    """(question, token): the token goes in a hidden field and comes back with the answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(8)}, salt=SALT, compress=True)
    return _("What is %(a)s plus %(b)s?") % {"a": a, "b": b}, token


def challenge_check(token: str, answer: str) -> str | None:
    """None when the answer is right (and the challenge is used up); else the reason, for the citizen."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=setting("PORTAL_CHALLENGE_SECONDS"))
    except signing.SignatureExpired:
        return _("The question has expired. Answer the new one.")
    except signing.BadSignature:
        return _("Answer the question below.")
    try:
        right = int((answer or "").strip()) == data["a"] + data["b"]
    except ValueError:
        right = False
    if not right:
        return _("That is not the right answer. Try the new question.")
    try:
        fresh = cache.add(f"portal:challenge:{data['n']}", 1, timeout=setting("PORTAL_CHALLENGE_SECONDS"))
    except Exception:
        fresh = False
    if not fresh:
        return _("That question was answered already. Answer the new one.")
    return None
