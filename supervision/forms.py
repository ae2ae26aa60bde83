import re

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Body
from disputes.models import Dispute
from supervision.models import Suggestion


class SuggestionForm(forms.ModelForm):
    """A draft: the body it goes to, what was found, what is suggested, and the disputes behind it."""

    dispute_codes = forms.CharField(
        label=_("Disputes cited"),
        required=False,
        help_text=_("Dispute codes, separated by spaces or commas (LZ-2026-000123)."),
    )

    class Meta:
        model = Suggestion
        fields = ["issuer", "recipient", "reference", "title", "problem", "suggestion"]

    def __init__(self, *args, user, issuers, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuer"].queryset = Body.objects.filter(pk__in=[b.pk for b in issuers])
        self.fields["issuer"].empty_label = None
        self.fields["recipient"].queryset = recipients

    def clean_dispute_codes(self):
        codes = sorted({c for c in re.split(r"[\s,，;；]+", self.cleaned_data.get("dispute_codes", "")) if c})
        found = dict(Dispute.objects.restrict(self.user).filter(code__in=codes).values_list("code", "pk"))
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("No dispute you may open has the code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return [found[c] for c in codes]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 5}))
    documents = forms.FileField(
        label=_("Documents"), required=False, widget=MultipleFileInput(attrs={"multiple": True})
    )
