"""Data of the dashboards' export and People's Congress tests: leaders of the county, of a town and of
the standing committee, and disputes with parties whose names are found nowhere else."""

from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from agencies.choices import BodyKind, Role
from agencies.models import Body, Region
from tests.factories import PartyDataFactory, register_dispute, staff

SHAHE = "620723101"  # 沙河镇
XINHUA = "620723102"  # 新华镇
# Compound family names: a cell holding one of these unmasked is a leak.
FAMILIES = ["司马", "欧阳", "上官", "诸葛", "皇甫", "东方", "慕容", "令狐"]


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def town_leader(town_code: str = SHAHE):
    """A leader of a town's party committee: a leadership body serving the town (none ships in the
    reference data), so that restrict() and the scope hold them to it."""
    town = Region.objects.get(code=town_code)
    body, _created = Body.objects.get_or_create(
        code=f"leadership-{town_code}",
        defaults={"kind": BodyKind.LEADERSHIP, "name": f"中共{town.name}委员会", "region": town},
    )
    return staff(body.code, Role.LEADER)


def congress_member():
    return staff("county-congress", Role.LEADER)


def disputes_with_names(count: int, *, region_code: str, user=None) -> list[tuple]:
    """`count` disputes registered now, each with two parties of unique names; (dispute, names)."""
    made = []
    for index in range(count):
        names = [
            f"{FAMILIES[index % len(FAMILIES)]}{'文涛春燕志明秀兰'[i * 2 : i * 2 + 2]}{index}" for i in (0, 1)
        ]
        parties = [
            PartyDataFactory(role="applicant", name=names[0]),
            PartyDataFactory(role="respondent", name=names[1]),
        ]
        made.append((register_dispute(user=user, region_code=region_code, parties=parties), names))
    return made


def workbook_of(content: bytes):
    return load_workbook(BytesIO(content), read_only=True)


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def register_rows(workbook) -> list[list]:
    """The register's data rows (below the header block and the heading row)."""
    rows = sheet_rows(workbook.worksheets[0])
    return [row for row in rows[6:] if row and row[0] is not None]
