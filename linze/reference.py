"""Small reference tables kept in each process: the bodies, regions, categories, deadline policies and
the ladder, which every transition and every work list reads and an administrator edits a few times a
year.

A table registers once (`ReferenceTable(...)` at import of the app that owns the model) and is read
whole on first use, in one query on the primary. Each process checks a version in the shared cache
(Redis) at most every VERSION_CHECK_SECONDS and reads the table again when it changed: a save or a
delete of a row forgets this process's copy at once and, when its transaction commits, publishes a new
version for the others — the holiday calendar's pattern (linze/workdays.py). Another process therefore
sees an administrator's edit within a few seconds, and this one at once.

The rows are shared by every request of the process: read them, never change them in place (a form
or a service that edits a row reads its own copy with the ORM).
"""

import logging
import uuid
from time import monotonic

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator

logger = logging.getLogger(__name__)

VERSION_CHECK_SECONDS = 5.0

_tables: dict[str, "ReferenceTable"] = {}


class ReferenceTable:
    """Every row of one small model, by primary key and in its default order."""

    def __init__(self, model, *, queryset=None):
        self.model = model
        self.label = model._meta.label_lower
        self._queryset = queryset or (lambda: model._default_manager.all())
        self._rows: list | None = None
        self._by_pk: dict = {}
        self._version: object = None
        self._check_at = 0.0
        _tables[self.label] = self
        post_save.connect(self._changed, sender=model, dispatch_uid=f"reference-{self.label}-save")
        post_delete.connect(self._changed, sender=model, dispatch_uid=f"reference-{self.label}-delete")

    # -- reading -----------------------------------------------------------------------------------

    def rows(self) -> list:
        now = monotonic()
        if self._rows is None or now >= self._check_at:
            version = self._shared_version()
            if self._rows is None or version != self._version:
                rows = list(self._queryset().using(DEFAULT_DB_ALIAS))
                self._rows, self._by_pk, self._version = rows, {row.pk: row for row in rows}, version
            self._check_at = now + VERSION_CHECK_SECONDS
        return self._rows

    def get(self, pk):
        """The row with primary key `pk`, or None (a row added since the last read is read again)."""
        if pk is None:
            return None
        self.rows()
        row = self._by_pk.get(pk)
        if row is None:
            row = self._queryset().using(DEFAULT_DB_ALIAS).filter(pk=pk).first()
            if row is not None:
                self._by_pk[pk] = row
        return row

    # -- invalidation ------------------------------------------------------------------------------

    def version_key(self) -> str:
        # One version per database: two portals (or two test runs) on one Redis do not reload each other.
        return f"reference:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}:{self.label}:version"

    def _shared_version(self) -> object:
        try:
            return cache.get(self.version_key())
        except Exception:  # Redis down: an unknown version, so the table is read again at every check
            logger.warning("cannot read the version of %s from the cache", self.label, exc_info=True)
            return uuid.uuid4().hex

    def forget(self) -> None:
        self._rows, self._by_pk, self._check_at = None, {}, 0.0

    def _publish(self) -> None:
        self.forget()  # anything this process read between the save and the commit
        try:
            cache.set(self.version_key(), uuid.uuid4().hex, timeout=None)
        except Exception:
            logger.warning(
                "cannot publish a new version of %s: other processes keep the old rows until the next edit",
                self.label,
                exc_info=True,
            )

    def _changed(self, sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
        self.forget()
        transaction.on_commit(self._publish, using=using)


class ReferenceQuerySet(models.QuerySet):
    """The queryset of a model kept in a ReferenceTable: its bulk writes, which send no save signal,
    tell the table too (a delete sends post_delete for each row already)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        _model_changed(self.model, self.db)
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        _model_changed(self.model, self.db)
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        _model_changed(self.model, self.db)
        return rows


def _model_changed(model, using) -> None:
    table = _tables.get(model._meta.label_lower)
    if table is not None:
        table._changed(using=using)


def table_of(label: str) -> ReferenceTable:
    """The table of a model by its lower-case label ("agencies.body"), registered by its app."""
    return _tables[label]


def forget_all() -> None:
    """Every table of this process read again at its next use (tests, after a rolled-back change)."""
    for table in _tables.values():
        table.forget()


def reference_tables_forget(**kwargs) -> None:
    """post_migrate (linze/apps.py): migrate and flush change the tables without save signals."""
    forget_all()


class TableChoiceIterator(ModelChoiceIterator):
    """The choices of a ModelChoiceField from a reference table instead of its queryset: the field's
    `table_rows` (a callable returning the rows, in the queryset's order) is read in the process, so
    that a form's select costs no query. The queryset still checks what is submitted."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.table_rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.table_rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.table_rows())
