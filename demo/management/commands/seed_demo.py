from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.accounts import DemoDataError, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Creates the demo accounts (password: settings.DEMO_PASSWORD) and demo data. Idempotent. "
        "Needs `load_linze` first; refused where settings.DEMO_ACCOUNTS_ALLOWED is false."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--disputes", type=int, default=300, metavar="N",
            help="How many demo disputes to create when there are none yet (default 300).",
        )  # fmt: skip
        parser.add_argument("--no-disputes", action="store_true", help="Create the accounts only.")
        parser.add_argument(
            "--in-background", action="store_true",
            help="Create the accounts now and leave the disputes to the Celery worker (scripts/run): "
            "the portal serves at once, the disputes appear within a minute or two.",
        )  # fmt: skip
        parser.add_argument(
            "--queue", default=None, metavar="NAME",
            help="With --in-background: the Celery queue to send the work to (default: the default queue).",
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo data is not allowed here: settings.DEMO_ACCOUNTS_ALLOWED is false.")
        if options["disputes"] < 0:
            raise CommandError("--disputes must be 0 or more.")
        background = options["in_background"] and not options["no_disputes"]
        try:
            with transaction.atomic():
                self._seed(disputes=0 if options["no_disputes"] or background else options["disputes"])
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if background and options["disputes"]:
            from demo.tasks import demo_disputes_seed

            demo_disputes_seed.apply_async(args=[options["disputes"]], queue=options["queue"])
            self.stdout.write(
                f"Demo disputes: {options['disputes']} queued for the Celery worker (see its log)."
            )

    def _seed(self, *, disputes: int) -> None:
        """The demo steps, in order: each calls one service and prints one line."""
        users = demo_accounts_create()
        self.stdout.write(f"Demo accounts: {len(users)} ({', '.join(user.username for user in users)}).")
        if disputes:
            from demo.disputes import demo_disputes_create

            self.stdout.write(disputes_line(demo_disputes_create(count=disputes)))
        # After the disputes: the mediation demo links their sessions to the rooms it creates.
        from demo.mediation import mediation_demo_create

        counts = mediation_demo_create()
        self.stdout.write("Mediation demo: " + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".")
        from demo.liaisons import demo_liaisons_create

        self.stdout.write(f"Grid liaisons: {len(demo_liaisons_create())} for 东寨村第1网格.")


def disputes_line(result: dict) -> str:
    by_status = ", ".join(f"{status} {n}" for status, n in result["by_status"].items() if n)
    if result["skipped"]:
        return f"Demo disputes: already there, none added ({by_status})."
    return (
        f"Demo disputes: {result['created']} created in {result['seconds']} s ({by_status}); "
        f"{result['open']} open, {result['overdue']} of them overdue."
    )
