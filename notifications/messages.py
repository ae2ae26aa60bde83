"""The wording of each kind of notification, rendered when it is read, in the reader's language.

A notification stores its kind and parameters, never sentences, so the same row reads in Chinese for one
user and in English for another. Names of bodies and places are stored in both languages
({"zh": …, "en": …}). Other apps register the wording of their own kinds in their AppConfig.ready()
(alerts registers "warning"), so that this app never imports them.
"""

import logging
from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notifications.choices import NotificationKind

logger = logging.getLogger(__name__)

Renderer = Callable[[dict], tuple[str, str]]
_RENDERERS: dict[str, Renderer] = {}


def register(kind: str) -> Callable[[Renderer], Renderer]:
    """Registers the function that turns a kind's parameters into (title, body)."""

    def decorate(renderer: Renderer) -> Renderer:
        _RENDERERS[kind] = renderer
        return renderer

    return decorate


def both_languages(obj) -> dict:
    """A name to store in params: a body, region or category, in Chinese and in English."""
    if obj is None:
        return {"zh": "", "en": ""}
    return {"zh": obj.name, "en": getattr(obj, "name_en", "") or obj.name}


def localized(value) -> str:
    if isinstance(value, dict):
        if (get_language() or "").startswith("en") and value.get("en"):
            return value["en"]
        return value.get("zh") or value.get("en") or ""
    return str(value or "")


def when(value: str | None) -> str:
    moment = parse_datetime(value) if value else None
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def kind_label(kind: str) -> str:
    try:
        return str(NotificationKind(kind).label)
    except ValueError:
        return kind


def render(kind: str, params: dict) -> tuple[str, str]:
    renderer = _RENDERERS.get(kind)
    if renderer is not None:
        try:
            return renderer(params or {})
        except (KeyError, TypeError, ValueError):
            logger.warning("notification of kind %s has unexpected params %r", kind, params, exc_info=True)
    return kind_label(kind), ""


@register(NotificationKind.REFERRAL_WAITING)
def _referral_waiting(p: dict) -> tuple[str, str]:
    values = {"title": p["title"], "from": localized(p.get("from")), "report_by": when(p.get("report_by"))}
    if p.get("is_lead"):
        body = _("“%(title)s”, referred by %(from)s: your body leads; report in by %(report_by)s.") % values
    else:
        body = (
            _(
                "“%(title)s”, referred by %(from)s: your body is called in to help; "
                "report in by %(report_by)s."
            )
            % values
        )
    return _("Report in: %(code)s") % {"code": p["code"]}, body


@register(NotificationKind.INBOX_ARRIVAL)
def _inbox_arrival(p: dict) -> tuple[str, str]:
    title = _("New in your inbox: %(code)s") % {"code": p["code"]}
    if p.get("action") == "register":
        from disputes.choices import Channel

        channel = str(Channel(p["channel"]).label) if p.get("channel") in Channel.values else "—"
        return title, _("“%(title)s” was registered (channel: %(channel)s).") % {
            "title": p["title"],
            "channel": channel,
        }
    if p.get("action") == "grid_report":
        return title, _(
            "“%(title)s” was reported by %(from)s. You can open it now and take it over; after its working "
            "day at the grid it comes to you."
        ) % {"title": p["title"], "from": localized(p.get("from"))}
    from disputes.transitions import TRANSITIONS

    spec = TRANSITIONS.get(p.get("action", ""))
    return title, _("“%(title)s” came from %(from)s (%(action)s).") % {
        "title": p["title"],
        "from": localized(p.get("from")),
        "action": str(spec.label) if spec else p.get("action", ""),
    }


@register(NotificationKind.CONFIRMATION_DECIDED)
def _confirmation_decided(p: dict) -> tuple[str, str]:
    title = _("Judicial confirmation decided: %(code)s") % {"code": p["code"]}
    if p.get("ruling") == "valid":
        body = _(
            "The court ruled the agreement of “%(title)s” valid: it can be enforced. "
            "Follow up its performance."
        )
    else:
        body = _(
            "The court rejected the agreement of “%(title)s”; "
            "the dispute is back with your body for mediation."
        )
    return title, body % {"title": p["title"]}


@register(NotificationKind.DEADLINE_WARNING)
def _deadline_warning(p: dict) -> tuple[str, str]:
    values = {"title": p["title"], "body": localized(p.get("body")), "due": when(p.get("due"))}
    return (
        _("Deadline approaching: %(code)s") % {"code": p["code"]},
        _("“%(title)s” (responsible: %(body)s) is due %(due)s.") % values,
    )


@register(NotificationKind.DEADLINE_BREACHED)
def _deadline_breached(p: dict) -> tuple[str, str]:
    values = {"title": p["title"], "body": localized(p.get("body")), "due": when(p.get("due"))}
    return (
        _("Deadline passed: %(code)s") % {"code": p["code"]},
        _("“%(title)s” (responsible: %(body)s) was due %(due)s; follow it up now.") % values,
    )
