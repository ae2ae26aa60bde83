"""The citizens' forms. They only read and validate; writes go through portal.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Region
from disputes.forms import (
    PLACE_KINDS,
    ActiveCategoryField,
    MultipleFileField,
    MultipleFileInput,
    PlaceChoiceField,
    grouped_place_choices,
)
from disputes.models import Category
from disputes.validators import validate_mobile, validate_resident_id
from portal.challenge import challenge_new
from portal.conf import setting
from portal.services import validate_photo


def _digits(value: str) -> str:
    return (value or "").strip().replace(" ", "").replace("-", "")


class FreshInput(forms.TextInput):
    """A text input that never shows what was typed: the challenge's answer is asked afresh each time."""

    def format_value(self, value):
        return None


class PhoneForm(forms.Form):
    """Step 1 of a submission: the phone to confirm, and the question that keeps scripts out."""

    phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        validators=[validate_mobile],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We send a confirmation code to it, and later news of your dispute."),
        error_messages={"required": _("Enter your mobile number.")},
    )
    challenge_answer = forms.CharField(
        max_length=4,
        widget=FreshInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("This question keeps automatic programs out."),
        error_messages={"required": _("Answer the question.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh question on every page; its signed token travels in a hidden input beside the form.
        self.challenge_question, self.challenge_token = challenge_new()
        self.fields["challenge_answer"].label = self.challenge_question

    def clean_phone(self) -> str:
        return _digits(self.cleaned_data["phone"])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Confirmation code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("The six digits of the SMS we sent."),
        error_messages={"required": _("Enter the code from the SMS.")},
    )


class PhotoField(MultipleFileField):
    """Up to a few photos, each a JPEG or PNG within the size limit."""

    validate_file = staticmethod(validate_photo)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def files_check(self, files: list) -> None:
        if len(files) > setting("PORTAL_PHOTO_MAX_COUNT"):
            raise ValidationError(
                _("Send at most %(count)s photos."), params={"count": setting("PORTAL_PHOTO_MAX_COUNT")}
            )


class SubmissionForm(forms.Form):
    """Step 3: the dispute itself. The phone is the one confirmed in step 2."""

    name = forms.CharField(
        label=_("Your name"), max_length=100, error_messages={"required": _("Enter your name.")}
    )
    id_number = forms.CharField(
        label=_("Your resident ID number"),
        max_length=18,
        required=False,
        validators=[validate_resident_id],
        help_text=_("Optional; it helps staff find you."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Your address"), max_length=200, required=False)
    other_name = forms.CharField(
        label=_("Name of the other side"),
        max_length=100,
        help_text=_("A person or an organisation."),
        error_messages={"required": _("Enter the name of the other side.")},
    )
    other_phone = forms.CharField(
        label=_("Mobile number of the other side"),
        max_length=20,
        required=False,
        validators=[validate_mobile],
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("Optional."),
    )
    other_address = forms.CharField(label=_("Address of the other side"), max_length=200, required=False)
    region = PlaceChoiceField(
        label=_("Village or community where it happened"),
        queryset=Region.objects.filter(kind__in=PLACE_KINDS),
        error_messages={"required": _("Choose the village or community where the dispute arose.")},
    )
    category = ActiveCategoryField(
        label=_("What the dispute is about"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose what the dispute is about.")},
    )
    title = forms.CharField(
        label=_("In a few words"),
        max_length=120,
        help_text=_("For example: wages for the greenhouse work not paid."),
        error_messages={"required": _("Say in a few words what the dispute is.")},
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe what happened.")},
    )
    wish = forms.CharField(
        label=_("What you want"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what you want to achieve.")},
    )
    amount = forms.DecimalField(
        label=_("Amount in dispute (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    photos = PhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Optional: up to 3 JPEG or PNG photos, 5 MB each."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = grouped_place_choices()
        self.fields["photos"].help_text = _(
            "Optional: up to %(count)s JPEG or PNG photos, %(size)s MB each."
        ) % {"count": setting("PORTAL_PHOTO_MAX_COUNT"), "size": setting("PORTAL_PHOTO_MAX_BYTES") // 1048576}

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def clean_other_phone(self) -> str:
        return _digits(self.cleaned_data.get("other_phone"))

    def dispute_data(self) -> dict:
        data = self.cleaned_data
        description = f"{data['description']}\n\n{_('What the applicant wants')}: {data['wish']}"
        return {
            "title": data["title"],
            "description": description,
            "category": data["category"],
            "region": data["region"],
            "amount": data.get("amount"),
        }

    def applicant(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "id_number": self.cleaned_data.get("id_number", ""),
            "address": self.cleaned_data.get("address", ""),
        }

    def respondent(self) -> dict:
        return {
            "name": self.cleaned_data["other_name"],
            "phone": self.cleaned_data.get("other_phone", ""),
            "address": self.cleaned_data.get("other_address", ""),
        }

    # dispute_register's field errors, back on the fields they concern.
    PARTY_FIELDS = {
        "parties[0].name": "name",
        "parties[0].id_number": "id_number",
        "parties[0].address": "address",
        "parties[1].name": "other_name",
        "parties[1].phone": "other_phone",
        "parties[1].address": "other_address",
    }

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            name = self.PARTY_FIELDS.get(key, key)
            self.add_error(name if name in self.fields else None, messages)


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Dispute code"),
        max_length=20,
        help_text=_("For example LZ-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the dispute code.")},
    )
    password = forms.CharField(
        label=_("Tracking password"),
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the tracking password.")},
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The body handling your dispute reads it."),
    )
    document = forms.FileField(
        label=_("A document"),
        required=False,
        help_text=_("Optional: a photo, PDF or Office document, at most 20 MB."),
    )
