from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.transition_forms import TransitionForm


class RecordAgreementForm(TransitionForm):
    """record_agreement: either an agreement was drafted already, or its contents come with the request."""

    facts = forms.CharField(label=_("Facts and disputed issues"), required=False, widget=forms.Textarea)
    terms = forms.CharField(label=_("Agreed terms"), required=False, widget=forms.Textarea)
    performance = forms.CharField(
        label=_("How and when the terms are performed"), required=False, widget=forms.Textarea
    )
    effective_on = forms.DateField(label=_("Effective on"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("terms") and not cleaned.get("facts"):
            self.add_error("facts", _("State the facts and the disputed issues of the agreement."))
        return cleaned
