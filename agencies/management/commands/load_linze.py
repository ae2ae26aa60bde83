from django.core.management.base import BaseCommand

from agencies.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Loads Linze County's regions, bodies, dispute categories and default mediation ladder. "
        "Idempotent: rows are matched by code and updated in place."
    )

    def handle(self, *args, **options) -> None:
        result = reference_data_load()
        self.stdout.write(self.style.SUCCESS(result.summary()))
