"""manage.py calendar_load FILE: enters a holiday notice typed in the format of linze/holiday_notice.py."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from linze.holiday_notice import notice_parse
from linze.services import holiday_calendar_enter


class Command(BaseCommand):
    help = (
        "Enter official holidays and swapped working days from a text file (one line per day or range, e.g. "
        "'2027-02-05 至 2027-02-13 放假 春节', '2027-02-14 上班 春节'); '-' reads standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the notice's days, UTF-8 ('-' for standard input)")
        parser.add_argument("--note", default="", help="the notice's title or number, kept with every day")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the entered days of these years that the file does not name",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and list the days, save nothing")

    def handle(self, *args, file: str, note: str, replace: bool, dry_run: bool, **options):
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        try:
            days = notice_parse(text)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        for entry in days:
            self.stdout.write(f"{entry.day:%Y-%m-%d %a}  {entry.kind:8}  {entry.name}")
        if dry_run:
            self.stdout.write(f"{len(days)} days checked; nothing saved (--dry-run)")
            return
        entered = holiday_calendar_enter(days=days, note=note, replace=replace)
        self.stdout.write(
            self.style.SUCCESS(
                f"holiday calendar {', '.join(map(str, entered.years))}: {len(entered.created)} added, "
                f"{len(entered.updated)} changed, {len(entered.deleted)} deleted"
            )
        )
