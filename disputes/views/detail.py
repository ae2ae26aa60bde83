"""The dispute page (案件详情): summary, parties, timeline, referrals, evidence, and its actions.

Every URL here takes a dispute code and loads the dispute through restrict(): outside the user's
scope it is a 404. Actions go through disputes.services; a refusal is shown with its reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from agencies.auth import user_display_name
from agencies.choices import BodyKind
from agencies.permissions import is_read_only, sees_personal_data
from agencies.tables import BODIES
from disputes.audit import personal_data_may_reveal, personal_data_view_record
from disputes.choices import HandlingResult, ReferralRoute, ReferralStatus, Stage
from disputes.clocks import dispute_clocks
from disputes.deadlines import with_clock_units
from disputes.forms import AttachmentForm
from disputes.masking import party_personal_data
from disputes.models import Dispute, DisputeEvent
from disputes.permissions import is_holder_staff
from disputes.selectors import dispute_merged_into, dispute_merged_list, dispute_referrals
from disputes.services import (
    attachment_add,
    available_transitions,
    failed_guard,
    transition_refusal,
)
from disputes.similar import similar_disputes
from disputes.transitions import TRANSITIONS
from disputes.views.common import (
    call_service,
    dispute_or_404,
    event_label,
    posted_version,
    transition_post,
)
from disputes.whistle import referral_route_default, referral_suggestions
from linze import uploads

HANDLING_RESULT_LABELS = dict(HandlingResult.choices)

# The order in which the refer form lists the kinds of bodies: agencies first, committees last.
REFER_KIND_ORDER = [
    BodyKind.POLICE_STATION,
    BodyKind.POLICE_BUREAU,
    BodyKind.DEPARTMENT,
    BodyKind.JUSTICE_BUREAU,
    BodyKind.PETITIONS_BUREAU,
    BodyKind.COURT,
    BodyKind.TRIBUNAL,
    BodyKind.PROCURATORATE,
    BodyKind.MASS_ORGANISATION,
    BodyKind.SECTOR_COMMITTEE,
    BodyKind.COUNTY_CENTRE,
    BodyKind.TOWN_CENTRE,
    BodyKind.JUDICIAL_OFFICE,
    BodyKind.TOWN_COMMITTEE,
    BodyKind.VILLAGE_COMMITTEE,
]
# Long lists the refer form folds away unless one of their bodies is chosen.
FOLDED_KINDS = {
    BodyKind.VILLAGE_COMMITTEE,
    BodyKind.TOWN_COMMITTEE,
    BodyKind.JUDICIAL_OFFICE,
    BodyKind.TOWN_CENTRE,
}


def _parties(dispute, *, masked: bool) -> list[dict]:
    return [
        {
            "role": party.get_role_display(),
            "kind": party.get_kind_display(),
            **party_personal_data(party, masked=masked),
        }
        for party in dispute.parties.all()
    ]


def _timeline(events, *, visible_codes=frozenset()) -> list[dict]:
    """Events with their labels; holder changes named with the bodies' names (from the process's table
    of bodies, no query).
    A merge names the other dispute only when the user may see it (`visible_codes`)."""
    codes = {
        event.payload.get(key) for event in events for key in ("from_holder", "to_holder") if event.payload
    } - {None, ""}
    names = {body.code: body.name for body in BODIES.rows() if body.code in codes} if codes else {}
    entries = []
    for event in events:
        payload = event.payload or {}
        entries.append(
            {
                "event": event,
                "label": event_label(event.transition),
                "actor": user_display_name(event.actor) if event.actor_id else None,
                "automatic": event.is_automatic or payload.get("automatic", False),
                "moved": event.from_status != event.to_status,
                "from_holder": names.get(payload.get("from_holder")),
                "to_holder": names.get(payload.get("to_holder")),
                "merged_into": payload.get("merged_into") in visible_codes and payload.get("merged_into"),
                "merged": payload.get("merged") in visible_codes and payload.get("merged"),
                "handling_result": HANDLING_RESULT_LABELS.get(payload.get("handling_result")),
                # An extension of a time limit: who approved it, and the deadline it moved to.
                "approved_by": payload.get("approved_by") if event.transition == "extend_clock" else None,
                "extended_to": parse_datetime(payload["to_due"])
                if event.transition == "extend_clock" and payload.get("to_due")
                else None,
            }
        )
    return entries


def _page_context(request, dispute, *, reveal: bool = False) -> dict:
    user = request.user
    masked = not sees_personal_data(user, holder_id=dispute.holder_id) and not reveal
    events = DisputeEvent.objects.filter(dispute=dispute).select_related("actor", "actor_body")
    events = list(events.order_by("created_at", "pk"))
    merged_disputes = list(dispute_merged_list(dispute=dispute, user=user))
    merged_into = dispute_merged_into(dispute=dispute, user=user)
    visible_codes = {merged.code for merged in merged_disputes} | (
        {merged_into.code} if merged_into else set()
    )
    now = timezone.now()
    clocks = dispute_clocks(dispute, now=now)
    # The earliest running clock's unit, as with_clock_state() would annotate it: the page's time left
    # (the time_left tag) reads it instead of the clock again.
    running = [clock for clock in clocks if not clock.time_left.paused]
    dispute.clock_earliest_unit = running[0].time_left.unit if running else None
    return {
        "dispute": dispute,
        "stage_label": Stage(dispute.stage).label,
        "parties": _parties(dispute, masked=masked),
        "masked": masked,
        "may_reveal": masked and personal_data_may_reveal(user, holder_id=dispute.holder_id),
        "timeline": _timeline(events, visible_codes=visible_codes),
        "referrals": with_clock_units(dispute_referrals(dispute=dispute)),
        "merged_disputes": merged_disputes,
        "merged_into": merged_into,
        "attachments": list(dispute.attachments.select_related("uploaded_by")),
        "actions": available_transitions(dispute, user),
        "is_holder": is_holder_staff(dispute, user),
        "read_only": is_read_only(user),
        "attachment_form": AttachmentForm(),
        "clocks": clocks,
        "now": now,
    }


@login_required
def detail(request, code: str):
    """The dispute page."""
    dispute = dispute_or_404(request, code, detail=True)
    return render(request, "disputes/detail.html", _page_context(request, dispute))


@login_required
def similar(request, code: str):
    """The dispute page's similar past cases (类案推送), which the page asks for once it is shown: a
    ranked search over the county's closed disputes that the page need not wait for. Without
    JavaScript the page links here, and this answers with a page of its own."""
    dispute = dispute_or_404(request, code)
    context = {
        "dispute": dispute,
        "similar": similar_disputes(
            user=request.user,
            title=dispute.title,
            description=dispute.description,
            category_id=dispute.category_id,
            exclude_id=dispute.pk,
        ),
    }
    template = "disputes/_similar.html" if request.htmx else "disputes/similar.html"
    return render(request, template, context)


@login_required
def detail_by_id(request, pk: int):
    """The dispute page by database id (links kept with an id, e.g. notifications): redirects to its code."""
    dispute = get_object_or_404(Dispute.objects.restrict(request.user, "view").only("pk", "code"), pk=pk)
    return redirect("disputes:detail", code=dispute.code)


@login_required
@require_POST
def reveal_parties(request, code: str):
    """Unmasks the parties on purpose, and records that it happened (who, which dispute, when)."""
    dispute = dispute_or_404(request, code, detail=True)
    if not personal_data_may_reveal(request.user, holder_id=dispute.holder_id):
        messages.error(request, _("Your role works with masked personal data only."))
        return redirect("disputes:detail", code=code)
    personal_data_view_record(user=request.user, dispute=dispute, ip_address=request.META.get("REMOTE_ADDR"))
    context = _page_context(request, dispute, reveal=True)
    if request.htmx:
        return render(request, "disputes/_parties.html", context)
    return render(request, "disputes/detail.html", context)


def _body_groups(form, dispute, name: str) -> list[dict]:
    """The refer form's bodies: those suggested for the dispute first (by its category and its town),
    then the rest grouped by kind; without the holder (it cannot be referred to itself) and, when a body
    is added to a running whistle, without the bodies already called in. Each body comes with its
    route (the one posted, else its default). The lead select offers only the bodies ticked."""
    chosen = {str(value) for value in (form["bodies"].value() or [])}
    bodies = list(form.fields["bodies"].queryset.exclude(pk=dispute.holder_id).order_by("code"))
    if name == "add_support":
        called_in = set(
            dispute.referrals.filter(
                status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
            ).values_list("body_id", flat=True)
        )
        bodies = [body for body in bodies if body.pk not in called_in]
    suggestions = referral_suggestions(dispute, bodies)
    posted_routes = form.posted_routes() if form.is_bound else {}

    def member(body) -> dict:
        return {
            "body": body,
            "checked": str(body.pk) in chosen,
            "id": f"{form.auto_id % 'bodies'}_{body.pk}",
            "route": posted_routes.get(str(body.pk)) or referral_route_default(body),
            "suggestion": suggestions.get(body.pk),
        }

    groups = []
    suggested = [member(body) for body in bodies if body.pk in suggestions]
    if suggested:
        groups.append(
            {"kind": "suggested", "label": _("Suggested for this dispute"), "bodies": suggested, "open": True}
        )
        groups[0]["suggested"] = True
    kind_labels = dict(BodyKind.choices)
    for kind in [*REFER_KIND_ORDER, *(k for k in BodyKind.values if k not in REFER_KIND_ORDER)]:
        members = [member(body) for body in bodies if body.kind == kind and body.pk not in suggestions]
        if members:
            groups.append(
                {
                    "kind": kind,
                    "label": kind_labels[kind],
                    "bodies": members,
                    "open": kind not in FOLDED_KINDS or any(m["checked"] for m in members),
                }
            )
    if "lead" in form.fields:
        ticked = [(group["label"], [m for m in group["bodies"] if m["checked"]]) for group in groups]
        form.fields["lead"].widget.choices = [("", _("Only one body: it leads"))] + [
            (label, [(m["body"].pk, m["body"].display_name) for m in members])
            for label, members in ticked
            if members
        ]
    return groups


def _last_return(dispute):
    """The lead referral the dispute came back from, when the dispute is to be referred again."""
    return (
        dispute.referrals.filter(is_lead=True, status=ReferralStatus.RETURNED)
        .select_related("body")
        .order_by("-pk")
        .first()
    )


def _action_context(request, dispute, name: str, form, *, refusal=None, version=None, show_form=True) -> dict:
    spec = TRANSITIONS[name]
    calls_in = show_form and "bodies" in form.fields
    context = {
        "dispute": dispute,
        "name": name,
        "label": spec.label,
        "form": form,
        "version": version if version is not None else dispute.version,
        "show_form": show_form,
        "refusal": refusal,
        "blocked_by": failed_guard(dispute, name) if refusal is None else None,
        "body_groups": _body_groups(form, dispute, name) if calls_in else None,
        "route_choices": ReferralRoute.choices,
        "last_return": _last_return(dispute) if calls_in and name == "refer" else None,
    }
    return context


def _render_action(request, context, *, status: int = 200):
    if request.htmx:
        # htmx swaps 2xx answers only: a refusal inside the panel is still the answer to show.
        return render(request, "disputes/_transition_form.html", context)
    return render(request, "disputes/act.html", context, status=status)


@login_required
def act(request, code: str, name: str):
    """One transition's small form: GET shows it (htmx loads it into the page), POST makes it."""
    dispute = dispute_or_404(request, code, detail=True)
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise Http404
    if request.method != "POST":
        refusal = transition_refusal(dispute, name, request.user)
        context = _action_context(
            request,
            dispute,
            name,
            spec.form(dispute=dispute),
            refusal=refusal,
            version=_shown_version(request.GET.get("v"), dispute),
            show_form=refusal is None,
        )
        return _render_action(request, context, status=200 if refusal is None else 403)
    posted = transition_post(request, dispute, name)
    if posted.done:
        messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
        return _back_to_page(request, dispute)
    if posted.stale:
        messages.warning(request, posted.refusal)
        return _back_to_page(request, dispute)
    context = _action_context(
        request,
        dispute,
        name,
        posted.form,
        refusal=posted.refusal,
        version=posted_version(request, dispute),
    )
    return _render_action(request, context, status=posted.status)


def _shown_version(value, dispute) -> int:
    """The version the page that opened the form showed (?v=), else the current one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return dispute.version


def _back_to_page(request, dispute):
    url = reverse("disputes:detail", kwargs={"code": dispute.code})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def attachment_upload(request, code: str):
    dispute = dispute_or_404(request, code)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(f"{reverse('disputes:detail', kwargs={'code': code})}#attachments")
    attachment = call_service(
        request,
        lambda: attachment_add(dispute_id=dispute.pk, user=request.user, upload=form.cleaned_data["file"]),
    )
    if attachment is not None:
        messages.success(request, _("%(name)s is attached.") % {"name": attachment.name})
    return redirect(f"{reverse('disputes:detail', kwargs={'code': code})}#attachments")


@login_required
def attachment_download(request, code: str, pk: int):
    dispute = dispute_or_404(request, code)
    attachment = get_object_or_404(dispute.attachments, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return uploads.download_response(handle, filename=attachment.name)
