"""Legal education sessions 普法活动, linked to the villages they served."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.choices import RegionKind
from linze.exceptions import NotPermitted
from supervision.models import LegalEducationSession
from supervision.permissions import education_bodies

VILLAGE_KINDS = (RegionKind.VILLAGE, RegionKind.COMMUNITY)


def education_session_record(*, user, body, held_on, place: str, topic: str, audience: int, villages):
    if body is None or body.pk not in {b.pk for b in education_bodies(user)}:
        raise NotPermitted(_("Only the justice bureau and the judicial offices record legal education."))
    villages = [v for v in villages or [] if v.kind in VILLAGE_KINDS]
    if not villages:
        raise ValidationError({"villages": [_("Choose the villages or communities the session served.")]})
    with transaction.atomic():
        session = LegalEducationSession(
            body=body, held_on=held_on, place=place, topic=topic, audience=audience, created_by=user
        )
        session.full_clean(exclude=["villages"])
        session.save()
        session.villages.set(villages)
    return session
