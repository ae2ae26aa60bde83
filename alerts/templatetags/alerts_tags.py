from django import template

from agencies.auth import user_display_name
from alerts.selectors import warnings_for_dispute
from notifications.links import dispute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def dispute_warnings(context, dispute) -> list:
    """The warnings of `dispute` the signed-in user may see (none for everyone outside their readers)."""
    request = context.get("request")
    if dispute is None or request is None:
        return []
    return list(warnings_for_dispute(dispute, user=request.user))


@register.filter
def person(user) -> str:
    return user_display_name(user) if user is not None else ""


@register.simple_tag
def dispute_link(dispute_id) -> str:
    return dispute_url(dispute_id) or ""


@register.simple_tag(takes_context=True)
def may_open_warnings(context) -> bool:
    """For the header: whether the signed-in user has a warnings page (centre, leaders, joint meeting)."""
    from alerts.permissions import may_open_warnings_page

    request = context.get("request")
    return request is not None and may_open_warnings_page(request.user)


@register.simple_tag
def disputes_not_shown(warning) -> int:
    """How many of a warning's disputes the viewer may not open (left out of its list, counted only).
    Needs the warning from alerts.selectors.warning_queryset: its total and its prefetched visible list."""
    return max(getattr(warning, "disputes_total", 0) - len(warning.disputes.all()), 0)
