"""The workbench's input forms: intake (登记) with its party rows, the grid report, the inbox filters.

Forms only read and validate; registration goes through disputes.services.dispute_register.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.choices import RegionKind
from agencies.fields import RegionCodeChoiceField
from agencies.models import Region
from agencies.tables import REGIONS
from disputes.choices import Channel, HandlingResult, PartyKind, PartyRole, RiskLevel, Status, Tier
from disputes.models import Category, Party, validate_attachment
from disputes.tables import CATEGORIES
from disputes.validators import validate_mobile
from linze.reference import TableChoiceIterator

# Where a dispute arises: a village, a community, or a state farm / forestry unit (which has no villages).
PLACE_KINDS = (RegionKind.VILLAGE, RegionKind.COMMUNITY, RegionKind.STATE_UNIT)
# The first select of the region picker: towns, and state units standing in for their own "town".
AREA_KINDS = (RegionKind.TOWN, RegionKind.STATE_UNIT)
PARTY_PREFIX = "parties"
MAX_PARTIES = 50


def areas():
    return Region.objects.filter(kind__in=AREA_KINDS).order_by("code")


def places_in(area: Region | None):
    """The places of an area: a town's villages and communities, or a state unit itself."""
    if area is None:
        return Region.objects.none()
    if area.kind == RegionKind.STATE_UNIT:
        return Region.objects.filter(pk=area.pk)
    return Region.objects.filter(parent=area, kind__in=PLACE_KINDS).order_by("code")


def grouped_place_choices(area: Region | None = None) -> list:
    """Choices for the village select: one <optgroup> per town (all of them without JavaScript)."""
    places = Region.objects.filter(kind__in=PLACE_KINDS).select_related("parent").order_by("code")
    if area is not None:
        places = places_in(area).select_related("parent")
    groups: dict[int, tuple[str, list]] = {}
    for place in places:
        group = place if place.kind == RegionKind.STATE_UNIT else place.parent
        groups.setdefault(group.pk, (group.display_name, []))[1].append((place.pk, place.display_name))
    return [("", _("Choose the village or community")), *groups.values()]


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ActiveCategoryField(CategoryChoiceField):
    """The active categories, offered from the process's table (no query to draw the select)."""

    iterator = TableChoiceIterator

    @staticmethod
    def table_rows() -> list[Category]:
        return [category for category in CATEGORIES.rows() if category.is_active]


class AreaField(RegionCodeChoiceField):
    """The towns (and state units) by code, offered from the process's table."""

    iterator = TableChoiceIterator

    @staticmethod
    def table_rows() -> list[Region]:
        return [region for region in REGIONS.rows() if region.kind in AREA_KINDS]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once, each checked by `validate_file` (by default the attachment rules); every
    file's error is reported, not only the first."""

    validate_file = staticmethod(validate_attachment)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def files_check(self, files: list) -> None:
        """The set as a whole (a subclass limits how many)."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        self.files_check(files)
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                self.validate_file(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class IntakeForm(forms.Form):
    """A dispute as staff take it in at a desk: what, where, how it came, how much is at stake."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("A short name for the dispute."),
        error_messages={"required": _("Give the dispute a short title.")},
    )
    category = ActiveCategoryField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose a category.")},
    )
    area = AreaChoiceField(
        label=_("Town"),
        queryset=areas(),
        required=False,
        empty_label=_("All towns"),
        help_text=_("Narrows the list of villages."),
    )
    region = PlaceChoiceField(
        label=_("Village or community"),
        queryset=Region.objects.filter(kind__in=PLACE_KINDS),
        error_messages={"required": _("Choose the village or community where the dispute arose.")},
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.ONLINE],
        initial=Channel.WALK_IN,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, what each side asks for, what was tried already."),
        error_messages={"required": _("Describe the dispute.")},
    )
    amount = forms.DecimalField(
        label=_("Amount in dispute (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    people_involved = forms.IntegerField(
        label=_("People involved"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to count the parties."),
    )
    personal_status_matter = forms.BooleanField(
        label=_("Identity, adoption or marriage-relation matter"),
        required=False,
        help_text=_("Such matters cannot be judicially confirmed."),
    )
    attachments = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_(
            "Photos, contracts, recordings (PDF, images, Office documents, text, MP3/M4A; 20 MB each)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = grouped_place_choices(self.selected_area())

    def selected_area(self) -> Region | None:
        value = self["area"].value()
        if not value:
            return None
        try:
            return Region.objects.filter(kind__in=AREA_KINDS).get(pk=value)
        except (Region.DoesNotExist, ValueError, TypeError):
            return None

    def clean(self):
        cleaned = super().clean()
        area, region = cleaned.get("area"), cleaned.get("region")
        if area is not None and region is not None and not places_in(area).filter(pk=region.pk).exists():
            self.add_error("region", _("This village or community is not in the chosen town."))
        return cleaned

    def dispute_data(self) -> dict:
        """The `data` argument of dispute_register."""
        fields = ("title", "description", "category", "region", "channel", "amount", "people_involved")
        data = {name: self.cleaned_data.get(name) for name in fields}
        data["personal_status_matter"] = self.cleaned_data.get("personal_status_matter", False)
        return data


class PartyForm(forms.ModelForm):
    """One party row: the model's validators check the ID number's checksum and the mobile number."""

    class Meta:
        model = Party
        fields = ["role", "kind", "name", "id_number", "phone", "address"]
        widgets = {
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "maxlength": 18}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "maxlength": 11}),
        }
        labels = {
            "role": pgettext_lazy("party", "Side"),
            "kind": pgettext_lazy("party", "Kind"),
            "name": pgettext_lazy("party", "Name"),
        }
        error_messages = {"name": {"required": _("Enter the party's name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = PartyRole.RESPONDENT if self.prefix_index() else PartyRole.APPLICANT
        self.fields["kind"].initial = PartyKind.PERSON

    def prefix_index(self) -> int:
        try:
            return int((self.prefix or "0").rsplit("-", 1)[-1])
        except ValueError:
            return 0

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def clean_phone(self) -> str:
        return (self.cleaned_data.get("phone") or "").strip().replace(" ", "").replace("-", "")

    def party_data(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields}


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.parties():
            raise ValidationError(_("A dispute needs at least one party."), code="no_parties")

    def kept_forms(self) -> list[PartyForm]:
        """Rows with something in them and not marked for removal, in order."""
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]

    def parties(self) -> list[dict]:
        return [form.party_data() for form in self.kept_forms()]


PartyFormSet = formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_PARTIES,
    absolute_max=MAX_PARTIES,
    can_delete=True,
    validate_max=True,
)


def party_formset(data=None, *, rows: int = 2) -> BasePartyFormSet:
    """The party rows: bound to a POST, or `rows` empty ones for a new dispute."""
    if data is not None:
        return PartyFormSet(data, prefix=PARTY_PREFIX)
    formset = PartyFormSet(prefix=PARTY_PREFIX)
    formset.extra = max(rows - formset.min_num, 0)
    return formset


def party_row_form(index: int) -> PartyForm:
    """One empty row with the formset prefix of position `index` (the htmx "add a party" answer)."""
    formset = PartyFormSet(prefix=PARTY_PREFIX)
    form = formset._construct_form(index, empty_permitted=True, use_required_attribute=False)
    return form


class GridReportForm(forms.Form):
    """The grid worker's report from the street: what, where, who, how urgent."""

    title = forms.CharField(
        label=_("What happened"),
        max_length=120,
        help_text=_("In a few words."),
        error_messages={"required": _("Give the dispute a short title.")},
    )
    category = ActiveCategoryField(
        label=_("Kind of dispute"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose a category.")},
    )
    description = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who argues with whom about what; anything urgent."),
        error_messages={"required": _("Describe the dispute.")},
    )
    region = PlaceChoiceField(
        label=_("Village or community"), queryset=Region.objects.none(), empty_label=None
    )
    name_1 = forms.CharField(label=_("Name (one side)"), max_length=100)
    phone_1 = forms.CharField(
        label=_("Mobile (one side)"), max_length=11, required=False, validators=[validate_mobile]
    )
    name_2 = forms.CharField(label=_("Name (other side)"), max_length=100, required=False)
    phone_2 = forms.CharField(
        label=_("Mobile (other side)"), max_length=11, required=False, validators=[validate_mobile]
    )
    risk_level = forms.ChoiceField(
        label=_("How urgent"),
        choices=RiskLevel.choices,
        initial=RiskLevel.YELLOW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, station_region: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        town = station_region.ancestor_of_kind(*AREA_KINDS) if station_region is not None else None
        self.fields["region"].queryset = (
            places_in(town) if town is not None else Region.objects.filter(kind__in=PLACE_KINDS)
        )
        if station_region is not None:
            self.fields["region"].initial = station_region.pk
        for name in ("phone_1", "phone_2"):
            self.fields[name].widget.attrs.update(inputmode="tel", autocomplete="off")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone_2") and not cleaned.get("name_2"):
            self.add_error("name_2", _("Give the name of the person this number belongs to."))
        return cleaned

    def dispute_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("title", "description", "category", "region")}
        data.update(channel=Channel.GRID_PATROL, risk_level=self.cleaned_data["risk_level"])
        return data

    def parties(self) -> list[dict]:
        parties = []
        for index, role in ((1, PartyRole.APPLICANT), (2, PartyRole.RESPONDENT)):
            name = (self.cleaned_data.get(f"name_{index}") or "").strip()
            if name:
                phone = (self.cleaned_data.get(f"phone_{index}") or "").strip()
                parties.append({"role": role, "kind": PartyKind.PERSON, "name": name, "phone": phone})
        return parties

    # dispute_register names party errors "parties[0].phone": where they go on this form.
    PARTY_FIELDS = {"name": "name_{}", "phone": "phone_{}"}


INBOX_SORTS = {"opened": _("Newest first"), "due": _("Due soonest first")}


class InboxFilterForm(forms.Form):
    """The filters of the work lists (GET); every field optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code, title or party name")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))])
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("Any")), *Tier.choices])
    category = ActiveCategoryField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Any"),
        to_field_name="code",
    )
    town = AreaField(label=_("Town"), required=False, queryset=areas(), empty_label=_("Any"))
    risk = forms.ChoiceField(label=_("Risk"), required=False, choices=[("", _("Any")), *RiskLevel.choices])
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(INBOX_SORTS.items()))

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = statuses or Status.choices
        self.fields["status"].choices = [("", _("Any")), *statuses]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload


# -- the agency inbox ---------------------------------------------------------------------------------


class ReferralReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for returning the referral.")},
    )


class ReferralCompleteForm(forms.Form):
    result = forms.CharField(
        label=_("Handling and outcome"),
        help_text=_("What your body did and how it ended. The lead body's completion closes the dispute."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what your body did.")},
    )
    # Required of the lead body, whose completion closes the dispute (the service says so when missing).
    handling_result = forms.ChoiceField(
        label=_("What the handling ended in"),
        choices=[("", "—"), *HandlingResult.choices],
        required=False,
        help_text=_("The lead body's choice sets the outcome the dispute closes with."),
    )
