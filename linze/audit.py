"""The audit log 审计日志: who changed the portal's rules, its bodies and its users, who signed in, who
exported or unmasked personal data — one append-only table (`AuditRecord`) read on one admin page.

The dispute timeline records what happens to a dispute; this records what happens *around* them:
an edited deadline policy changes every clock, a new membership opens a body's disputes to a user.

- Configuration changes: `settings.AUDITED_MODELS` names the models ("app_label.Model"); every save
  and delete of one writes a record with the fields that changed, before and after. Connected here by
  label (`audit_connect`), so the infrastructure layer imports none of the apps it watches. Saves
  that bypass signals (`bulk_create`, `QuerySet.update`: the reference loader `load_linze` and data
  migrations) are not recorded; the loader is run by an operator and prints what it changed.
- Sign-ins: every login, logout and failed login (Django's auth signals), with the address.
- Other records (`audit_record`): exports and unmasking call it beside their own tables.

The acting user and address come from the request (`AuditContextMiddleware`); outside a request
(a management command, a Celery task) the record says "system". The table refuses UPDATE and DELETE
in the database itself (migration 0004), whatever code runs against it.
"""

import contextvars
import datetime
import decimal
import logging
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

logger = logging.getLogger(__name__)

# Fields never copied into the log: secrets, and stamps that change on every save.
HIDDEN_FIELDS = {"password"}
SKIPPED_FIELDS = {"last_login", "updated_at", "search"}
MAX_VALUE_LENGTH = 500


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    ip_address: str | None = None


_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def client_ip(request) -> str | None:
    """The client's address as the reverse proxy gives it (the first of X-Forwarded-For), else the
    socket's."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None
    return address[:45] if address else None


def _request_actor(request) -> Actor:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Actor(user.pk, user.get_username(), client_ip(request))
    return Actor(None, "", client_ip(request))


class AuditContextMiddleware:
    """Remembers who makes the request, for the records written while it runs. After
    AuthenticationMiddleware; the user is read lazily, when a record is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_actor() -> Actor:
    request = _request.get()
    return _request_actor(request) if request is not None else Actor()


def audit_record(
    *,
    action: str,
    subject: str = "",
    object_id: str = "",
    summary: str = "",
    details: dict | None = None,
    actor: Actor | None = None,
) -> None:
    """Writes one record. `action`: one of AuditRecord.Action; `subject`: "app_label.model" of what
    it is about; `summary`: the object as a person reads it; `details`: for a change, per field
    [before, after], otherwise the facts of the action (an export's region, period and filters)."""
    from linze.models import AuditRecord

    actor = actor or current_actor()
    AuditRecord.objects.create(
        action=action,
        subject=subject[:100],
        object_id=str(object_id)[:64],
        summary=summary[:200],
        details=details or {},
        user_id=actor.user_id,
        username=actor.username[:150],
        ip_address=actor.ip_address,
    )


# -- configuration changes ---------------------------------------------------------------------------


def _value(value):
    """A field's value as JSON keeps it (the log holds values, never objects)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value[:MAX_VALUE_LENGTH] if isinstance(value, str) else value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    return str(value)[:MAX_VALUE_LENGTH]


def _fields(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        values[field.name] = getattr(instance, field.attname)
    return values


def _subject(sender) -> str:
    return sender._meta.label_lower


def _remember_before(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: the stored row, so that post_save can say what changed (one query per edit of a
    configuration row — administrators' edits, never a dispute's transition)."""
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _fields(before) if before is not None else None


def _changes(before: dict | None, after: dict) -> dict:
    changes = {}
    for name, value in after.items():
        old = None if before is None else before.get(name)
        if before is not None and old == value:
            continue
        if name in HIDDEN_FIELDS:
            changes[name] = ["…", "…"] if before is not None else [None, "…"]
        else:
            changes[name] = [_value(old), _value(value)]
    return changes


def _saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    from linze.models import AuditRecord

    before = getattr(instance, "_audit_before", None)
    changes = _changes(None if created else before, _fields(instance))
    if not created and not changes:
        return
    audit_record(
        action=AuditRecord.Action.CREATE if created else AuditRecord.Action.UPDATE,
        subject=_subject(sender),
        object_id=instance.pk,
        summary=str(instance),
        details=changes,
    )


def _deleted(sender, instance, **kwargs) -> None:
    from linze.models import AuditRecord

    audit_record(
        action=AuditRecord.Action.DELETE,
        subject=_subject(sender),
        object_id=instance.pk,
        summary=str(instance),
        details={name: [_value(value), None] for name, value in _fields(instance).items()},
    )


def _m2m_changed(sender, instance, action, model, pk_set, reverse=False, **kwargs) -> None:
    """A user's groups and permissions (what they may do) are many-to-many rows of their own."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from linze.models import AuditRecord

    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), sender.__name__
    )
    names = sorted(str(obj) for obj in model._default_manager.filter(pk__in=pk_set or ())) if pk_set else []
    change = {"post_add": [None, names], "post_remove": [names, None], "post_clear": ["…", None]}[action]
    audit_record(
        action=AuditRecord.Action.UPDATE,
        subject=instance._meta.label_lower,
        object_id=instance.pk,
        summary=str(instance),
        details={field: change},
    )


def audit_connect() -> None:
    """Wires the signals of every model in settings.AUDITED_MODELS (linze/apps.py, at start-up)."""
    for label in getattr(settings, "AUDITED_MODELS", ()):
        model = apps.get_model(label)
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_remember_before, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")


# -- sign-ins ---------------------------------------------------------------------------------------


def _auth_actor(user, request) -> Actor:
    address = client_ip(request) if request is not None else None
    if user is None:
        return Actor(None, "", address)
    return Actor(user.pk, user.get_username(), address)


def _logged_in(sender, request, user, **kwargs) -> None:
    from linze.models import AuditRecord

    audit_record(
        action=AuditRecord.Action.LOGIN,
        subject=user._meta.label_lower,
        object_id=user.pk,
        summary=user.get_username(),
        actor=_auth_actor(user, request),
    )


def _logged_out(sender, request, user, **kwargs) -> None:
    from linze.models import AuditRecord

    if user is None:  # an anonymous visitor's "logout"
        return
    audit_record(
        action=AuditRecord.Action.LOGOUT,
        subject=user._meta.label_lower,
        object_id=user.pk,
        summary=user.get_username(),
        actor=_auth_actor(user, request),
    )


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    """The name tried is kept as typed (it may be nobody's), never the password."""
    from linze.models import AuditRecord

    tried = str(credentials.get("username", ""))[:150]
    audit_record(
        action=AuditRecord.Action.LOGIN_FAILED,
        subject="auth.user",
        summary=tried,
        actor=Actor(None, tried, client_ip(request) if request is not None else None),
    )
