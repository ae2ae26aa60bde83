"""The Python-drawn widgets of linze.forms.Renderer write exactly the HTML of Django's templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from linze.forms import Renderer

TRICKY = 'a "quoted" <b>&amp; 工资'


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": TRICKY, "data-x": 3}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"disabled": False}))
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    agreed = forms.BooleanField()
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("Any")), ("a&b", TRICKY), ("safe", mark_safe("<i>x</i>"))]
    )
    grouped = forms.ChoiceField(choices=[("Town", [("1", "沙河镇"), ("2", "新华镇")]), ("3", "other")])
    several = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "three")])
    yes_no = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=[("1", "one"), ("2", "two")], widget=forms.RadioSelect)


BOUND = {
    "text": TRICKY,
    "search": "工资",
    "number": "12",
    "email": "x@example.org",
    "password": 'p"w',
    "hidden": "<h>",
    "day": "2026-12-01",
    "note": "line one\n<script>alert(1)</script>",
    "agreed": "on",
    "status": "a&b",
    "grouped": "2",
    "several": ["1", "3"],
    "yes_no": "true",
    "radio": "2",
}


@pytest.mark.parametrize("data", [None, BOUND, {"text": "", "note": ""}], ids=["unbound", "bound", "empty"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_widget_is_drawn_as_django_draws_it(data, language):
    with override(language):
        for name in EveryWidget.base_fields:
            ours = str(EveryWidget(data, renderer=Renderer())[name])
            djangos = str(EveryWidget(data, renderer=DjangoTemplates())[name])
            assert ours == djangos, name


def test_planted_markup_is_escaped():
    html = str(EveryWidget(BOUND, renderer=Renderer())["note"])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
