from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.transition_forms import TransitionForm
from mediation.choices import SessionResult

# What the record_agreement step takes from, and writes back to, the drafted agreement.
AGREEMENT_TEXT_FIELDS = ("facts", "terms", "performance", "effective_on")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RecordAgreementForm(TransitionForm):
    """record_agreement: starts from the drafted agreement (its facts, terms, performance and date), so
    that nothing is typed twice; what is changed here revises the draft. Without a draft, its contents
    come with the request (the facts start from the dispute's description)."""

    facts = forms.CharField(label=_("Facts and disputed issues"), required=False, widget=forms.Textarea)
    terms = forms.CharField(label=_("Agreed terms"), required=False, widget=forms.Textarea)
    performance = forms.CharField(
        label=_("How and when the terms are performed"), required=False, widget=forms.Textarea
    )
    effective_on = forms.DateField(label=_("Effective on"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound or self.dispute is None:
            return
        draft = self.dispute.latest_agreement
        if draft is not None:
            self.initial.update({name: getattr(draft, name) for name in AGREEMENT_TEXT_FIELDS})
        else:
            self.initial.update({"facts": self.dispute.description, "effective_on": timezone.localdate()})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("terms") and not cleaned.get("facts"):
            self.add_error("facts", _("State the facts and the disputed issues of the agreement."))
        return cleaned


# -- the pages' forms -------------------------------------------------------------------------------------


class VersionForm(forms.Form):
    """Carries the version of the dispute the page showed, so a stale page is told it changed meanwhile."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput)
    room = forms.ModelChoiceField(
        label=_("Mediation room"), queryset=None, required=False, empty_label=_("— another place —")
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=120,
        required=False,
        help_text=_("Where the session was held when it was not in one of the body's rooms."),
    )
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))
    result = forms.ChoiceField(label=_("Result"), choices=SessionResult.choices)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        if not self.is_bound:
            self.initial.setdefault("held_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("room") and not (cleaned.get("place") or "").strip():
            self.add_error("place", _("Choose a room or say where the session was held."))
        return cleaned


class AgreementForm(forms.Form):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties to the agreement"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("An agreement names at least one party.")},
    )
    facts = forms.CharField(label=_("Facts and disputed issues"), widget=forms.Textarea(attrs={"rows": 4}))
    terms = forms.CharField(label=_("Agreed terms"), widget=forms.Textarea(attrs={"rows": 5}))
    performance = forms.CharField(
        label=_("How and when the terms are performed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput)
    originals = forms.IntegerField(label=_("Number of originals"), min_value=1, max_value=20)

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        parties = dispute.parties.order_by("position", "pk")
        self.fields["parties"].queryset = parties
        self.fields["parties"].label_from_instance = lambda p: f"{p.name}（{p.get_role_display()}）"
        if not self.is_bound:
            party_list = list(parties)
            self.initial.update(
                {
                    "parties": party_list,
                    "facts": dispute.description,
                    "effective_on": timezone.localdate(),
                    # One original for each party and one for the mediation committee.
                    "originals": len(party_list) + 1,
                }
            )


class ObligationForm(forms.Form):
    obligor = forms.ModelChoiceField(label=_("Obligor"), queryset=None, required=False)
    description = forms.CharField(label=_("Obligation"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligor"].queryset = dispute.parties.order_by("position", "pk")
        self.fields["obligor"].label_from_instance = lambda p: p.name

    def clean(self):
        cleaned = super().clean()
        filled = any(cleaned.get(name) not in (None, "") for name in ("obligor", "amount", "due_on"))
        if filled and not cleaned.get("description"):
            self.add_error("description", _("Say what the obligor must do."))
        return cleaned


class BaseObligationFormSet(forms.BaseFormSet):
    def obligations(self) -> list[dict]:
        """The filled rows, as agreement_create takes them."""
        return [
            {name: form.cleaned_data.get(name) for name in ("obligor", "description", "amount", "due_on")}
            for form in self.forms
            if form.cleaned_data.get("description") and not form.cleaned_data.get("DELETE")
        ]


ObligationFormSet = forms.formset_factory(
    ObligationForm, formset=BaseObligationFormSet, extra=2, max_num=30, validate_max=True
)


class FollowUpForm(forms.Form):
    visited_at = forms.DateTimeField(label=_("Visited at"), widget=DateTimeInput)
    performed = forms.TypedChoiceField(
        label=_("Is the agreement being performed as agreed?"),
        choices=[("yes", _("Yes, as agreed")), ("no", _("No, not as agreed"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the agreement is being performed.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("visited_at", timezone.localtime().replace(second=0, microsecond=0))
