"""The printed documents of mediation: the agreement 调解协议书, the judicial confirmation application
司法确认申请书 and the court's ruling on it 民事裁定书. What goes on the paper is assembled here; the
templates lay it out, WeasyPrint makes the PDF.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from disputes.choices import PartyKind
from disputes.masking import party_personal_data
from mediation.choices import Ruling

# Bodies whose agreements are people's-mediation agreements 人民调解协议书 (People's Mediation Law).
PEOPLES_MEDIATION_KINDS = {
    BodyKind.GRID_STATION,
    BodyKind.VILLAGE_COMMITTEE,
    BodyKind.TOWN_COMMITTEE,
    BodyKind.TOWN_CENTRE,
    BodyKind.JUDICIAL_OFFICE,
    BodyKind.COUNTY_CENTRE,
    BodyKind.SECTOR_COMMITTEE,
}

_CODE = re.compile(r"^[A-Z]+-(?P<year>\d{4})-(?P<number>\d+)$")
_DIGITS = "零一二三四五六七八九"


def count_in_words(number: int) -> str:
    """三 for 3 in Chinese (一式三份), the digits otherwise."""
    if not (get_language() or "zh").startswith("zh") or not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def agreement_number(agreement, index: int = 1) -> str:
    """临泽〔2026〕调字第123号 for the first agreement of dispute LZ-2026-000123; 之二 for a second one."""
    match = _CODE.match(agreement.dispute.code)
    year, number = (
        (match["year"], int(match["number"])) if match else (agreement.created_at.year, agreement.pk)
    )
    text = _("Linze (%(year)s) Mediation No. %(number)s") % {"year": year, "number": number}
    if index > 1:
        text += _(" (%(index)s)") % {"index": count_in_words(index)}
    return text


@dataclass
class Particulars:
    """What the documents print about a party."""

    role: str
    kind: str
    name: str
    gender: str
    birth_date: date | None
    id_number: str
    phone: str
    address: str
    masked: bool


def _from_resident_id(id_number: str) -> tuple[str, date | None]:
    """Gender and birth date read from an 18-digit resident ID (GB 11643: digits 7–14, 17)."""
    if len(id_number) != 18 or not id_number[:17].isdigit():
        return "", None
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        born = None
    return (_("male") if int(id_number[16]) % 2 else _("female")), born


def party_particulars(party, *, unmasked: bool) -> Particulars:
    gender, born = ("", None)
    if unmasked and party.kind == PartyKind.PERSON:
        gender, born = _from_resident_id(party.id_number)
    return Particulars(
        role=party.get_role_display(),
        kind=party.get_kind_display(),
        gender=gender,
        birth_date=born,
        **party_personal_data(party, masked=not unmasked),
    )


def is_peoples_mediation(body) -> bool:
    return body.kind in PEOPLES_MEDIATION_KINDS


def originals_clause(agreement, party_count: int) -> str:
    """本协议书一式三份，双方当事人、人民调解委员会各持一份。 (the number of originals from the agreement)."""
    holders = _("both parties") if party_count == 2 else _("each party")
    keeper = (
        _("the people's mediation committee") if is_peoples_mediation(agreement.body) else agreement.body.name
    )
    return _(
        "This agreement is made in %(originals)s originals; %(holders)s and %(keeper)s each keep one."
    ) % {
        "originals": count_in_words(agreement.originals),
        "holders": holders,
        "keeper": keeper,
    }


def date_in_words(day: date) -> str:
    """二〇二六年十二月一日, as a court dates its rulings; the locale's date format in English."""
    if not (get_language() or "zh").startswith("zh"):
        return date_format(day, "DATE_FORMAT")
    year = "".join("〇" if digit == "0" else _DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{count_in_words(day.month)}月{count_in_words(day.day)}日"


@dataclass
class RulingText:
    """The paragraphs of a ruling on a judicial confirmation (民事裁定书)."""

    recital: str
    agreement_intro: str
    finding: str
    order: str
    notice: str


def ruling_text(*, confirmation, agreement, applicants: list[str]) -> RulingText:
    """What the court rules, in the words of a ruling: valid (确认调解协议有效) or rejected (驳回申请)."""
    names = "、".join(applicants)
    facts = {
        "names": names,
        "date": date_format(agreement.effective_on, "DATE_FORMAT"),
        "body": agreement.body.name,
        "applied": date_format(confirmation.applied_at, "DATE_FORMAT"),
    }
    recital = (
        _(
            "The applicants %(names)s applied to this court on %(applied)s for confirmation of a mediation "
            "agreement. This court accepted the application and examined it according to law."
        )
        % facts
    )
    intro = (
        _(
            "On %(date)s, mediated by %(body)s, the applicants %(names)s reached the following mediation "
            "agreement:"
        )
        % facts
    )
    law = _(
        "the provisions of the Civil Procedure Law of the People's Republic of China on cases of "
        "confirmation of mediation agreements"
    )
    if confirmation.ruling == Ruling.VALID:
        finding = _(
            "This court finds that the mediation agreement reached by the applicants meets the conditions "
            "for judicial confirmation. In accordance with %(law)s, it rules as follows:"
        ) % {"law": law}
        order = (
            _(
                "The mediation agreement reached by the applicants %(names)s on %(date)s through "
                "mediation by %(body)s is valid."
            )
            % facts
        )
        notice = _(
            "The parties shall perform their obligations under the agreement. Should a party refuse to "
            "perform it, or perform it only in part, the other party may apply to the people's court for "
            "enforcement. This ruling takes legal effect at once."
        )
    else:
        reasons = confirmation.reasons.strip().rstrip("。.")
        finding = _(
            "This court finds that %(reasons)s, so the mediation agreement does not meet the conditions for "
            "judicial confirmation. In accordance with %(law)s, it rules as follows:"
        ) % {"reasons": reasons, "law": law}
        order = _("The application of %(names)s for judicial confirmation is rejected.") % facts
        notice = _(
            "The parties may change the original mediation agreement or reach a new one through mediation, "
            "or bring a lawsuit before the people's court. This ruling takes legal effect at once."
        )
    return RulingText(recital=recital, agreement_intro=intro, finding=finding, order=order, notice=notice)


def pdf_render(*, template: str, context: dict, base_url: str) -> bytes:
    """The document as an A4 PDF. The CJK font is named in the stylesheet and found through fontconfig."""
    from weasyprint import HTML  # imported here: loading pango costs time the other pages need not pay

    html = render_to_string(template, {**context, "for_pdf": True})
    return HTML(string=html, base_url=base_url).write_pdf()
