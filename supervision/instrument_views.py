"""Pages of the major decisions (社会稳定风险评估), the joint meeting alerts (联席会议) and legal education
(普法). Every read goes through the instrument's restrict(); refusals become messages, never a 500."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Body
from agencies.permissions import acting_body_ids, is_centre_staff, user_memberships
from alerts.conf import joint_meeting_body_kinds
from disputes.models import Dispute
from disputes.views.pagination import Sort, keyset_page
from supervision import services
from supervision.instrument_forms import (
    AssessmentForm,
    DecisionForm,
    EducationForm,
    HoldForm,
    MeetingRaiseForm,
    ScheduleForm,
    TaskForm,
)
from supervision.models import JointMeeting, JointMeetingTask, LegalEducationSession, MajorDecision
from supervision.permissions import (
    decision_departments,
    education_bodies,
    is_joint_meeting_member,
    leader_regions,
    uses_supervision,
)
from supervision.views import _refused

NEWEST = Sort("created_at", descending=True)


def _page(request, queryset):
    return keyset_page(
        queryset, sort=NEWEST, after=request.GET.get("after"), before=request.GET.get("before")
    )


# -- major decisions ---------------------------------------------------------------------------------------


@login_required
def decision_list(request):
    if not uses_supervision(request.user):
        raise PermissionDenied
    departments = decision_departments(request.user)
    form = DecisionForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _refused(
            request,
            lambda: services.decision_register(user=request.user, **data),
            _("The decision is registered; record its stability risk assessment."),
        ):
            return redirect("supervision:decisions")
    queryset = MajorDecision.objects.restrict(request.user).select_related("department", "region")
    return render(
        request,
        "supervision/decisions.html",
        {"page": _page(request, queryset), "query": "", "form": form if departments else None},
    )


@login_required
def decision_detail(request, pk: int):
    decision = get_object_or_404(
        MajorDecision.objects.restrict(request.user).select_related("department", "region"), pk=pk
    )
    return render(
        request,
        "supervision/decision.html",
        {
            "decision": decision,
            "assessments": list(decision.assessments.select_related("assessed_by")),
            "timeline": list(decision.events.select_related("actor", "actor_body")),
            "disputes": list(
                Dispute.objects.restrict(request.user).filter(decisions=decision).only("code", "title")
            ),
            "may_assess": decision.department_id in {b.pk for b in decision_departments(request.user)}
            and decision.status != "approved",
            "may_review": (request.user.is_superuser or is_centre_staff(request.user))
            and decision.status == "assessed",
            "may_link": request.user.is_superuser
            or is_centre_staff(request.user)
            or decision.department_id in {b.pk for b in decision_departments(request.user)},
            "assessment_form": AssessmentForm(),
        },
    )


def _decision_step(request, pk: int, action, done: str):
    get_object_or_404(MajorDecision.objects.restrict(request.user), pk=pk)
    _refused(request, action, done)
    return redirect("supervision:decision", pk=pk)


@login_required
@require_POST
def decision_assess(request, pk: int):
    post = request.POST
    return _decision_step(
        request,
        pk,
        lambda: services.decision_assess(
            decision_id=pk,
            user=request.user,
            consultations=post.get("consultations", ""),
            risks=post.get("risks", ""),
            level=post.get("level", ""),
            mitigation=post.get("mitigation", ""),
        ),
        _("The assessment is recorded."),
    )


@login_required
@require_POST
def decision_approve(request, pk: int):
    return _decision_step(
        request,
        pk,
        lambda: services.decision_approve(decision_id=pk, user=request.user),
        _("The decision is approved."),
    )


@login_required
@require_POST
def decision_link(request, pk: int):
    return _decision_step(
        request,
        pk,
        lambda: services.decision_link_dispute(
            decision_id=pk, user=request.user, code=request.POST.get("code", "")
        ),
        _("The dispute is linked to the decision."),
    )


# -- joint meetings ----------------------------------------------------------------------------------------


def _members():
    return Body.objects.filter(kind__in=list(joint_meeting_body_kinds()), is_active=True)


@login_required
def meeting_list(request):
    if not uses_supervision(request.user):
        raise PermissionDenied
    may_raise = request.user.is_superuser or any(
        m.body.kind == "petitions_bureau" and m.role != "leader" for m in user_memberships(request.user)
    )
    form = MeetingRaiseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not _refused(
            request,
            lambda: services.meeting_raise(user=request.user, **form.cleaned_data),
            _("The joint meeting is alerted."),
        )
    ):
        return redirect("supervision:meetings")
    queryset = JointMeeting.objects.restrict(request.user).select_related("region")
    return render(
        request,
        "supervision/meetings.html",
        {"page": _page(request, queryset), "query": "", "form": form if may_raise else None},
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(JointMeeting.objects.restrict(request.user).select_related("region"), pk=pk)
    member = request.user.is_superuser or is_joint_meeting_member(request.user)
    acting = acting_body_ids(request.user)
    tasks = list(meeting.tasks.select_related("body"))
    return render(
        request,
        "supervision/meeting.html",
        {
            "meeting": meeting,
            "tasks": [(task, task.body_id in acting or request.user.is_superuser) for task in tasks],
            "attendees": list(meeting.attendees.all()),
            "disputes": list(
                Dispute.objects.restrict(request.user)
                .filter(pk__in=meeting.disputes.values("pk"))
                .only("code", "title")
            ),
            "timeline": list(meeting.events.select_related("actor", "actor_body")),
            "member": member,
            "schedule_form": ScheduleForm(),
            "hold_form": HoldForm(members=_members()),
            "task_form": TaskForm(
                members=Body.objects.filter(is_active=True).exclude(kind__in=["leadership", "congress"])
            ),
        },
    )


def _meeting_step(request, pk: int, action, done: str):
    get_object_or_404(JointMeeting.objects.restrict(request.user), pk=pk)
    _refused(request, action, done)
    return redirect("supervision:meeting", pk=pk)


@login_required
@require_POST
def meeting_schedule(request, pk: int):
    form = ScheduleForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"meeting_at": None, "place": ""}
    return _meeting_step(
        request,
        pk,
        lambda: services.meeting_schedule(meeting_id=pk, user=request.user, **data),
        _("The meeting is scheduled."),
    )


@login_required
@require_POST
def meeting_hold(request, pk: int):
    return _meeting_step(
        request,
        pk,
        lambda: services.meeting_hold(
            meeting_id=pk,
            user=request.user,
            decisions=request.POST.get("decisions", ""),
            attendee_ids=[v for v in request.POST.getlist("attendees") if v.isdigit()],
        ),
        _("The meeting is recorded."),
    )


@login_required
@require_POST
def meeting_task_assign(request, pk: int):
    form = TaskForm(request.POST, members=Body.objects.filter(is_active=True))
    data = form.cleaned_data if form.is_valid() else {"body": None, "description": "", "due_at": None}
    return _meeting_step(
        request,
        pk,
        lambda: services.meeting_task_assign(meeting_id=pk, user=request.user, **data),
        _("The task is assigned."),
    )


@login_required
@require_POST
def meeting_close(request, pk: int):
    return _meeting_step(
        request,
        pk,
        lambda: services.meeting_close(meeting_id=pk, user=request.user),
        _("The joint meeting alert is closed."),
    )


@login_required
@require_POST
def task_complete(request, pk: int):
    task = JointMeetingTask.objects.filter(pk=pk).only("meeting_id").first()
    if task is None or not JointMeeting.objects.restrict(request.user).filter(pk=task.meeting_id).exists():
        raise Http404
    _refused(
        request,
        lambda: services.meeting_task_complete(
            task_id=pk, user=request.user, note=request.POST.get("note", "")
        ),
        _("The task is reported done."),
    )
    return redirect("supervision:meeting", pk=task.meeting_id)


# -- legal education ---------------------------------------------------------------------------------------


@login_required
def education_list(request):
    """Sessions of legal education: recorded by the justice bureau and judicial offices, read by them,
    the centres and the leaders."""
    bodies = education_bodies(request.user)
    if not (
        bodies or leader_regions(request.user) or is_centre_staff(request.user) or request.user.is_superuser
    ):
        raise PermissionDenied
    form = EducationForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and bodies and form.is_valid():
        data = {**form.cleaned_data, "villages": list(form.cleaned_data["villages"])}
        if not _refused(
            request,
            lambda: services.education_session_record(user=request.user, **data),
            _("The session is recorded."),
        ):
            return redirect("supervision:education")
    queryset = LegalEducationSession.objects.prefetch_related("villages").select_related("body")
    return render(
        request,
        "supervision/education.html",
        {"page": _page(request, queryset), "query": "", "form": form if bodies else None},
    )
