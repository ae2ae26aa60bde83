"""The inputs each transition needs, as forms: the pages render them and the API validates with them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    COURT_OUTCOMES,
    HandlingResult,
    Outcome,
    ReferralRoute,
    ReferralStatus,
    RiskLevel,
    Tier,
)
from disputes.permissions import referable_bodies
from disputes.whistle import referral_route_default


class TransitionForm(forms.Form):
    """Base: every transition can carry a note for the timeline."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, dispute=None, **kwargs):
        self.dispute = dispute
        super().__init__(*args, **kwargs)


class ReasonForm(TransitionForm):
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason; it is recorded on the timeline.")},
    )


class ClockPauseForm(TransitionForm):
    note = forms.CharField(
        label=_("Why the clock stops"),
        help_text=_("For example: waiting for an injury appraisal (伤残鉴定); the time is not counted."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the clock stops; it is recorded on the timeline.")},
    )


class ClockResumeForm(TransitionForm):
    note = forms.CharField(
        label=_("Why the clock runs again"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the clock runs again; it is recorded on the timeline.")},
    )


class ClockExtensionForm(TransitionForm):
    """An extension of the step's time limit, which the law allows once: who approved it and why."""

    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=100,
        help_text=_(
            "Who approved the extension, by name and office (the court's president, the head of the "
            "body), or the parties who consented."
        ),
        error_messages={"required": _("Say who approved the extension; it is recorded on the timeline.")},
    )
    note = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reasons for the extension; they are recorded.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clock = self._step_clock()
        if clock is not None and clock.may_extend:
            from disputes.models.deadlines import DeadlineUnit, ExtensionBasis

            policy = clock.policy
            self.fields["approved_by"].help_text = _(
                "%(name)s may be extended once by %(amount)s %(unit)s, %(basis)s. Name who approved it."
            ) % {
                "name": policy.name,
                "amount": policy.extension_amount,
                "unit": DeadlineUnit(policy.unit).label,
                "basis": ExtensionBasis(policy.extension_basis).label,
            }

    def _step_clock(self):
        if self.dispute is None or self.dispute.pk is None:
            return None
        return self.dispute.clocks.filter(kind="step").select_related("policy").first()

    def clean_approved_by(self) -> str:
        approved_by = self.cleaned_data["approved_by"].strip()
        if not approved_by:
            raise forms.ValidationError(_("Say who approved the extension; it is recorded on the timeline."))
        return approved_by


class AssessForm(TransitionForm):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, required=False)


class StartMediationForm(TransitionForm):
    tier = forms.ChoiceField(
        label=_("Tier"),
        required=False,
        choices=[("", _("First tier of the ladder"))]
        + [(t.value, t.label) for t in (Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY)],
    )


class RoutedBodiesForm(TransitionForm):
    """Bodies to call in, each with its own route (which starts its own statutory clock).

    A body's route is, in this order: the one posted for it (`route_<pk>` from the page, or `routes`, a
    mapping of body id or code to route, from the API), the form's `route` for every body, its default
    (disputes.whistle.referral_route_default). `cleaned_data["routes"]` maps each body to its route.
    """

    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies to call in"),
        queryset=referable_bodies(),
        error_messages={
            "required": _("Choose at least one body to refer the dispute to."),
            "invalid_choice": _("%(value)s is not a body that takes referrals."),
        },
    )
    route = forms.ChoiceField(
        label=_("Route for every body"),
        choices=[("", _("Each body's own route")), *ReferralRoute.choices],
        required=False,
        help_text=_(
            "Each body is called in by its own route unless one is chosen here: police mediation for a "
            "police station, labour mediation and arbitration for the labour bureau, and so on."
        ),
    )

    def posted_routes(self) -> dict[str, str]:
        """The routes posted per body, keyed by body id or code (as strings)."""
        routes = {}
        mapping = self.data.get("routes")
        if isinstance(mapping, dict):
            routes.update({str(key): value for key, value in mapping.items()})
        for key in self.data:
            if key.startswith("route_"):
                value = self.data.get(key)
                routes[key.removeprefix("route_")] = value[0] if isinstance(value, list) else value
        return routes

    def clean(self):
        cleaned = super().clean()
        bodies = cleaned.get("bodies")
        if bodies is None:
            return cleaned
        posted, routes, wrong = self.posted_routes(), {}, []
        for body in bodies:
            route = (
                posted.get(str(body.pk)) or posted.get(body.code) or cleaned.get("route")
            ) or referral_route_default(body)
            if route not in ReferralRoute.values:
                wrong.append(body.display_name)
            routes[body] = route
        if wrong:
            self.add_error(
                "bodies",
                _("Choose one of the listed routes for %(bodies)s.") % {"bodies": "、".join(wrong)},
            )
        cleaned["routes"] = routes
        if self.dispute is not None and self.dispute.holder in bodies:
            self.add_error("bodies", _("The dispute cannot be referred to the body that already holds it."))
        return cleaned


class ReferForm(RoutedBodiesForm):
    lead = forms.ModelChoiceField(
        label=_("Lead body"),
        queryset=referable_bodies(),
        required=False,
        help_text=_("Required when several bodies are called in (the whistle); one of the bodies ticked."),
    )

    def clean(self):
        cleaned = super().clean()
        bodies, lead = cleaned.get("bodies"), cleaned.get("lead")
        if bodies is None:
            return cleaned
        if lead is None:
            if len(bodies) > 1:
                self.add_error("lead", _("Several bodies are called in: choose which one leads."))
            else:
                cleaned["lead"] = bodies[0]
        elif lead not in bodies:
            self.add_error(
                "lead",
                _(
                    "%(lead)s is not among the bodies ticked: the lead body must be one of the bodies "
                    "called in. Tick it, or choose the lead among those ticked."
                )
                % {"lead": lead.display_name},
            )
        return cleaned


class AddSupportForm(RoutedBodiesForm):
    """Calls further bodies into a running whistle; they support the lead, which stays the lead."""

    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies to add in support"),
        queryset=referable_bodies(),
        error_messages={
            "required": _("Choose at least one body to call in."),
            "invalid_choice": _("%(value)s is not a body that takes referrals."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        bodies = cleaned.get("bodies")
        if bodies is None or self.dispute is None:
            return cleaned
        open_ids = set(
            self.dispute.referrals.filter(
                status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
            ).values_list("body_id", flat=True)
        )
        already = [body.display_name for body in bodies if body.pk in open_ids]
        if already:
            self.add_error(
                "bodies",
                _("Already called in on this dispute: %(bodies)s.") % {"bodies": "、".join(already)},
            )
        return cleaned


class CloseHandledForm(TransitionForm):
    handling_result = forms.ChoiceField(
        label=_("What the handling ended in"),
        choices=HandlingResult.choices,
        error_messages={
            "required": _("Choose what the handling ended in; the dispute closes with the matching outcome."),
            "invalid_choice": _("Choose one of the listed results."),
        },
    )
    note = forms.CharField(
        label=_("Handling result"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe how the agency handled the dispute.")},
    )


class MergeForm(TransitionForm):
    into = forms.CharField(
        label=_("Code of the dispute it duplicates"),
        max_length=20,
        help_text=_("The dispute that goes on, e.g. LZ-2026-000123. This one closes as merged into it."),
        error_messages={"required": _("Give the code of the dispute this one is merged into.")},
    )
    note = forms.CharField(
        label=_("Why they are the same dispute"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the two are the same dispute; it is recorded on both timelines.")
        },
    )

    def clean_into(self):
        return self.cleaned_data["into"].strip().upper()


class DeclineForm(TransitionForm):
    note = forms.CharField(
        label=_("Guidance to the proper channel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the parties which channel to use instead; it is required.")},
    )


class CourtConcludeForm(TransitionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in COURT_OUTCOMES],
        error_messages={"invalid_choice": _("Choose judgment, court mediation or withdrawal.")},
    )


class ConfirmationRulingForm(TransitionForm):
    note = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


OUTCOME_LABELS = dict(Outcome.choices)
