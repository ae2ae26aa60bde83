"""The citizens' pages: no login. Guide, explorer and directory read; submission and tracking write through
portal.services. What a visitor is in the middle of (a phone being confirmed, the dispute they track)
lives in their session, never in a URL."""

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies.models import Region
from disputes.forms import PLACE_KINDS, grouped_place_choices
from disputes.validators import mask_phone
from portal import selectors, services
from portal.challenge import challenge_check
from portal.conf import setting
from portal.forms import CodeForm, MessageForm, PhoneForm, SubmissionForm, TrackingForm
from portal.throttle import client_address

PENDING_PHONE = "portal:pending_phone"
CONFIRMED_PHONE = "portal:phone"
RECEIPT = "portal:receipt"
TRACKING = "portal:tracking"
TRACK_PENDING_PHONE = "portal:track_pending_phone"
TRACK_PHONE = "portal:track_phone"


def home(request):
    """The public landing page: the ways a citizen can resolve a dispute."""
    return render(request, "portal/home.html")


def guide(request):
    """解纷指引: every way, and a table comparing them side by side."""
    return render(request, "portal/guide.html", {"ways": selectors.guide_ways()})


def guide_way(request, slug: str):
    ways = selectors.guide_ways(slug=slug)
    if not ways:
        raise Http404
    way = ways[0]
    sections = {
        name: selectors.lines(way.localised(name))
        for name in ("steps", "what_to_bring", "advantages", "drawbacks")
    }
    return render(request, "portal/guide_way.html", {"way": way, **sections})


def _place(value) -> Region | None:
    if not value:
        return None
    try:
        return Region.objects.select_related("parent").get(pk=int(value), kind__in=PLACE_KINDS)
    except (ValueError, Region.DoesNotExist):
        return None


def explorer(request):
    """自助导航: one question at a time (answers so far in the query string), then the suggestions."""
    state = selectors.explorer_state(codes=request.GET.getlist("a"))
    context = {"state": state}
    if state.done and not state.danger:
        place = _place(request.GET.get("place"))
        context.update(
            place=place,
            place_groups=grouped_place_choices()[1:],
            bodies=selectors.nearest_bodies(sectors=state.sectors, place=place),
            rooms=selectors.brand_rooms(),
        )
    return render(request, "portal/explorer.html", context)


def directory(request):
    """找调解: the bodies a citizen may turn to, with address, hours and telephone, filterable by town."""
    towns = list(selectors.directory_towns())
    town = next((t for t in towns if str(t.pk) == request.GET.get("town", "")), None)
    after = None
    if ":" in request.GET.get("after", ""):
        after = tuple(request.GET["after"].split(":", 1))
    bodies, next_cursor = selectors.directory_page(town=town, after=after)
    return render(
        request,
        "portal/directory.html",
        {
            "towns": towns,
            "town": town,
            "bodies": bodies,
            "next_cursor": next_cursor,
            "rooms": selectors.brand_rooms() if after is None else [],
        },
    )


# -- online submission ------------------------------------------------------------------------------------


def _confirmed_phone(request) -> str | None:
    confirmed = request.session.get(CONFIRMED_PHONE)
    if not confirmed or time.time() - confirmed.get("at", 0) > setting("PORTAL_PHONE_CONFIRMED_SECONDS"):
        return None
    return confirmed["phone"]


def _code_sent(request, form) -> str | None:
    """A valid phone form whose question is answered: sends the one-time code and returns the phone;
    otherwise the form carries the reason and None is returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    problem = challenge_check(request.POST.get("challenge_token", ""), form.cleaned_data["challenge_answer"])
    if problem:
        form.add_error("challenge_answer", problem)
        return None
    phone = form.cleaned_data["phone"]
    try:
        services.phone_code_send(phone=phone, address=client_address(request))
    except services.Refused as refusal:
        form.add_error(None, str(refusal))
        return None
    return phone


@never_cache
def submit(request):
    """Step 1: the phone number and the question; a code is sent to the phone."""
    form = PhoneForm(request.POST or None)
    if (phone := _code_sent(request, form)) is not None:
        request.session[PENDING_PHONE] = phone
        return redirect("portal:submit_code")
    return render(request, "portal/submit_phone.html", {"form": form, "step": 1})


@never_cache
def submit_code(request):
    """Step 2: the code from the SMS confirms the phone for this visit."""
    phone = request.session.get(PENDING_PHONE)
    if not phone:
        messages.info(request, _("Start with your mobile number."))
        return redirect("portal:submit")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phone_code_check(phone=phone, code=form.cleaned_data["code"])
        except services.Refused as refusal:
            form.add_error("code", str(refusal))
        else:
            request.session[CONFIRMED_PHONE] = {"phone": phone, "at": time.time()}
            request.session.pop(PENDING_PHONE, None)
            return redirect("portal:submit_details")
    return render(
        request, "portal/submit_code.html", {"form": form, "phone_masked": mask_phone(phone), "step": 2}
    )


@never_cache
def submit_details(request):
    """Step 3: the dispute. It lands in the county centre's intake queue, channel online."""
    phone = _confirmed_phone(request)
    if phone is None:
        messages.info(request, _("Confirm your mobile number first."))
        return redirect("portal:submit")
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_limits_check(phone=phone, address=client_address(request))
            dispute, password = services.submission_create(
                phone=phone,
                data=form.dispute_data(),
                applicant=form.applicant(),
                respondent=form.respondent(),
                photos=form.cleaned_data["photos"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            request.session.pop(CONFIRMED_PHONE, None)
            request.session[RECEIPT] = {"code": dispute.code, "password": password}
            return redirect("portal:submit_done")
    photos_lost = request.method == "POST" and bool(request.FILES) and not form.is_valid()
    return render(
        request,
        "portal/submit_details.html",
        {"form": form, "phone_masked": mask_phone(phone), "step": 3, "photos_lost": photos_lost},
    )


@never_cache
def submit_done(request):
    receipt = request.session.get(RECEIPT)
    if not receipt:
        return redirect("portal:track")
    return render(request, "portal/submit_done.html", {"receipt": receipt})


# -- tracking ---------------------------------------------------------------------------------------------


@never_cache
def track(request):
    """进度查询: code and tracking password. One answer for an unknown code and a wrong password."""
    form = TrackingForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            dispute_id = services.tracking_login(
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            request.session.cycle_key()
            request.session[TRACKING] = dispute_id
            request.session.pop(RECEIPT, None)
            return redirect("portal:track_case")
    return render(request, "portal/track.html", {"form": form}, status=200)


@never_cache
def track_case(request):
    """The dispute the visitor signed in to track: public parts only; a message or document may be added."""
    dispute_id = request.session.get(TRACKING)
    if not dispute_id:
        return redirect("portal:track")
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tracking_message_add(
                dispute_id=dispute_id, text=form.cleaned_data["text"], upload=form.cleaned_data["document"]
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            for key, errors in getattr(error, "message_dict", {"document": error.messages}).items():
                form.add_error(key if key in form.fields else "document", errors)
        else:
            messages.success(request, _("Your message was sent to the body handling your dispute."))
            return redirect("portal:track_case")
    view = selectors.tracking_view(dispute_id=dispute_id)
    return render(request, "portal/track_case.html", {"view": view, "form": form})


@never_cache
def track_phone(request):
    """Tracking without the password: the phone that submitted the dispute, confirmed by a one-time code."""
    form = PhoneForm(request.POST or None)
    if (phone := _code_sent(request, form)) is not None:
        request.session.pop(TRACK_PHONE, None)
        request.session[TRACK_PENDING_PHONE] = phone
        return redirect("portal:track_phone_code")
    return render(request, "portal/track_phone.html", {"form": form})


@never_cache
def track_phone_code(request):
    """The code from the SMS; then the disputes submitted with that phone, one of which the visitor opens."""
    phone = request.session.get(TRACK_PENDING_PHONE)
    confirmed = request.session.get(TRACK_PHONE)
    if confirmed and time.time() - confirmed.get("at", 0) <= setting("PORTAL_PHONE_CONFIRMED_SECONDS"):
        submissions = selectors.submissions_of_phone(phone=confirmed["phone"])
        if request.method == "POST" and "dispute" in request.POST:
            chosen = next((s for s in submissions if str(s.dispute_id) == request.POST["dispute"]), None)
            if chosen is not None:
                request.session.cycle_key()
                request.session[TRACKING] = chosen.dispute_id
                return redirect("portal:track_case")
        return render(request, "portal/track_phone_choose.html", {"submissions": submissions})
    if not phone:
        return redirect("portal:track_phone")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phone_code_check(phone=phone, code=form.cleaned_data["code"])
        except services.Refused as refusal:
            form.add_error("code", str(refusal))
        else:
            request.session.pop(TRACK_PENDING_PHONE, None)
            request.session[TRACK_PHONE] = {"phone": phone, "at": time.time()}
            return redirect("portal:track_phone_code")
    return render(request, "portal/track_phone_code.html", {"form": form, "phone_masked": mask_phone(phone)})


@require_POST
def track_leave(request):
    request.session.pop(TRACKING, None)
    request.session.pop(TRACK_PHONE, None)
    return redirect("portal:track")
