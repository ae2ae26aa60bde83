from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.choices import RegionKind
from agencies.fields import RegionCodeChoiceField
from agencies.models import Region
from alerts.choices import RuleKind, WarningLevel, WarningStatus


class WarningFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("live", _("Open and acknowledged")),
            *WarningStatus.choices,
            ("all", pgettext_lazy("warning status filter", "All")),
        ],
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", pgettext_lazy("any level", "Any")), *WarningLevel.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", pgettext_lazy("any kind", "Any")), *RuleKind.choices]
    )
    town = RegionCodeChoiceField(
        label=_("Town"),
        required=False,
        queryset=Region.objects.filter(kind=RegionKind.TOWN).order_by("code"),
        empty_label=pgettext_lazy("any town", "Any"),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["town"] = data["town"].code if data.get("town") else ""
        return {key: value for key, value in data.items() if value}


class HandleForm(forms.Form):
    note = forms.CharField(
        label=_("How it was handled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
