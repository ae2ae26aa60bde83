from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.demo import DemoDataError, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Creates the demo accounts (password: settings.DEMO_PASSWORD) and demo data. Idempotent. "
        "Needs `load_linze` first; refused where settings.DEMO_ACCOUNTS_ALLOWED is false."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo data is not allowed here: settings.DEMO_ACCOUNTS_ALLOWED is false.")
        try:
            with transaction.atomic():
                self._seed()
        except DemoDataError as error:
            raise CommandError(str(error)) from error

    def _seed(self) -> None:
        """The demo steps, in order: each calls one service and prints one line."""
        users = demo_accounts_create()
        self.stdout.write(f"Demo accounts: {len(users)} ({', '.join(user.username for user in users)}).")
        # Further demo steps (disputes, mediation sessions …) go here, after the accounts they use.
