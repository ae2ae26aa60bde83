"""What a warning says, rendered when it is read, in the reader's language.

A warning stores the facts (`details`), never sentences; the same function words the warnings page, the
dispute page and the "warning" notifications (registered with notifications.messages in AppConfig.ready).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alerts.choices import RuleKind, WarningLevel
from disputes.choices import PartyRole
from notifications.choices import NotificationKind
from notifications.messages import localized, register


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def describe(kind: str, details: dict, *, place: str, category: str) -> str:
    """One sentence about a warning of `kind` found on `details`."""
    if kind == RuleKind.REPEAT_PARTY:
        if details.get("days"):
            text = _(
                "Party %(name)s (ID %(id_number)s) is in several disputes: %(open)s open, "
                "%(recent)s in the last %(days)s days."
            )
        else:
            text = _("Party %(name)s (ID %(id_number)s) is in several disputes: %(open)s open.")
        return text % {
            "name": details.get("name", ""),
            "id_number": details.get("id_number", ""),
            "open": details.get("open", 0),
            "recent": details.get("recent", 0),
            "days": details.get("days"),
        }
    if kind == RuleKind.CLUSTER:
        return _("%(count)s disputes of the category “%(category)s” in %(place)s within %(days)s days.") % {
            "count": details.get("count", 0),
            "category": category,
            "place": place,
            "days": details.get("days"),
        }
    if kind == RuleKind.MASS_DISPUTE:
        if not details.get("many_parties", True):
            return _("Mass dispute: %(people)s people involved.") % {"people": details.get("people", 0)}
        return _(
            "Mass dispute: %(on_one_side)s parties on one side (%(side)s), %(people)s people involved."
        ) % {
            "on_one_side": details.get("on_one_side", 0),
            "side": _label(PartyRole, details.get("side", "")),
            "people": details.get("people", 0),
        }
    if kind == RuleKind.VIOLENCE_WORDS:
        sources = {"description": _("the description"), "minutes": _("session minutes")}
        return _("Words signalling violence: %(words)s (in %(sources)s).") % {
            "words": "、".join(details.get("words", [])),
            "sources": pgettext("list separator", ", ").join(
                str(sources.get(s, s)) for s in details.get("sources", [])
            ),
        }
    if kind == RuleKind.FAILED_MEDIATION:
        return _("%(count)s mediation sessions have failed.") % {"count": details.get("count", 0)}
    return _label(RuleKind, kind)


def warning_message(warning) -> str:
    return describe(
        warning.kind,
        warning.details or {},
        place=warning.region.display_name if warning.region_id else "",
        category=warning.category.display_name if warning.category_id else "",
    )


def notification_params(warning) -> dict:
    """What a "warning" notification stores: enough to word it without reading the warning again."""
    from notifications.messages import both_languages

    return {
        "warning": warning.pk,
        "level": warning.level,
        "rule_kind": warning.kind,
        "code": warning.dispute.code if warning.dispute_id else "",
        "place": both_languages(warning.region),
        "category": both_languages(warning.category) if warning.category_id else None,
        "details": warning.details,
    }


@register(NotificationKind.WARNING)
def render_warning_notification(params: dict) -> tuple[str, str]:
    title = _("%(level)s warning: %(kind)s") % {
        "level": _label(WarningLevel, params.get("level", "")),
        "kind": _label(RuleKind, params.get("rule_kind", "")),
    }
    body = describe(
        params.get("rule_kind", ""),
        params.get("details") or {},
        place=localized(params.get("place")),
        category=localized(params.get("category")) if params.get("category") else "",
    )
    if params.get("code"):
        body = _("%(code)s: %(message)s") % {"code": params["code"], "message": body}
    return title, body
