"""The portal's limits, each overridable in settings: (how many, per how many seconds)."""

import os

from django.conf import settings

DEFAULTS = {
    # One-time codes sent to a phone, and from one address.
    "PORTAL_CODE_PER_PHONE": (3, 3600),
    "PORTAL_CODE_PER_IP": (10, 3600),
    # Wrong one-time codes before the code is void.
    "PORTAL_CODE_ATTEMPTS": 5,
    "PORTAL_CODE_TTL": 600,
    # Online submissions from one address and one phone.
    "PORTAL_SUBMIT_PER_IP": (5, 3600),
    "PORTAL_SUBMIT_PER_PHONE": (3, 86400),
    # Failed tracking logins before the page asks the visitor to wait, per address and per code.
    "PORTAL_TRACK_FAILURES_PER_IP": (10, 900),
    "PORTAL_TRACK_FAILURES_PER_CODE": (5, 900),
    # Messages a party may add to the timeline per hour.
    "PORTAL_MESSAGES_PER_DISPUTE": (10, 3600),
    # Photos of a submission: how many, how large, which types.
    "PORTAL_PHOTO_MAX_COUNT": 3,
    "PORTAL_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # How long a confirmed phone stays confirmed in the visitor's session, and a challenge lives.
    "PORTAL_PHONE_CONFIRMED_SECONDS": 1800,
    "PORTAL_CHALLENGE_SECONDS": 1800,
    # The address the tracking link in an SMS starts with (no trailing slash), e.g. https://jf.linze.gov.cn;
    # from the environment unless settings name it.
    "PORTAL_PUBLIC_URL": os.environ.get("PORTAL_PUBLIC_URL", "").rstrip("/"),
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
