from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Body
from dashboards.congress.models import ActivityKind


class ReportForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Reporting body"), queryset=Body.objects.filter(is_active=True).order_by("kind", "code")
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    file = forms.FileField(label=_("Document"))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies asked to answer"),
        queryset=Body.objects.filter(is_active=True).order_by("kind", "code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    asked = forms.CharField(label=_("What is asked of them"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Answer due"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("An inspection cannot be recorded before it is held."))
        return held_on


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
