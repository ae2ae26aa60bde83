"""Parties' personal data: the 18-digit resident ID (GB 11643-1999), mainland mobiles, masking.

The valid numbers below were worked out by hand with the ISO 7064 MOD 11-2 check, not with the
code under test.
"""

import pytest
from django.core.exceptions import ValidationError

from disputes.validators import (
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    validate_mobile,
    validate_resident_id,
)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example
        "11010519491231002x",  # typed with a small x
        "62072319850615001X",
        "62072319850615028X",
        "440524188001010014",
        "620723198001010011",
        "620723200002290035",  # 29 February of a leap year
        "320106199003074515",
    ],
)
def test_valid_resident_ids(number):
    validate_resident_id(number)


def refusal(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        validator(value)
    return refused.value


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # should end in X
        "110105194912310020",
        "620723198506150019",  # should end in X
        "440524188001010015",
        "620723198001010012",
        "21010519491231002X",  # one digit of the area code mistyped
    ],
)
def test_a_wrong_check_character_is_refused(number):
    assert refusal(validate_resident_id, number).code == "checksum"


@pytest.mark.parametrize(
    "number",
    [
        "620723199902300029",  # 30 February (check character correct)
        "620723198013010019",  # month 13
        "620723198001000024",  # day 0
        "620723190002290012",  # 1900 was no leap year
    ],
)
def test_a_date_of_birth_that_does_not_exist_is_refused(number):
    assert refusal(validate_resident_id, number).code == "birth"


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002",  # 17 characters
        "11010519491231002X1",  # 19
        "110105491231002",  # the old 15-digit form
        "1101051949123100XX",
        "X10105194912310021",
        "11010519491231 02X",
        "",
    ],
)
def test_a_wrong_length_or_character_is_refused(number):
    assert refusal(validate_resident_id, number).code == "format"


@pytest.mark.parametrize("phone", ["13800138000", "15912345678", "16612345678", "17012345678", "19912345678"])
def test_valid_mobile_numbers(phone):
    validate_mobile(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "12800138000",  # no mobile prefix 12
        "10800138000",
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "+8613800138000",
        "138-0013-8000",
        "0936-5512345",  # a landline
        "",
    ],
)
def test_invalid_mobile_numbers(phone):
    assert refusal(validate_mobile, phone).code == "mobile"


def test_an_id_number_is_masked_but_for_the_area_and_the_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert len(mask_id_number("11010519491231002X")) == 18
    assert mask_id_number("") == ""


def test_a_phone_number_is_masked_in_the_middle():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("") == ""


@pytest.mark.parametrize("name,masked", [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", "")])
def test_a_name_keeps_only_its_first_character(name, masked):
    assert mask_name(name) == masked


def test_an_address_keeps_only_its_beginning():
    assert mask_address("甘肃省张掖市临泽县沙河镇东寨村三社12号") == "甘肃省张掖市…"
    assert mask_address("临泽县") == "临泽县"
    assert mask_address("") == ""


@pytest.mark.parametrize(
    "masker,value",
    [
        (mask_id_number, "11010519491231002X"),
        (mask_phone, "13800138000"),
        (mask_name, "张三丰"),
        (mask_address, "甘肃省张掖市临泽县沙河镇东寨村"),
    ],
)
def test_masking_hides_most_of_the_value(masker, value):
    masked = masker(value)
    assert masked != value
    hidden = sum(1 for shown, original in zip(masked, value, strict=False) if shown != original)
    assert hidden >= len(value) // 3 or masked.endswith("…")
