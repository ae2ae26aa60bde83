"""{% holiday_calendar_warning %}: the admin's warning that a year has no holiday calendar."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from linze.holidays import calendar_warning

register = template.Library()


@register.simple_tag(takes_context=True)
def holiday_calendar_warning(context) -> str:
    message = calendar_warning()
    if message is None:
        return ""
    request = context.get("request")
    link = ""
    if request is not None and request.user.has_perm("linze.add_holidaycalendarday"):
        link = format_html(
            ' <a href="{}">{}</a>', reverse("admin:linze_holidaycalendarday_enter"), _("Enter the notice")
        )
    return format_html(
        '<ul class="messagelist" data-holiday-calendar-warning><li class="warning">{}{}</li></ul>',
        message,
        link,
    )
