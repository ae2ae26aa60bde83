"""Personal data encrypted at rest (issue 14, item 3): parties' ID numbers, phone numbers and addresses
are Fernet tokens in the table, read in clear through the model, matched by keyed hashes; keys rotate;
production refuses to start without its own keys."""

import importlib
import io
import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from disputes.models import Party
from disputes.selectors import search_condition
from linze.crypto import TOKEN_PREFIX, blind_index
from tests.conftest import ROOT
from tests.factories import dispute_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

ID_NUMBER = "620723198805123417"
PHONE = "13893612345"
ADDRESS = "临泽县沙河镇东寨村三社12号"


def raw_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("select id_number, phone, address, id_number_index, phone_index from disputes_party")
        return cursor.fetchall()


def a_dispute_with_the_party():
    dispute = dispute_in_state("reported")
    Party.objects.create(
        dispute=dispute, role="applicant", name="王建国", id_number=ID_NUMBER, phone=PHONE, address=ADDRESS
    )
    return dispute


def test_the_table_holds_no_id_number_phone_or_address_in_clear_and_the_model_reads_them():
    dispute = a_dispute_with_the_party()

    rows = raw_rows()
    dump = repr(rows)
    assert ID_NUMBER not in dump and PHONE not in dump and ADDRESS not in dump
    assert ID_NUMBER[-8:] not in dump and PHONE[-6:] not in dump  # no fragment either
    mine = [row for row in rows if row[3] == blind_index(ID_NUMBER)]
    assert len(mine) == 1 and all(value.startswith(TOKEN_PREFIX) for value in mine[0][:3])
    party = dispute.parties.get(name="王建国")
    assert (party.id_number, party.phone, party.address) == (ID_NUMBER, PHONE, ADDRESS)


def test_the_search_by_id_number_still_finds_the_person():
    """(The repeat-party warning's own tests, tests/alerts/test_rules.py, match through the same hash.)"""
    first, second = a_dispute_with_the_party(), a_dispute_with_the_party()

    found = set(type(first).objects.filter(search_condition(ID_NUMBER.lower())).values_list("pk", flat=True))

    assert found == {first.pk, second.pk}


def test_a_filter_on_an_encrypted_field_is_refused_rather_than_silently_matching_nothing():
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(Party.objects.filter(id_number=ID_NUMBER))


def test_a_new_key_put_first_still_reads_the_old_rows_and_rekey_moves_them_to_it():
    dispute = a_dispute_with_the_party()
    old = settings.PERSONAL_DATA_KEYS[0]
    new = Fernet.generate_key().decode()

    with override_settings(PERSONAL_DATA_KEYS=[new, old]):
        assert dispute.parties.get(name="王建国").id_number == ID_NUMBER
        out = io.StringIO()
        call_command("personal_data_rekey", stdout=out)
        assert "re-encrypted" in out.getvalue()
    with override_settings(PERSONAL_DATA_KEYS=[new]):  # the old key dropped
        party = dispute.parties.get(name="王建国")
        assert (party.id_number, party.phone, party.address) == (ID_NUMBER, PHONE, ADDRESS)
        assert Party.objects.filter(id_number_index=blind_index(ID_NUMBER)).count() == 1


def test_the_migration_encrypts_rows_written_in_clear_before_it():
    dispute = dispute_in_state("reported")
    with connection.cursor() as cursor:
        cursor.execute(
            "insert into disputes_party (dispute_id, kind, role, name, id_number, phone, address,"
            " position, id_number_index, phone_index)"
            " values (%s, 'person', 'applicant', '旧数据', %s, %s, %s, 0, '', '')",
            [dispute.pk, ID_NUMBER, PHONE, ADDRESS],
        )
    migration = importlib.import_module("disputes.migrations.0016_party_personal_data_encrypted")

    migration.encrypt_existing(apps, None)

    dump = repr(raw_rows())
    assert ID_NUMBER not in dump and PHONE not in dump and ADDRESS not in dump
    party = Party.objects.get(name="旧数据")
    assert (party.id_number, party.phone, party.address) == (ID_NUMBER, PHONE, ADDRESS)
    assert party.id_number_index == blind_index(ID_NUMBER) and party.phone_index == blind_index(PHONE)


@pytest.mark.parametrize("missing", ["PERSONAL_DATA_KEYS", "PERSONAL_DATA_INDEX_KEY"])
def test_production_refuses_to_start_without_its_own_keys(missing):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PERSONAL_DATA_KEYS", "PERSONAL_DATA_INDEX_KEY")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="linze.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        PERSONAL_DATA_KEYS=Fernet.generate_key().decode(),
        PERSONAL_DATA_INDEX_KEY=secrets.token_urlsafe(32),
    )
    del env[missing]

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr
