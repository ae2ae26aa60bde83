"""The form renderer: Django's templates for every widget, except the few every page draws many times.

A `<select>` of 20 options costs Django's template engine about 45 template renders (the select, an
include of `attrs.html` per option, the option itself); on the work lists and the dispute page that
was a third of the time the page took. `Renderer` writes the plain `<input>` and the `<select>` with
its options in Python, producing exactly the HTML of Django's own templates (`tests/linze/
test_forms_renderer.py` compares the two), and leaves every other widget — and every template a
project or a widget overrides — to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Renderer"]


def _attrs(attrs: dict) -> str:
    """` name="value"` for each attribute, as django/forms/widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(context: dict) -> SafeString:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return mark_safe(
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(context: dict) -> SafeString:
    widget = context["widget"]
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return mark_safe(
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def _select(context: dict) -> SafeString | None:
    widget = context["widget"]
    lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # a widget with options of its own: its templates draw it
            lines.append("\n  " + _option(option) + "\n")  # the include keeps its final newline
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return mark_safe("".join(lines))


FAST = {
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/search.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/url.html": _input,
    "django/forms/widgets/tel.html": _input,
    "django/forms/widgets/password.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/datetime.html": _input,
    "django/forms/widgets/time.html": _input,
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class Renderer(DjangoTemplates):
    """Django's template renderer with the common widgets drawn in Python (same HTML, fewer renders)."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            html = fast(context)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
