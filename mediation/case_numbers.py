"""The court's case numbers 案号, as the Supreme People's Court's rules on case numbers shape them:
（收案年度）+ 法院代字 + 类型代字 + 案件编号 + 号, e.g. （2026）甘0723民初123号.

A basic court's code is its province's abbreviation and the last four digits of its county's division
code (甘 + 0723 for 620723, Linze), so the court's code is read from the court's region, not configured.
Numbers typed on an ordinary keyboard, with half-width parentheses, spaces or full-width digits, are
stored in the one official form.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The first two digits of a division code → the province's abbreviation used in court codes.
PROVINCE_ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "贵",
    "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}  # fmt: skip

# Case-type codes 类型代字 the portal meets (《人民法院案件类型及其代字标准》), longest first for matching.
CASE_TYPES = {
    "民诉前调": _("civil pre-litigation mediation"),
    "民初": _("civil, first instance"),
    "民终": _("civil, second instance"),
    "民再": _("civil, retrial"),
    "民特": _("civil special procedure (judicial confirmation)"),
    "民督": _("payment order"),
    "行初": _("administrative, first instance"),
    "刑初": _("criminal, first instance"),
    "执恢": _("enforcement, resumed"),
    "执异": _("enforcement objection"),
    "执保": _("preservation"),
    "执": _("enforcement"),
}
# Filing 立案 after a referral or a reported default: a first-instance case, or enforcement of a
# confirmed agreement; judicial confirmation is a special-procedure case.
FILING_TYPES = ("民初", "行初", "执")
CONFIRMATION_TYPES = ("民特",)

_TYPES = "|".join(sorted(CASE_TYPES, key=len, reverse=True))
_SHAPE = re.compile(
    rf"^（(?P<year>\d{{4}})）(?P<court>[{''.join(PROVINCE_ABBREVIATIONS.values())}]\d{{0,4}})"
    rf"(?P<type>{_TYPES})(?P<number>\d+)号$"
)
EXAMPLE = "（2026）甘0723民初123号"


def court_code(court) -> str:
    """甘0723 for a court (or people's tribunal) whose region lies in county 620723; '' if unknown."""
    code = getattr(getattr(court, "region", None), "code", "") or ""
    province = PROVINCE_ABBREVIATIONS.get(code[:2])
    return f"{province}{code[2:6]}" if province and len(code) >= 6 else ""


def _typed_form(value: str) -> str:
    # NFKC folds full-width digits and parentheses to ASCII; the official form uses full-width ones.
    text = "".join(unicodedata.normalize("NFKC", value or "").split())
    return text.replace("(", "（").replace(")", "）")


def case_number_clean(value: str, *, court=None, types: tuple[str, ...] | None = None) -> str:
    """The case number in its official form, or ValidationError saying what is wrong with it.

    `court` (a Body) requires the number to carry that court's code; `types` the case types allowed."""
    text = _typed_form(value)
    match = _SHAPE.match(text)
    if match is None:
        raise ValidationError(
            _(
                "A case number reads like %(example)s: the year in brackets, the court's code, the case "
                "type, the number and 号."
            ),
            code="shape",
            params={"example": EXAMPLE},
        )
    year, number = int(match["year"]), int(match["number"])
    if not 1990 <= year <= timezone.localdate().year:
        raise ValidationError(
            _("The year of a case number is the year the court took the case in, not %(year)s."),
            code="year",
            params={"year": year},
        )
    if number == 0:
        raise ValidationError(_("A case number's sequence starts at 1."), code="number")
    expected = court_code(court) if court is not None else ""
    if expected and match["court"] != expected:
        raise ValidationError(
            _("The case number names the court %(given)s; this court's code is %(expected)s."),
            code="court",
            params={"given": match["court"], "expected": expected},
        )
    if types is not None and match["type"] not in types:
        raise ValidationError(
            _("%(type)s is not a case type for this step; use %(allowed)s."),
            code="type",
            params={"type": match["type"], "allowed": "、".join(types)},
        )
    return f"（{year}）{match['court']}{match['type']}{number}号"
