"""Each early-warning rule fires on what it is meant to catch, and stays silent otherwise."""

import pytest
from django.utils import translation

from alerts.choices import RuleKind, WarningLevel
from disputes.validators import mask_id_number
from tests.alerts.helpers import (
    PartyDataFactory,
    age,
    dispute_in_state,
    evaluate,
    log_session,
    register_dispute,
    warnings_of,
    with_party,
)
from tests.factories import DAZHAI, DONGZHAI, XIZHAI, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze", "warning_rules")]


# -- the same party in several disputes --------------------------------------------------------------


def test_same_party_in_two_open_disputes_fires(users):
    person = PartyDataFactory(role="applicant")
    first = register_dispute(user=users["grid_dongzhai"], parties=with_party(person))
    second = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI, parties=with_party(person))

    evaluate(second)

    warning = warnings_of(RuleKind.REPEAT_PARTY).get()
    assert set(warning.disputes.all()) == {first, second}
    assert warning.level == WarningLevel.ORANGE
    assert warning.details["open"] == 2
    # Personal data stays masked in what the warning says, and out of its key.
    assert mask_id_number(person["id_number"]) in warning.message
    assert person["id_number"] not in warning.message and person["id_number"] not in warning.dedupe_key


def test_same_party_with_one_open_and_one_closed_dispute_does_not_fire(users, admin):
    person = PartyDataFactory(role="applicant")
    closed = register_dispute(user=users["grid_dongzhai"], parties=with_party(person))
    transition(closed, "withdraw", user=admin)
    other = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI, parties=with_party(person))

    evaluate(other)

    assert not warnings_of(RuleKind.REPEAT_PARTY).exists()


def test_same_party_in_three_disputes_within_twelve_months_fires_even_when_closed(users, admin):
    person = PartyDataFactory(role="applicant")
    disputes = [register_dispute(user=users["grid_dongzhai"], parties=with_party(person)) for _ in range(3)]
    for dispute in disputes[:2]:
        transition(dispute, "withdraw", user=admin)

    evaluate(disputes[2])

    warning = warnings_of(RuleKind.REPEAT_PARTY).get()
    assert (warning.details["open"], warning.details["recent"]) == (1, 3)


def test_three_disputes_spread_over_more_than_twelve_months_do_not_fire(users, admin):
    person = PartyDataFactory(role="applicant")
    disputes = [register_dispute(user=users["grid_dongzhai"], parties=with_party(person)) for _ in range(3)]
    for dispute in disputes[:2]:
        transition(dispute, "withdraw", user=admin)
    age(disputes[0], days=400)

    evaluate(disputes[2])

    assert not warnings_of(RuleKind.REPEAT_PARTY).exists()


def test_parties_without_an_id_number_are_not_matched(users):
    person = PartyDataFactory(role="applicant", id_number="")
    register_dispute(user=users["grid_dongzhai"], parties=with_party(person))
    second = register_dispute(user=users["grid_dongzhai"], parties=with_party(person))

    evaluate(second)

    assert not warnings_of(RuleKind.REPEAT_PARTY).exists()


# -- a cluster of disputes of one category in one place ----------------------------------------------


def test_three_disputes_of_one_category_in_one_village_within_a_week_fire(users, warning_rules):
    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(3)]

    evaluate(disputes[-1])

    warning = warnings_of(RuleKind.CLUSTER).get(rule=warning_rules["cluster-village"])
    assert set(warning.disputes.all()) == set(disputes)
    assert warning.region.code == DONGZHAI and warning.category.code == "neighbour"
    assert warning.joint_meeting is True
    assert "东寨" in warning.message


def test_two_disputes_in_a_village_do_not_fire(users):
    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(2)]

    evaluate(disputes[-1])

    assert not warnings_of(RuleKind.CLUSTER).exists()


def test_disputes_of_other_categories_or_older_than_the_window_do_not_count(users):
    register_dispute(user=users["grid_dongzhai"], category_code="labour")
    old = register_dispute(user=users["grid_dongzhai"])
    age(old, days=8)
    register_dispute(user=users["grid_dongzhai"])
    last = register_dispute(user=users["grid_dongzhai"])

    evaluate(last)

    assert not warnings_of(RuleKind.CLUSTER).exists()


def test_five_disputes_of_one_category_across_a_town_fire_the_town_rule(users, warning_rules):
    # Two villages of 沙河镇, at most two disputes each in a village: only the town-wide rule fires.
    disputes = [register_dispute(user=None, region_code=DONGZHAI) for _ in range(2)]
    disputes += [register_dispute(user=None, region_code=XIZHAI) for _ in range(2)]
    disputes += [register_dispute(user=None, region_code="620723101203")]

    evaluate(disputes[-1])

    warning = warnings_of(RuleKind.CLUSTER).get()
    assert warning.rule == warning_rules["cluster-town"]
    assert warning.level == WarningLevel.RED
    assert warning.region.name == "沙河镇" and warning.disputes.count() == 5


def test_four_disputes_across_a_town_do_not_fire_the_town_rule(users):
    disputes = [
        register_dispute(user=None, region_code=code) for code in (DONGZHAI, DONGZHAI, XIZHAI, XIZHAI)
    ]

    evaluate(disputes[-1])

    assert not warnings_of(RuleKind.CLUSTER).exists()


# -- a mass dispute -----------------------------------------------------------------------------------


def test_five_parties_on_one_side_fire(users):
    parties = [PartyDataFactory(role="applicant") for _ in range(5)] + [PartyDataFactory(role="respondent")]

    dispute = register_dispute(user=users["grid_dongzhai"], parties=parties)
    evaluate(dispute)

    warning = warnings_of(RuleKind.MASS_DISPUTE).get()
    assert warning.dispute == dispute and warning.details["on_one_side"] == 5
    with translation.override("zh-hans"):
        assert warning.message == "群体性纠纷：同一方当事人 5 人（申请人），涉及 6 人。"
    assert warning.level == WarningLevel.RED


def test_many_people_involved_fire(users):
    dispute = register_dispute(user=users["grid_dongzhai"], people_involved=30)

    evaluate(dispute)

    warning = warnings_of(RuleKind.MASS_DISPUTE).get()
    assert warning.details["people"] == 30
    with translation.override("zh-hans"):
        assert warning.message == "群体性纠纷：涉及 30 人。"


def test_a_few_parties_do_not_fire(users):
    parties = [PartyDataFactory(role="applicant") for _ in range(4)] + [PartyDataFactory(role="respondent")]

    evaluate(register_dispute(user=users["grid_dongzhai"], parties=parties, people_involved=9))

    assert not warnings_of(RuleKind.MASS_DISPUTE).exists()


# -- words signalling violence ------------------------------------------------------------------------


def test_violent_words_in_the_description_fire(users):
    dispute = register_dispute(
        user=users["grid_dongzhai"], description="被申请人扬言如果不赔钱就和对方同归于尽，情绪激动。"
    )

    evaluate(dispute)

    warning = warnings_of(RuleKind.VIOLENCE_WORDS).get()
    assert warning.level == WarningLevel.RED
    assert warning.details["words"] == ["同归于尽"]
    assert "同归于尽" in warning.message


def test_violent_words_in_session_minutes_fire(admin):
    dispute = dispute_in_state("mediating")
    evaluate(dispute)
    assert not warnings_of(RuleKind.VIOLENCE_WORDS).exists()

    log_session(dispute, admin, result="continuing", minutes="申请人情绪激动，称“大不了拼命”。")
    evaluate(dispute)

    warning = warnings_of(RuleKind.VIOLENCE_WORDS).get()
    assert warning.details == {"words": ["拼命"], "sources": ["minutes"]}


def test_calm_words_do_not_fire(users):
    evaluate(register_dispute(user=users["grid_dongzhai"], description="双方因排水沟清理问题发生口角。"))

    assert not warnings_of(RuleKind.VIOLENCE_WORDS).exists()


def test_the_word_list_is_data(users, warning_rules):
    rule = warning_rules["violence-words"]
    rule.words = "掀桌子"
    rule.save()

    dispute = register_dispute(user=users["grid_dongzhai"], description="对方说要同归于尽，还要掀桌子。")
    evaluate(dispute)

    assert warnings_of(RuleKind.VIOLENCE_WORDS).get().details["words"] == ["掀桌子"]


# -- repeated failed mediation ------------------------------------------------------------------------


def test_two_failed_sessions_fire(admin):
    dispute = dispute_in_state("mediating")
    log_session(dispute, admin, result="failed")
    evaluate(dispute)
    assert not warnings_of(RuleKind.FAILED_MEDIATION).exists()

    log_session(dispute, admin, result="failed")
    evaluate(dispute)

    warning = warnings_of(RuleKind.FAILED_MEDIATION).get()
    assert warning.details == {"count": 2} and warning.level == WarningLevel.ORANGE


def test_one_failed_and_one_continuing_session_do_not_fire(admin):
    dispute = dispute_in_state("mediating")
    log_session(dispute, admin, result="failed")
    log_session(dispute, admin, result="continuing")

    evaluate(dispute)

    assert not warnings_of(RuleKind.FAILED_MEDIATION).exists()


# -- rules are data -----------------------------------------------------------------------------------


def test_a_disabled_rule_does_not_fire(users, warning_rules):
    rule = warning_rules["mass-dispute"]
    rule.enabled = False
    rule.save()

    evaluate(register_dispute(user=users["grid_dongzhai"], people_involved=50))

    assert not warnings_of(RuleKind.MASS_DISPUTE).exists()


def test_thresholds_are_data(users, warning_rules):
    rule = warning_rules["cluster-village"]
    rule.min_disputes_in_window = 2
    rule.save()

    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(2)]
    evaluate(disputes[-1])

    assert warnings_of(RuleKind.CLUSTER).get().disputes.count() == 2


def test_the_shipped_rules_cover_every_kind(warning_rules):
    assert {rule.kind for rule in warning_rules.values()} == set(RuleKind.values)
    for rule in warning_rules.values():
        rule.full_clean()


def test_a_rule_without_its_thresholds_is_refused(warning_rules):
    from django.core.exceptions import ValidationError

    from alerts.models import WarningRule

    with pytest.raises(ValidationError) as error:
        WarningRule(code="x", kind=RuleKind.CLUSTER, level="red").full_clean()
    assert {"min_disputes_in_window", "window_days", "scope"} <= set(error.value.message_dict)
