"""The forms of the agency inbox: the reason for a return, the result of the handling."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mediation.forms import BootstrapForm


class ReferralReturnForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for returning the referral.")},
    )


class ReferralCompleteForm(BootstrapForm):
    result = forms.CharField(
        label=_("Handling and outcome"),
        help_text=_("What your body did and how it ended. The lead body's completion closes the dispute."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what your body did.")},
    )
