from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.choices import RiskLevel, Status, Tier
from disputes.models import Category


class ExportForm(forms.Form):
    """What narrows the register beyond the cockpit's period and region."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("All")), *Tier.choices])
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.filter(is_active=True).order_by("sort_order", "code"),
        to_field_name="code",
        empty_label=_("All"),
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"), required=False, choices=[("", _("All")), *RiskLevel.choices]
    )

    def filters(self) -> dict:
        """The cleaned filters as strings, as the job stores them and dispute_list() reads them."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        if data.get("category") is not None:
            data["category"] = data["category"].code
        return {key: value for key, value in data.items() if value}
