"""The court's case numbers 案号: the official shape, the keyboard's half-width variant stored in the
official form, and a message that says what is wrong with a bad one."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from agencies.models import Body
from mediation.case_numbers import FILING_TYPES, case_number_clean, court_code

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def court(linze):
    return Body.objects.get(code="county-court")


def _message(value: str, **kwargs) -> str:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            case_number_clean(value, **kwargs)
        return " ".join(refused.value.messages)


def test_linzes_court_code_comes_from_its_county(court):
    assert court_code(court) == "甘0723"
    assert court_code(Body.objects.get(code="shahe-tribunal")) == "甘0723"


@pytest.mark.parametrize(
    "typed",
    [
        f"（{YEAR}）甘0723民初123号",
        f"({YEAR})甘0723民初123号",  # half-width parentheses, as an ordinary keyboard types them
        f" ( {YEAR} ) 甘0723 民初 123 号 ",
        f"（{YEAR}）甘０７２３民初１２３号",  # full-width digits from a Chinese input method
        f"({YEAR})甘0723民初0123号",
    ],
)
def test_a_good_case_number_is_stored_in_the_official_form(court, typed):
    assert case_number_clean(typed, court=court, types=FILING_TYPES) == f"（{YEAR}）甘0723民初123号"


@pytest.mark.parametrize("case_type", ["民特", "民诉前调", "执", "民初"])
def test_every_case_type_the_portal_meets_has_the_shape(case_type):
    assert case_number_clean(f"({YEAR})甘0723{case_type}7号") == f"（{YEAR}）甘0723{case_type}7号"


@pytest.mark.parametrize(
    "typed",
    [
        f"（{YEAR}）甘0723民初123",  # no 号
        f"{YEAR}甘0723民初123号",  # no brackets
        "（26）甘0723民初123号",  # a two-digit year
        f"（{YEAR}）甘0723民123号",  # no case type
        f"（{YEAR}）甘0723民初号",  # no number
        f"（{YEAR}）XX0723民初123号",  # no province
        "LZ-2026-000123",  # the portal's own dispute code
        "",
    ],
)
def test_a_bad_shape_is_refused_with_an_example_of_the_right_one(court, typed):
    message = _message(typed, court=court)
    assert "案号格式应为" in message and "（2026）甘0723民初123号" in message


def test_another_courts_code_is_refused_naming_this_courts(court):
    message = _message(f"（{YEAR}）甘0702民初123号", court=court)
    assert "甘0702" in message and "甘0723" in message


def test_a_case_type_of_another_step_is_refused_naming_the_right_ones(court):
    message = _message(f"（{YEAR}）甘0723民特12号", court=court, types=FILING_TYPES)
    assert "民特" in message and "民初、行初、执" in message


def test_a_year_still_to_come_and_number_zero_are_refused(court):
    assert str(YEAR + 1) in _message(f"（{YEAR + 1}）甘0723民初1号", court=court)
    assert "从1开始" in _message(f"（{YEAR}）甘0723民初0号", court=court)
