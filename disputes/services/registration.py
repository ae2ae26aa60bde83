"""Intake 登记: the citizen-facing code, who holds a new dispute, and the registration itself."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from agencies.models import Body
from agencies.permissions import acting_body_ids
from disputes.choices import Channel, Tier
from disputes.deadlines import dispute_deadline
from disputes.ladder import next_tier_holder
from disputes.models import Dispute, Party
from disputes.search import dispute_search_refresh
from disputes.services.clock import dispute_clocks_restart
from disputes.services.grants import dispute_grants_sync
from disputes.timeline import event_record

REGISTER = "register"


def dispute_code_next(*, year: int) -> str:
    """The next citizen-facing code of the year; one UPDATE, safe under concurrent registrations."""
    with connection.cursor() as cursor:
        cursor.execute(
            "insert into disputes_disputecodecounter (year, last) values (%s, 1) "
            "on conflict (year) do update set last = disputes_disputecodecounter.last + 1 returning last",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"LZ-{year}-{number:06d}"


def _intake_position(user, region) -> tuple[Body, str, bool]:
    """Who holds a new dispute: the registering body at its ladder tier, else the county centre.

    The flag says whether the registering user belongs to that body (an administrator or an online
    submission does not)."""
    acting = acting_body_ids(user) if user is not None else frozenset()
    body = Body.objects.filter(pk__in=acting).order_by("pk").first() if acting else None
    if body is None:
        centre = Body.objects.filter(kind=BodyKind.COUNTY_CENTRE).first()
        if centre is None:
            raise ValidationError(_("No county centre is configured to take disputes in."))
        return centre, Tier.COUNTY, False
    tier_of_kind = {
        BodyKind.GRID_STATION: Tier.GRID,
        BodyKind.VILLAGE_COMMITTEE: Tier.VILLAGE,
        BodyKind.TOWN_COMMITTEE: Tier.TOWN,
        BodyKind.TOWN_CENTRE: Tier.TOWN,
        BodyKind.JUDICIAL_OFFICE: Tier.TOWN,
        BodyKind.COUNTY_CENTRE: Tier.COUNTY,
        BodyKind.COURT: Tier.COURT,
        BodyKind.TRIBUNAL: Tier.COURT,
    }
    return body, tier_of_kind.get(body.kind, Tier.AGENCY), True


@transaction.atomic
def dispute_register(*, user, data: dict, parties: list[dict]) -> Dispute:
    """Takes a dispute in (登记). `data` holds the dispute's fields, `parties` one dict per party.

    Raises ValidationError (with field errors) and writes nothing when any input is invalid.
    """
    required = {
        "title": _("Give the dispute a short title."),
        "description": _("Describe the dispute."),
        "category": _("Choose a category."),
        "region": _("Choose the village or community where the dispute arose."),
    }
    missing = {name: [message] for name, message in required.items() if not data.get(name)}
    if not parties:
        missing["parties"] = [_("A dispute needs at least one party.")]
    if missing:
        raise ValidationError(missing)
    region = data["region"]
    holder, tier, is_member = _intake_position(user, region)
    dispute = Dispute(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        region=region,
        town=region.ancestor_of_kind("town", "state_unit") or region,
        county=region.ancestor_of_kind("county") or region,
        channel=data.get("channel") or Channel.WALK_IN,
        amount=data.get("amount"),
        people_involved=data.get("people_involved") or max(len(parties), 1),
        personal_status_matter=bool(data.get("personal_status_matter")),
        risk_level=data.get("risk_level") or "yellow",
        tier=tier,
        holder=holder,
        reported_by=user if user is not None and user.is_authenticated else None,
        reporting_body=holder if is_member else None,
    )
    errors = {}
    party_objects = []
    for index, party_data in enumerate(parties):
        party = Party(dispute=dispute, position=index, **party_data)
        try:
            party.full_clean(exclude=["dispute"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"parties[{index}].{field_name}"] = messages
        party_objects.append(party)
    try:
        dispute.full_clean(exclude=["code", "town", "county", "holder", "status"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    dispute.code = dispute_code_next(year=timezone.localdate().year)
    dispute.due_at, dispute.warn_at = dispute_deadline(dispute)
    dispute.save()
    dispute_clocks_restart(dispute)
    for party in party_objects:
        party.dispute = dispute
    Party.objects.bulk_create(party_objects)
    dispute_search_refresh(dispute_ids=[dispute.pk])
    # A grid report stays at the grid tier for its working day (the grid worker may settle it on the
    # spot), while the village committee sees it at once, is told, and may take it over; the sweep hands
    # it to them when the day runs out. Handing it over at once would leave the grid tier, and the
    # layered filter's first rung, empty.
    watcher = next_tier_holder(dispute) if tier == Tier.GRID else None
    payload = {"channel": dispute.channel, "holder": holder.code}
    if watcher is not None:
        payload["next_tier"] = watcher.code
    event_record(
        dispute=dispute,
        actor=dispute.reported_by,
        actor_body=dispute.reporting_body,
        transition=REGISTER,
        from_status="",
        to_status=dispute.status,
        payload=payload,
    )
    dispute_grants_sync(dispute=dispute, also_view=[watcher] if watcher is not None else [])
    return dispute
