"""The wording of the supervision notifications, registered with notifications/messages.py."""

from django.utils.translation import gettext as _

from notifications.choices import NotificationKind
from notifications.messages import localized, register, when


def _values(p: dict) -> dict:
    return {
        "title": p.get("title", ""),
        "issuer": localized(p.get("issuer")),
        "recipient": localized(p.get("recipient")),
        "due": when(p.get("due_at")),
    }


@register(NotificationKind.SUGGESTION_ARRIVED)
def _arrived(p: dict) -> tuple[str, str]:
    return (
        _("Suggestion from %(issuer)s") % _values(p),
        _("“%(title)s”: please sign for it and reply with the measures taken by %(due)s.") % _values(p),
    )


@register(NotificationKind.SUGGESTION_REPLIED)
def _replied(p: dict) -> tuple[str, str]:
    return (
        _("%(recipient)s replied to a suggestion") % _values(p),
        _("“%(title)s”: read the reply and close the suggestion.") % _values(p),
    )


@register(NotificationKind.SUGGESTION_OVERDUE)
def _overdue(p: dict) -> tuple[str, str]:
    return (
        _("Suggestion reply overdue: %(recipient)s") % _values(p),
        _("“%(title)s” from %(issuer)s was to be replied to by %(due)s.") % _values(p),
    )


@register(NotificationKind.LIAISON_ASKED)
def _liaison_asked(p: dict) -> tuple[str, str]:
    return (
        _("Legal guidance asked: %(code)s") % {"code": p.get("code", "")},
        _("“%(title)s”: the holder asks the grid's liaisons for legal guidance.")
        % {"title": p.get("title", "")},
    )


@register(NotificationKind.MEETING_TASK)
def _meeting_task(p: dict) -> tuple[str, str]:
    return (
        _("Task from the joint meeting: %(meeting)s") % {"meeting": p.get("meeting", "")},
        _("%(task)s — due %(due)s.") % {"task": p.get("task", ""), "due": when(p.get("due_at"))},
    )


@register(NotificationKind.MEETING_TASK_OVERDUE)
def _meeting_task_overdue(p: dict) -> tuple[str, str]:
    return (
        _("Joint meeting task overdue: %(body)s") % {"body": localized(p.get("body"))},
        _("%(task)s was due %(due)s (%(meeting)s).")
        % {"task": p.get("task", ""), "due": when(p.get("due_at")), "meeting": p.get("meeting", "")},
    )
