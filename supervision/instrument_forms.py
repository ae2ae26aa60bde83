from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.choices import RegionKind
from agencies.models import Body, Region
from supervision.choices import DecisionKind, StabilityRisk
from supervision.models import LegalEducationSession


class DecisionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Body.objects.none(), empty_label=None)
    region = forms.ModelChoiceField(
        label=_("Where it applies"),
        queryset=Region.objects.filter(kind__in=[RegionKind.COUNTY, RegionKind.TOWN, RegionKind.VILLAGE]),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Body.objects.filter(pk__in=[b.pk for b in departments])


class AssessmentForm(forms.Form):
    consultations = forms.CharField(label=_("Consultations held"), widget=forms.Textarea(attrs={"rows": 3}))
    risks = forms.CharField(label=_("Risks found"), widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Risk level"), choices=StabilityRisk.choices)
    mitigation = forms.CharField(
        label=_("Mitigation measures"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingRaiseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    reason = forms.CharField(label=_("Why it is raised"), widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(
        label=_("Place"), queryset=Region.objects.filter(kind__in=[RegionKind.COUNTY, RegionKind.TOWN])
    )


class ScheduleForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Meeting time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Meeting place"), max_length=120)


class HoldForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(label=_("Bodies that attended"), queryset=Body.objects.none())
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members


class TaskForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Assigned to"), queryset=Body.objects.none())
    description = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    due_at = forms.DateTimeField(label=_("Due"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = members


class EducationForm(forms.ModelForm):
    class Meta:
        model = LegalEducationSession
        fields = ["body", "held_on", "place", "topic", "audience", "villages"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])
        self.fields["body"].empty_label = None
        self.fields["villages"].queryset = Region.objects.filter(
            kind__in=[RegionKind.VILLAGE, RegionKind.COMMUNITY]
        )
