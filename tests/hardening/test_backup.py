"""scripts/backup and scripts/restore: a backup of the database and the uploaded files, restored into a
fresh database, gives back the disputes, the timeline (still append-only) and the attachments whole."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from disputes import services
from tests.conftest import _database_url
from tests.factories import register_dispute

ROOT = Path(__file__).resolve().parent.parent.parent
PDF = b"%PDF-1.7\n% a contract\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return cursor.fetchall()


# Each row as PostgreSQL's text of the whole row: every column, compared exactly.
TABLES = {
    name: f"select row_.id, row_::text from {table} row_ order by row_.id"
    for name, table in {
        "disputes": "disputes_dispute",
        "parties": "disputes_party",
        "timeline": "disputes_disputeevent",
        "attachments": "disputes_attachment",
    }.items()
}


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    source = settings.DATABASES["default"]
    name = f"{source['NAME']}_restored"
    admin = psycopg2.connect(
        dbname="postgres",
        user=source["USER"],
        password=source["PASSWORD"],
        host=source["HOST"],
        port=source["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    yield {**source, "NAME": name}
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_whole(
    linze_committed, users, tmp_path, settings, fresh_database
):
    media, restored_media, backups = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backups"
    settings.MEDIA_ROOT = media
    mediator = users["mediator_dongzhai"]
    disputes = [register_dispute(user=mediator, title=f"备份测试纠纷{index}") for index in range(3)]
    services.dispute_transition(dispute_id=disputes[0].pk, user=mediator, name="start_mediation")
    for dispute, (name, content) in zip(disputes, [("合同.pdf", PDF), ("现场照片.jpg", JPEG)], strict=False):
        services.attachment_add(
            dispute_id=dispute.pk, user=mediator, upload=SimpleUploadedFile(name, content)
        )
    with connection.cursor() as cursor:
        original = {table: rows(cursor, sql) for table, sql in TABLES.items()}
    assert len(original["disputes"]) == 3 and len(original["attachments"]) == 2
    assert len(original["timeline"]) >= 6
    files = {path.relative_to(media): path.read_bytes() for path in media.rglob("*") if path.is_file()}
    assert len(files) == 2

    database_url = _database_url(settings.DATABASES["default"])
    backup = run("backup", DATABASE_URL=database_url, MEDIA_ROOT=str(media), BACKUP_DIR=str(backups))
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip())
    assert folder.parent == backups and folder.name.startswith("linze-")
    assert {path.name for path in folder.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restore = run(
        "restore", str(folder), DATABASE_URL=_database_url(fresh_database), MEDIA_ROOT=str(restored_media)
    )
    assert restore.returncode == 0, restore.stderr

    restored = psycopg2.connect(
        dbname=fresh_database["NAME"],
        user=fresh_database["USER"],
        password=fresh_database["PASSWORD"],
        host=fresh_database["HOST"],
        port=fresh_database["PORT"],
    )
    try:
        with restored.cursor() as cursor:
            for table, sql in TABLES.items():
                assert rows(cursor, sql) == original[table], table
            # The timeline is still append-only in the restored database.
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute("update disputes_disputeevent set note = 'rewritten'")
        restored.rollback()
        with restored.cursor() as cursor, pytest.raises(psycopg2.Error, match="append-only"):
            cursor.execute("delete from disputes_disputeevent")
        restored.rollback()
    finally:
        restored.close()
    for relative, content in files.items():
        copy = restored_media / relative
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == hashlib.sha256(content).hexdigest(), relative


@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup_and_a_database_that_is_not_empty(tmp_path):
    folder = tmp_path / "linze-x"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"dump")
    (folder / "media.tar.gz").write_bytes(b"media")
    subprocess.run(
        ["sha256sum", "database.dump", "media.tar.gz"], cwd=folder, check=True, capture_output=True
    )
    (folder / "SHA256SUMS").write_text(
        subprocess.run(
            ["sha256sum", "database.dump", "media.tar.gz"], cwd=folder, capture_output=True, text=True
        ).stdout
    )
    (folder / "media.tar.gz").write_bytes(b"changed")

    damaged = run("restore", str(folder), MEDIA_ROOT=str(tmp_path / "m"))
    assert damaged.returncode != 0 and "is damaged" in damaged.stderr

    (folder / "media.tar.gz").write_bytes(b"media")
    # The test database has every table: restoring over it needs --replace.
    url = _database_url(settings.DATABASES["default"])
    taken = run("restore", str(folder), DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "m"))
    assert taken.returncode != 0 and "restore into an empty database, or pass --replace" in taken.stderr


@pytest.mark.django_db(transaction=True)
def test_backups_beyond_the_retention_are_deleted_oldest_first(tmp_path):
    backups, url = tmp_path / "backups", _database_url(settings.DATABASES["default"])
    made = []
    for _ in range(3):
        result = run(
            "backup",
            DATABASE_URL=url,
            MEDIA_ROOT=str(tmp_path / "none"),
            BACKUP_DIR=str(backups),
            BACKUP_KEEP="2",
        )
        assert result.returncode == 0, result.stderr
        made.append(Path(result.stdout.strip()).name)

    assert sorted(path.name for path in backups.iterdir()) == sorted(made[1:])
    assert made == sorted(made), "names sort by time"


def test_backup_refuses_a_retention_that_is_not_a_count(tmp_path):
    result = run("backup", BACKUP_DIR=str(tmp_path), BACKUP_KEEP="0")

    assert result.returncode != 0
    assert "BACKUP_KEEP must be a whole number" in result.stderr
    assert not list(tmp_path.iterdir())
