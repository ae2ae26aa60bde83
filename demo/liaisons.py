"""The demo grid liaisons 三官一师 of 东寨村's first grid cell: a judge, a prosecutor, a police officer and
a lawyer, each with an account (password settings.DEMO_PASSWORD) and the liaison role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.choices import LiaisonKind, Role
from agencies.models import Body, GridLiaison, Membership, Region

DONGZHAI_GRID = "62072310120101"  # 东寨村第1网格
# (username, family name, given name, kind, body code)
DEMO_LIAISONS = [
    ("liaison_judge", "吴", "法明", LiaisonKind.JUDGE, "county-court"),
    ("liaison_prosecutor", "郑", "检平", LiaisonKind.PROSECUTOR, "procuratorate"),
    ("liaison_police", "冯", "警安", LiaisonKind.POLICE, "shahe-police"),
    ("liaison_lawyer", "褚", "律文", LiaisonKind.LAWYER, "shahe-judicial"),
]


@transaction.atomic
def demo_liaisons_create() -> list[GridLiaison]:
    """Creates or refreshes the four liaisons of Dongzhai's first grid cell; idempotent."""
    grid = Region.objects.get(code=DONGZHAI_GRID)
    liaisons = []
    for username, family, given, kind, body_code in DEMO_LIAISONS:
        body = Body.objects.get(code=body_code)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"last_name": family, "first_name": given}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, body=body, role=Role.LIAISON)
        liaison, _created = GridLiaison.objects.update_or_create(
            grid=grid, kind=kind, defaults={"user": user, "body": body}
        )
        liaisons.append(liaison)
    return liaisons
