"""Small helpers shared by the early-warning tests."""

from datetime import timedelta

from django.utils import timezone

from agencies.choices import Role
from alerts import services
from alerts.models import Warning
from disputes.models import Dispute
from mediation.services import session_log
from tests.factories import PartyDataFactory, dispute_in_state, parties_data, register_dispute, staff


def evaluate(dispute) -> list[Warning]:
    return services.warnings_evaluate_dispute(dispute_id=dispute.pk)


def warnings_of(kind: str):
    return Warning.objects.filter(kind=kind)


def age(dispute, *, days: int) -> None:
    """Test set-up only: pretends the dispute was opened `days` ago."""
    Dispute.objects.filter(pk=dispute.pk).update(opened_at=timezone.now() - timedelta(days=days))


def grid_worker(region_code: str):
    from tests.factories import grid_station_of

    return staff(grid_station_of(region_code).code, Role.GRID_WORKER)


def with_party(person: dict, count: int = 2) -> list[dict]:
    """Parties of a dispute in which `person` (a PartyDataFactory dict) is the applicant."""
    return [dict(person), *parties_data(count)[1:]]


def log_session(dispute, user, *, result: str, minutes: str = "双方陈述各自意见，调解员释法说理。"):
    return session_log(
        dispute_id=dispute.pk,
        user=user,
        data={"held_at": timezone.now(), "attendees": "双方当事人", "minutes": minutes, "result": result},
    )


__all__ = [
    "PartyDataFactory",
    "age",
    "dispute_in_state",
    "evaluate",
    "grid_worker",
    "log_session",
    "register_dispute",
    "warnings_of",
    "with_party",
]
