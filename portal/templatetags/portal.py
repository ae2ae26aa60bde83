from django import template

from portal.selectors import lines as split_lines

register = template.Library()


@register.filter
def loc(obj, field: str) -> str:
    """The field of guide or explorer content in the reader's language (`{{ way|loc:"steps" }}`)."""
    return obj.localised(field)


@register.filter
def lines(text: str) -> list[str]:
    return split_lines(text)
