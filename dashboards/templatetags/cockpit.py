from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def scope_query(scope, region):
    """The cockpit's query string for the same period in another region."""
    return scope.with_region(region).query()


@register.simple_tag
def cell_level(scale, region_id, key):
    return scale.get(f"{region_id}:{key}")


@register.simple_tag
def delta(value, previous):
    """▲3 / ▼2 beside last year's figure; nothing when either is missing."""
    numbers = (int, float)
    if not isinstance(value, numbers) or not isinstance(previous, numbers):
        return ""
    change = round(value - previous, 2)
    if change == 0:
        return ""
    arrow, label = ("▲", _("up")) if change > 0 else ("▼", _("down"))
    return format_html(
        ' <span class="delta"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span>{}</span>',
        arrow,
        label,
        abs(change) if isinstance(change, float) and not change.is_integer() else int(abs(change)),
    )
