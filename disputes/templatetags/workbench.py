"""Presentation helpers of the workbench pages: Bootstrap widgets, yuan amounts, deadlines, risk colours."""

from decimal import Decimal, InvalidOperation

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from disputes import deadlines as disputes_deadlines
from disputes.choices import RiskLevel
from linze.workdays import is_workday

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
RISK_SHORT = {
    RiskLevel.RED: pgettext_lazy("risk level", "Red"),
    RiskLevel.ORANGE: pgettext_lazy("risk level", "Orange"),
    RiskLevel.YELLOW: pgettext_lazy("risk level", "Yellow"),
    RiskLevel.BLUE: pgettext_lazy("risk level", "Blue"),
}


@register.filter
def widget_kind(field) -> str:
    """checkbox, choices (radio or checkbox list), file, select or input: how the field is laid out."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, CHOICE_WIDGETS):
        return "choices"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    return "input"


def _has_errors(field) -> bool:
    # A form the view marked as quiet (re-shown to add a row, not submitted) shows no errors.
    return field.form.is_bound and not getattr(field.form, "quiet", False) and bool(field.errors)


@register.filter
def field_errors(field):
    return field.errors if _has_errors(field) else []


@register.filter
def bs(field, size: str = ""):
    """The field's widget with Bootstrap's classes (and is-invalid when it has an error)."""
    kind = widget_kind(field)
    classes = {
        "checkbox": "form-check-input",
        "select": "form-select",
        "choices": "",
        "hidden": "",
    }.get(kind, "form-control")
    if size and classes in ("form-control", "form-select"):
        classes += f" {classes}-{size}"
    if _has_errors(field):
        classes += " is-invalid"
    attrs = {"class": classes.strip()} if classes.strip() else {}
    if _has_errors(field):
        attrs["aria-describedby"] = " ".join(
            filter(None, [f"{field.auto_id}_error", f"{field.auto_id}_helptext" if field.help_text else ""])
        )
    return field.as_widget(attrs=attrs)


@register.filter
def bs_choice(choice) -> str:
    """One radio button or checkbox of a choice list, with Bootstrap's class."""
    choice.data["attrs"] = {**choice.data.get("attrs", {}), "class": "form-check-input"}
    return choice.tag()


@register.filter
def yuan(amount) -> str:
    """¥1,200.00 — amounts in yuan, with thousands grouped, in every language."""
    if amount in (None, ""):
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"¥{value:,.2f}"


def _workdays_between(start, end) -> int:
    """Working days after `start` up to and including `end` (dates)."""
    count, day = 0, start
    while day < end:
        day = day.fromordinal(day.toordinal() + 1)
        count += is_workday(day)
    return count


def time_left(due_at, now=None) -> dict | None:
    """How long the current step has left: "剩余 2 个工作日", "今日到期", "已超期 3 天"."""
    if due_at is None:
        return None
    now = now or timezone.now()
    if due_at < now:
        late = now - due_at
        if late.days >= 1:
            days = late.days
            text = _("Overdue by 1 day") if days == 1 else _("Overdue by %(days)s days") % {"days": days}
        else:
            hours = max(late.seconds // 3600, 1)
            text = (
                _("Overdue by 1 hour") if hours == 1 else _("Overdue by %(hours)s hours") % {"hours": hours}
            )
        return {"text": text, "overdue": True, "soon": False}
    today, due_day = timezone.localdate(now), timezone.localdate(due_at)
    if due_day == today:
        return {"text": _("Due today"), "overdue": False, "soon": True}
    workdays = _workdays_between(today, due_day)
    if workdays == 0:
        days = (due_day - today).days
        text = _("1 day left") if days == 1 else _("%(days)s days left") % {"days": days}
    elif workdays == 1:
        text = _("1 working day left")
    else:
        text = _("%(days)s working days left") % {"days": workdays}
    return {"text": text, "overdue": False, "soon": workdays <= 2}


@register.simple_tag
def deadline(due_at, now=None):
    """A badge saying how much time is left, coloured by urgency."""
    left = time_left(due_at, now)
    if left is None:
        return ""
    if left["overdue"]:
        css = "text-bg-danger"
    else:
        css = "text-bg-warning" if left["soon"] else "text-bg-light border"
    return format_html('<span class="badge {}">{}</span>', css, left["text"])


@register.simple_tag
def clock_state(dispute) -> str:
    """For a dispute with no running deadline: whether its clock is paused or it has no time limit."""
    return disputes_deadlines.time_left(dispute)["label"]


@register.simple_tag
def risk_badge(level: str):
    label = RiskLevel(level).label if level in RiskLevel.values else level
    short = RISK_SHORT.get(level, level)
    return format_html(
        '<span class="risk risk-{}" title="{}"><span class="risk-dot" aria-hidden="true"></span>{}</span>',
        level,
        label,
        short,
    )
