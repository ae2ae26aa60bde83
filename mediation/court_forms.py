"""The inputs of the court's steps: filing under a case number, delegating to a chosen mediation body, and
ruling on a judicial confirmation under the confirmation case's number. The court's pages render them and
the API validates with them (mediation/apps.py hands them to disputes/transitions.py `extend()`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Body
from disputes.choices import Tier
from disputes.ladder import holder_for
from disputes.transition_forms import ConfirmationRulingForm, ReasonForm, TransitionForm
from mediation.case_numbers import CONFIRMATION_TYPES, EXAMPLE, FILING_TYPES, case_number_clean
from mediation.models import MediationRoom
from mediation.permissions import DELEGATION_KINDS, delegation_refusal


def _case_number_field(example: str) -> forms.CharField:
    return forms.CharField(
        label=_("Case number (案号)"),
        max_length=60,
        help_text=_("As the court's register gives it, e.g. %(example)s; ( ) may be typed for （ ）.")
        % {"example": example},
        error_messages={"required": _("Give the court's case number (案号).")},
    )


class _CaseNumberMixin:
    case_types: tuple[str, ...] = ()
    field_order = ["case_number", "note"]

    def clean_case_number(self) -> str:
        court = self.dispute.holder if self.dispute is not None else None
        return case_number_clean(self.cleaned_data["case_number"], court=court, types=self.case_types)


class CourtFileForm(_CaseNumberMixin, TransitionForm):
    """court_file: the case number the court's register gave the filed case."""

    case_types = FILING_TYPES
    case_number = _case_number_field(EXAMPLE)


class ConfirmRulingForm(_CaseNumberMixin, ConfirmationRulingForm):
    """confirm: the ruling that the agreement is valid, under the confirmation case's number."""

    case_types = CONFIRMATION_TYPES
    case_number = _case_number_field("（2026）甘0723民特12号")


class RejectRulingForm(_CaseNumberMixin, ReasonForm):
    """reject_confirmation: the ruling that rejects the application, with its reasons."""

    case_types = CONFIRMATION_TYPES
    case_number = _case_number_field("（2026）甘0723民特12号")


# The order in which the delegation form lists the kinds of mediation bodies.
_KIND_ORDER_SHOWN = [
    "town_committee",
    "sector_committee",
    "county_centre",
    "judicial_office",
    "town_centre",
    "village_committee",
]


def delegation_tier(body: Body) -> str:
    """The rung a delegated dispute sits on: the level of the region the chosen body serves."""
    kind = body.region.kind
    if kind == "county":
        return Tier.COUNTY
    if kind == "town":
        return Tier.TOWN
    return Tier.VILLAGE


class CourtDelegateForm(TransitionForm):
    """court_delegate (委派调解): the mediation body the court chooses, or one of its mediation rooms (the
    brand rooms among them). Without a choice, the town mediation committee of the dispute's town."""

    body = forms.ModelChoiceField(
        label=_("Mediation body"),
        queryset=Body.objects.filter(is_active=True).select_related("region"),
        required=False,
        help_text=_("Without a choice, the town mediation committee of the dispute's town."),
        error_messages={"invalid_choice": _("Choose one of the mediation bodies listed.")},
    )
    room = forms.ModelChoiceField(
        label=_("Mediation room"),
        queryset=MediationRoom.objects.filter(body__kind__in=DELEGATION_KINDS).select_related("body"),
        required=False,
        help_text=_("A brand room (品牌调解室) or another room; its body takes the dispute."),
        error_messages={"invalid_choice": _("Choose one of the mediation rooms listed.")},
    )
    field_order = ["body", "room", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lists offer the bodies able to mediate; anything else posted is refused with the reason.
        # No body is preselected, so that choosing a room alone is enough: the empty choice names the
        # town committee the dispute goes to without one.
        default = None
        if self.dispute is not None:
            default = holder_for(tier=Tier.TOWN, holder_kind=None, region=self.dispute.region)
        self.fields["body"].widget.choices = self._body_choices(default)
        self.fields["room"].widget.choices = self._room_choices()

    @staticmethod
    def _body_choices(default: Body | None) -> list:
        bodies = Body.objects.filter(kind__in=DELEGATION_KINDS, is_active=True).order_by("code")
        labels = dict(Body._meta.get_field("kind").choices)
        groups: dict[str, list] = {}
        for body in bodies:
            groups.setdefault(body.kind, []).append((body.pk, body.display_name))
        empty = f"— {default.display_name} —" if default is not None else _("— the town committee —")
        return [("", empty)] + [(labels[kind], groups[kind]) for kind in _KIND_ORDER_SHOWN if kind in groups]

    def _room_choices(self) -> list:
        rooms = self.fields["room"].queryset.order_by("-is_brand", "body__code", "name")
        return [("", _("— no particular room —"))] + [
            (room.pk, f"{room.name}（{room.body.display_name}）") for room in rooms
        ]

    def clean_body(self):
        body = self.cleaned_data.get("body")
        if body is not None and (refusal := delegation_refusal(body)):
            raise ValidationError(refusal)
        return body

    def clean(self):
        cleaned = super().clean()
        body, room = cleaned.get("body"), cleaned.get("room")
        if room is not None:
            if body is not None and room.body_id != body.pk:
                self.add_error("room", _("That room belongs to another body than the one chosen."))
            else:
                cleaned["body"] = room.body
        return cleaned
