from django import template

from agencies.auth import user_kind

register = template.Library()

# The kinds of user whose navigation shows the suggestions: agencies (the court and the procuratorate
# issue them, every agency may receive one) and leaders. Read from the membership the navigation has
# loaded already, so the link costs no query.
NAV_KINDS = {"agency", "leader"}


@register.simple_tag(takes_context=True)
def uses_supervision(context) -> bool:
    request = context.get("request")
    return bool(request is not None and user_kind(request.user) in NAV_KINDS)
