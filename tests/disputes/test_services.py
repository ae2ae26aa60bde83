"""The dispute services: registration, what every transition writes, grants, referrals, side effects."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from agencies.choices import Role
from agencies.models import Body
from disputes import services, signals
from disputes.choices import ReferralStatus, Status, Tier
from disputes.models import Dispute, DisputeEvent, DisputeGroupObjectPermission, Party, Referral
from linze.exceptions import Conflict
from tests.factories import (
    DAZHAI,
    DONGZHAI,
    PartyDataFactory,
    dispute_data,
    dispute_in_state,
    parties_data,
    register_dispute,
    staff,
    transition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def counts() -> tuple[int, int, int]:
    return Dispute.objects.count(), Party.objects.count(), DisputeEvent.objects.count()


# -- registration ------------------------------------------------------------------------------------


def test_codes_follow_the_format_and_increase(users):
    codes = [register_dispute(user=users["grid_dongzhai"]).code for _ in range(3)]

    year = timezone.localdate().year
    assert all(re.fullmatch(rf"LZ-{year}-\d{{6}}", code) for code in codes), codes
    numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


@pytest.mark.parametrize(
    "username,holder,tier",
    [
        ("grid_dongzhai", "shahe-dongzhai-grid", Tier.GRID),
        ("mediator_dongzhai", "shahe-dongzhai-committee", Tier.VILLAGE),
        ("mediator_shahe", "shahe-committee", Tier.TOWN),
        ("centre", "county-centre", Tier.COUNTY),
        (None, "county-centre", Tier.COUNTY),
    ],
)
def test_the_registering_users_body_holds_the_new_dispute(username, holder, tier, users):
    user = users[username] if username else None

    dispute = register_dispute(user=user)

    assert (dispute.status, dispute.holder.code, dispute.tier) == (Status.REPORTED, holder, tier)
    assert dispute.reported_by == user
    assert dispute.due_at is not None and dispute.warn_at is not None
    assert timezone.now() < dispute.warn_at < dispute.due_at
    event = DisputeEvent.objects.get(dispute=dispute)
    assert (event.transition, event.from_status, event.to_status, event.actor) == (
        "register",
        "",
        Status.REPORTED,
        user,
    )
    assert event.actor_body == (dispute.holder if user else None)


def test_registration_keeps_the_parties_in_order(users):
    parties = parties_data(3)

    dispute = register_dispute(user=users["grid_dongzhai"], parties=parties)

    assert list(dispute.parties.values_list("name", "role", "id_number", "phone")) == [
        (p["name"], p["role"], p["id_number"], p["phone"]) for p in parties
    ]


def test_registration_ignores_a_status_in_the_input(users):
    dispute = register_dispute(user=users["grid_dongzhai"], status=Status.CLOSED, outcome="judgment")

    assert (dispute.status, dispute.outcome) == (Status.REPORTED, "")


def _with_party(**changes):
    return {"parties": [PartyDataFactory(**changes), PartyDataFactory(role="respondent")]}


@pytest.mark.parametrize(
    "change,field",
    [
        pytest.param(_with_party(id_number="110105194912310021"), "id_number", id="id-checksum"),
        pytest.param(_with_party(id_number="11010519491231002"), "id_number", id="id-17-digits"),
        pytest.param(_with_party(phone="12800138000"), "phone", id="phone-prefix-12"),
        pytest.param(_with_party(phone="1380013800"), "phone", id="phone-10-digits"),
        pytest.param(_with_party(role="judge"), "role", id="party-role"),
        pytest.param(_with_party(name=""), "name", id="party-name-empty"),
        pytest.param({"parties": []}, "parties", id="no-parties"),
        pytest.param({"data": {"category": None}}, "category", id="category-none"),
        pytest.param({"data": {"region": None}}, "region", id="region-none"),
        pytest.param({"drop": "category"}, "category", id="category-missing"),
        pytest.param({"drop": "region"}, "region", id="region-missing"),
        pytest.param({"drop": "title"}, "title", id="title-missing"),
        pytest.param({"data": {"title": ""}}, "title", id="title-empty"),
        pytest.param({"data": {"channel": "carrier_pigeon"}}, "channel", id="channel-unknown"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(change, field, users):
    data = dispute_data()
    data.update(change.get("data", {}))
    data.pop(change.get("drop"), None)
    parties = change.get("parties", parties_data())
    before = counts()

    with pytest.raises(ValidationError) as refused:
        services.dispute_register(user=users["grid_dongzhai"], data=data, parties=parties)

    named = [key for key in refused.value.message_dict if field == key or key.endswith(f".{field}")]
    assert named, refused.value.message_dict
    assert counts() == before


def test_the_bad_party_is_named_with_its_position(users):
    parties = [PartyDataFactory(), PartyDataFactory(role="respondent", id_number="110105194912310021")]

    with pytest.raises(ValidationError) as refused:
        services.dispute_register(user=users["grid_dongzhai"], data=dispute_data(), parties=parties)

    assert list(refused.value.message_dict) == ["parties[1].id_number"]


# -- what a transition writes ---------------------------------------------------------------------------


def test_a_transition_writes_one_event_with_who_from_which_body_from_to_and_note(users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"], actor=users["grid_dongzhai"])
    dispute = transition(dispute, "escalate", user=users["grid_dongzhai"])
    events_before = dispute.events.count()

    dispute = transition(dispute, "escalate", user=users["mediator_dongzhai"], note="村调委调解两次未果")

    assert dispute.events.count() == events_before + 1
    event = dispute.events.latest("pk")
    assert (event.transition, event.from_status, event.to_status, event.note) == (
        "escalate",
        Status.MEDIATING,
        Status.MEDIATING,
        "村调委调解两次未果",
    )
    assert (event.actor, event.actor_body.code) == (users["mediator_dongzhai"], "shahe-dongzhai-committee")
    assert (event.payload["from_holder"], event.payload["to_holder"], event.payload["tier"]) == (
        "shahe-dongzhai-committee",
        "shahe-committee",
        Tier.TOWN,
    )


def test_the_event_names_the_body_the_user_acted_for_not_the_one_that_received_the_dispute():
    # A village mediator who is also the village's grid worker escalates a grid-tier dispute: they act
    # for the grid station, which held it; the village committee is where it goes.
    both = staff(["shahe-dongzhai-grid", "shahe-dongzhai-committee"], Role.MEDIATOR)
    dispute = dispute_in_state("mediating", reporter=both, actor=both)
    assert dispute.holder.code == "shahe-dongzhai-grid"

    dispute = transition(dispute, "escalate", user=both)

    event = dispute.events.latest("pk")
    assert event.actor_body.code == "shahe-dongzhai-grid"
    assert event.payload["to_holder"] == "shahe-dongzhai-committee"


def test_the_system_escalates_without_a_user_and_the_timeline_says_so(users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"])

    dispute = services.dispute_transition(
        dispute_id=dispute.pk, user=None, name="escalate", data={"note": "调解期限届满"}, system=True
    )

    assert (dispute.tier, dispute.holder.code) == (Tier.VILLAGE, "shahe-dongzhai-committee")
    event = dispute.events.latest("pk")
    assert (event.actor, event.actor_body, event.payload["automatic"]) == (None, None, True)
    assert event.is_automatic


def test_a_transition_restarts_the_clock_for_the_new_step(users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("reported", reporter=grid)
    reported_due = dispute.due_at  # one working day to take it up

    dispute = transition(dispute, "assess", user=grid)  # two working days to assess
    assert dispute.due_at > reported_due
    assert dispute.warn_at < dispute.due_at

    dispute = transition(dispute, "withdraw", user=grid)
    assert (dispute.due_at, dispute.warn_at) == (None, None)


def test_bad_transition_input_is_a_validation_error_naming_the_field_and_writes_nothing(users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"], actor=users["grid_dongzhai"])
    before = (dispute.version, dispute.events.count())

    with pytest.raises(ValidationError) as refused:
        services.dispute_transition(
            dispute_id=dispute.pk, user=users["grid_dongzhai"], name="escalate", data={}
        )

    assert "note" in refused.value.message_dict
    dispute.refresh_from_db()
    assert (dispute.version, dispute.events.count()) == before


# -- grants ------------------------------------------------------------------------------------------------


def grants(dispute) -> dict[str, set[str]]:
    rows = DisputeGroupObjectPermission.objects.filter(content_object=dispute).values_list(
        "group__body__code", "permission__codename"
    )
    result: dict[str, set[str]] = {}
    for body, codename in rows:
        result.setdefault(body, set()).add(codename)
    return result


def test_the_viewing_bodies_column_says_what_the_view_grants_say(users):
    """restrict() reads Dispute.viewer_bodies; dispute_grants_sync writes it with the grants."""
    from agencies.models import Body

    dispute = dispute_in_state("referred", via="mediating")
    services.dispute_transition(
        dispute_id=dispute.pk,
        user=users["labour_dept"],
        name="return_referral",
        data={"note": "不属于本部门"},
    )
    dispute.refresh_from_db()
    granted = {body for body, codenames in grants(dispute).items() if "view_dispute" in codenames}

    assert set(Body.objects.filter(pk__in=dispute.viewer_bodies).values_list("code", flat=True)) == granted
    assert {"labour-dept", "shahe-police"} <= granted  # the whistle called both in


def test_the_new_holder_may_change_and_the_previous_ones_keep_only_view(users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)
    # A grid report: the village committee above the station sees it from the start.
    assert grants(dispute) == {
        "shahe-dongzhai-grid": {"view_dispute", "change_dispute"},
        "shahe-dongzhai-committee": {"view_dispute"},
    }

    dispute = transition(dispute, "escalate", user=grid)
    assert grants(dispute) == {
        "shahe-dongzhai-grid": {"view_dispute"},
        "shahe-dongzhai-committee": {"view_dispute", "change_dispute"},
    }

    dispute = transition(dispute, "escalate", user=users["mediator_dongzhai"])
    assert grants(dispute) == {
        "shahe-dongzhai-grid": {"view_dispute"},
        "shahe-dongzhai-committee": {"view_dispute"},
        "shahe-committee": {"view_dispute", "change_dispute"},
    }


def test_a_closed_dispute_has_no_change_grant(users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"], actor=users["grid_dongzhai"])
    dispute = transition(dispute, "escalate", user=users["grid_dongzhai"])

    dispute = transition(dispute, "withdraw", user=users["mediator_dongzhai"])

    assert grants(dispute) == {
        "shahe-dongzhai-grid": {"view_dispute"},
        "shahe-dongzhai-committee": {"view_dispute"},
    }


def test_reopening_hands_the_dispute_to_the_centre_and_the_old_holder_keeps_view(users):
    dispute = dispute_in_state(
        "closed", reporter=users["mediator_dongzhai"], actor=users["mediator_dongzhai"]
    )

    dispute = transition(dispute, "reopen", user=users["centre"])

    assert (dispute.holder.code, dispute.tier) == ("county-centre", "county")
    assert grants(dispute)["county-centre"] == {"view_dispute", "change_dispute"}
    assert grants(dispute)["shahe-dongzhai-committee"] == {"view_dispute"}


# -- referrals (the whistle) -----------------------------------------------------------------------------


def bodies(*codes: str) -> list[Body]:
    return [Body.objects.get(code=code) for code in codes]


def refer(dispute, user, codes: list[str], lead: str, route: str = "administrative_mediation"):
    return services.dispute_transition(
        dispute_id=dispute.pk,
        user=user,
        name="refer",
        data={
            "bodies": [b.pk for b in bodies(*codes)],
            "lead": Body.objects.get(code=lead).pk,
            "route": route,
            "note": "请牵头单位三日内报到",
        },
    )


def referrals(dispute) -> dict[str, tuple[bool, str]]:
    return {r.body.code: (r.is_lead, r.status) for r in Referral.objects.filter(dispute=dispute)}


def test_refer_to_several_bodies_creates_one_referral_each_with_one_lead(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)

    dispute = refer(
        dispute, mediator, ["shahe-police", "labour-dept", "petitions-bureau"], lead="labour-dept"
    )

    assert dispute.status == Status.REFERRED
    assert dispute.holder.code == "shahe-dongzhai-committee"  # until the lead reports in
    assert referrals(dispute) == {
        "shahe-police": (False, ReferralStatus.PENDING),
        "labour-dept": (True, ReferralStatus.PENDING),
        "petitions-bureau": (False, ReferralStatus.PENDING),
    }
    report_by = set(Referral.objects.filter(dispute=dispute).values_list("report_by", flat=True))
    assert len(report_by) == 1
    (deadline,) = report_by
    assert timezone.now() < deadline < timezone.now() + timedelta(days=10)
    assert dispute.due_at == deadline
    event = dispute.events.latest("pk")
    assert event.payload["whistle"] is True and event.payload["lead"] == "labour-dept"
    # Every body called in may read the dispute.
    assert {"shahe-police", "labour-dept", "petitions-bureau"} <= set(grants(dispute))


def test_refer_without_a_lead_among_several_bodies_is_refused(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)

    with pytest.raises(ValidationError) as refused:
        services.dispute_transition(
            dispute_id=dispute.pk,
            user=mediator,
            name="refer",
            data={
                "bodies": [b.pk for b in bodies("shahe-police", "labour-dept")],
                "route": "police_mediation",
            },
        )

    assert "lead" in refused.value.message_dict
    assert not Referral.objects.filter(dispute=dispute).exists()


@pytest.mark.parametrize("code", ["county-leadership", "county-congress", "shahe-xizhai-grid"])
def test_refer_to_a_body_that_does_not_handle_disputes_is_refused(code, users):
    # permissions.may_refer_to: leaders, the People's Congress and grid stations are never called in.
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)

    with pytest.raises(ValidationError) as refused:
        refer(dispute, mediator, [code], lead=code)

    assert "bodies" in refused.value.message_dict or "lead" in refused.value.message_dict
    assert Dispute.objects.get(pk=dispute.pk).status == Status.MEDIATING
    assert not Referral.objects.filter(dispute=dispute).exists()


def test_the_lead_reports_in_and_supporting_bodies_report_in_and_complete(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    dispute = refer(dispute, mediator, ["shahe-police", "labour-dept"], lead="labour-dept")

    dispute = transition(dispute, "accept_referral", user=users["labour_dept"])

    assert (dispute.status, dispute.holder.code, dispute.tier) == (
        Status.AGENCY_HANDLING,
        "labour-dept",
        Tier.AGENCY,
    )
    assert referrals(dispute)["labour-dept"] == (True, ReferralStatus.ACCEPTED)
    assert referrals(dispute)["shahe-police"] == (False, ReferralStatus.PENDING)

    police = Referral.objects.get(dispute=dispute, body__code="shahe-police")
    services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])
    assert referrals(dispute)["shahe-police"] == (False, ReferralStatus.ACCEPTED)
    services.referral_complete(
        referral_id=police.pk, user=users["police_shahe"], result="已对双方开展法治教育"
    )

    police.refresh_from_db()
    assert (police.status, police.result) == (ReferralStatus.COMPLETED, "已对双方开展法治教育")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder.code) == (Status.AGENCY_HANDLING, "labour-dept")
    assert list(dispute.events.values_list("transition", "actor_body__code").order_by("pk"))[-3:] == [
        ("accept_referral", "labour-dept"),
        ("report_in", "shahe-police"),
        ("complete_referral", "shahe-police"),
    ]


def test_the_lead_reports_in_through_its_referral(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("assessing", reporter=mediator, actor=mediator)
    dispute = refer(dispute, mediator, ["shahe-police", "labour-dept"], lead="labour-dept")
    lead = Referral.objects.get(dispute=dispute, is_lead=True)

    services.referral_accept_supporting(referral_id=lead.pk, user=users["labour_dept"])

    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder.code) == (Status.AGENCY_HANDLING, "labour-dept")


def test_a_body_cannot_answer_a_referral_addressed_to_another(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    dispute = refer(dispute, mediator, ["shahe-police", "labour-dept"], lead="labour-dept")
    police = Referral.objects.get(dispute=dispute, body__code="shahe-police")

    with pytest.raises(Http404):
        services.referral_accept_supporting(referral_id=police.pk, user=users["petitions"])
    assert referrals(dispute)["shahe-police"] == (False, ReferralStatus.PENDING)


def test_return_referral_returns_the_lead_and_cancels_the_others(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    dispute = refer(
        dispute, mediator, ["shahe-police", "labour-dept", "petitions-bureau"], lead="labour-dept"
    )
    police = Referral.objects.get(dispute=dispute, body__code="shahe-police")
    services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])

    dispute = transition(dispute, "return_referral", user=users["labour_dept"], note="系邻里纠纷，非劳动争议")

    assert (dispute.status, dispute.holder.code) == (Status.MEDIATING, "shahe-dongzhai-committee")
    assert referrals(dispute) == {
        "labour-dept": (True, ReferralStatus.RETURNED),
        "shahe-police": (False, ReferralStatus.CANCELLED),
        "petitions-bureau": (False, ReferralStatus.CANCELLED),
    }
    assert Referral.objects.get(dispute=dispute, is_lead=True).returned_reason == "系邻里纠纷，非劳动争议"


def test_a_dispute_can_be_referred_again_after_a_return(users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    dispute = refer(dispute, mediator, ["labour-dept"], lead="labour-dept")
    dispute = transition(dispute, "return_referral", user=users["labour_dept"])

    dispute = refer(dispute, mediator, ["shahe-police"], lead="shahe-police")
    dispute = transition(dispute, "accept_referral", user=users["police_shahe"])

    assert (dispute.status, dispute.holder.code) == (Status.AGENCY_HANDLING, "shahe-police")


@pytest.mark.parametrize(
    "state,name,user,left",
    [
        # Withdrawn while waiting: nobody is asked to report in any more.
        (
            "referred",
            "withdraw",
            "mediator_dongzhai",
            {"labour-dept": "cancelled", "shahe-police": "cancelled"},
        ),
        # Settled by the lead agency: its referral is done, the unanswered call-in is cancelled.
        (
            "agency_handling",
            "record_agreement",
            "labour_dept",
            {"labour-dept": "completed", "shahe-police": "cancelled"},
        ),
        (
            "agency_handling",
            "refer_to_court",
            "labour_dept",
            {"labour-dept": "completed", "shahe-police": "cancelled"},
        ),
    ],
)
def test_a_dispute_that_moves_on_leaves_no_referral_open(state, name, user, left, users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state(state, reporter=mediator, actor=mediator if state == "referred" else None)
    if state == "agency_handling":
        assert referrals(dispute)["labour-dept"] == (True, ReferralStatus.ACCEPTED)

    transition(dispute, name, user=users[user])

    assert {code: status for code, (_lead, status) in referrals(dispute).items()} == left


# -- side effects after commit ----------------------------------------------------------------------------


@pytest.fixture
def changed():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    signals.dispute_changed.connect(receiver, weak=False)
    yield calls
    signals.dispute_changed.disconnect(receiver)


def test_dispute_changed_is_sent_after_commit_of_a_transition(
    users, changed, django_capture_on_commit_callbacks
):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("reported", reporter=grid)
    changed.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dispute = transition(dispute, "assess", user=grid)
        assert changed == []  # nothing before the commit

    assert len(callbacks) == 2  # the work badges' epoch, then the signal
    event = dispute.events.latest("pk")
    (sent,) = changed
    carried = sent.pop("event")
    assert sent == {"signal": signals.dispute_changed, "dispute_id": dispute.pk, "event_id": event.pk}
    # The row as written, with the dispute as the transition left it: receivers need not read either.
    assert (carried.pk, carried.transition, carried.dispute.status) == (event.pk, "assess", "assessing")


def test_registration_sends_dispute_changed_on_commit(users, changed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = register_dispute(user=users["grid_dongzhai"])

    assert [call["dispute_id"] for call in changed] == [dispute.pk]


@pytest.mark.parametrize(
    "name,data,error",
    [
        ("prevent", {}, Conflict),
        ("withdraw", {}, ValidationError),
        ("assess", {"risk_level": "purple"}, ValidationError),
    ],
)
def test_dispute_changed_is_not_sent_for_a_refused_transition(
    name, data, error, users, changed, django_capture_on_commit_callbacks
):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("reported", reporter=grid)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(error):
        services.dispute_transition(dispute_id=dispute.pk, user=grid, name=name, data=data)

    assert callbacks == []
    assert changed == []


def test_dispute_changed_is_not_sent_for_a_guard_that_refuses(
    users, changed, django_capture_on_commit_callbacks
):
    dispute = dispute_in_state("mediating", region_code=DAZHAI)
    changed.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        transition(dispute, "record_agreement", user=users["admin"], note="没有协议")

    assert changed == []
    assert Dispute.objects.get(pk=dispute.pk).agreements.count() == 0


def test_the_region_decides_the_town(users):
    assert register_dispute(user=users["grid_dongzhai"], region_code=DONGZHAI).town.code == "620723101"
    assert register_dispute(user=None, region_code=DAZHAI).town.code == "620723102"
