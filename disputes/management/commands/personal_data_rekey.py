from django.core.management.base import BaseCommand
from django.db import transaction

from disputes.models import Party
from linze.crypto import blind_index

BATCH = 2000
FIELDS = ["id_number", "phone", "address", "id_number_index", "phone_index"]


class Command(BaseCommand):
    help = (
        "Re-encrypts every party's ID number, phone number and address under the newest key of "
        "PERSONAL_DATA_KEYS and recomputes their blind indexes with PERSONAL_DATA_INDEX_KEY. Run it after "
        "putting a new key first; drop the old key once it has finished. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        done, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(Party.objects.filter(pk__gt=last).order_by("pk").select_for_update()[:BATCH])
                if not batch:
                    break
                for party in batch:  # read in clear under any key, written under the newest
                    party.id_number_index = blind_index(party.id_number)
                    party.phone_index = blind_index(party.phone)
                Party.objects.bulk_update(batch, FIELDS)
            done, last = done + len(batch), batch[-1].pk
        self.stdout.write(f"Parties re-encrypted under the newest key: {done}.")
