"""Writes of the supervision instruments. Each step of a suggestion locks its row, checks state and
permission, makes the transition, writes one SuggestionEvent and tells people after the commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agencies.models import Body, Membership
from agencies.permissions import acting_body_ids
from disputes.models import Dispute, validate_attachment
from linze.exceptions import Conflict, NotPermitted
from notifications.choices import NotificationKind
from notifications.messages import both_languages
from notifications.recipients import staff_user_ids
from notifications.services import Notice, notify_users
from supervision.choices import AWAITING_REPLY
from supervision.deadlines import reply_deadline
from supervision.models import Suggestion, SuggestionDocument, SuggestionEvent
from supervision.permissions import ISSUER_KIND_OF_BODY, NOT_RECIPIENT_KINDS, issuing_bodies

__all__ = [
    "suggestion_close",
    "suggestion_draft",
    "suggestion_event_record",
    "suggestion_issue",
    "suggestion_mark_overdue",
    "suggestion_receive",
    "suggestion_reply",
]


def suggestion_event_record(
    *, suggestion: Suggestion, actor, actor_body, action: str, from_status: str, note: str = "", payload=None
) -> SuggestionEvent:
    """The one recorder of a suggestion's timeline; runs in the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("suggestion_event_record must run inside the transaction of the change")
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        actor=actor,
        actor_body=actor_body,
        action=action,
        from_status=from_status,
        to_status=suggestion.status,
        note=note,
        payload=payload or {},
    )


def recipient_choices():
    return Body.objects.filter(is_active=True).exclude(kind__in=NOT_RECIPIENT_KINDS)


def suggestion_draft(*, user, data: dict) -> Suggestion:
    """Drafts a suggestion for one of the user's courts or procuratorates, citing disputes the user may
    see (`data["disputes"]`: Dispute rows or ids; any other is refused)."""
    issuers = {body.pk: body for body in issuing_bodies(user)}
    issuer = data.get("issuer") or (next(iter(issuers.values()), None))
    if issuer is None or issuer.pk not in issuers:
        raise NotPermitted(_("Only the staff of a court or procuratorate may issue suggestions."))
    recipient = data.get("recipient")
    if (
        recipient is None
        or recipient.pk == issuer.pk
        or not recipient_choices().filter(pk=recipient.pk).exists()
    ):
        raise ValidationError({"recipient": [_("Choose the body the suggestion is sent to.")]})
    cited = [d.pk if isinstance(d, Dispute) else int(d) for d in data.get("disputes") or []]
    visible = set(Dispute.objects.restrict(user).filter(pk__in=cited).values_list("pk", flat=True))
    if set(cited) - visible:
        raise ValidationError({"disputes": [_("Cite only disputes you may open.")]})
    with transaction.atomic():
        suggestion = Suggestion(
            kind=ISSUER_KIND_OF_BODY[issuer.kind],
            issuer=issuer,
            recipient=recipient,
            title=data.get("title", ""),
            reference=data.get("reference", ""),
            problem=data.get("problem", ""),
            suggestion=data.get("suggestion", ""),
            created_by=user,
        )
        suggestion.full_clean(exclude=["disputes", "status"])
        suggestion.save()
        suggestion.disputes.set(sorted(visible))
        suggestion_event_record(
            suggestion=suggestion, actor=user, actor_body=issuer, action="draft", from_status=""
        )
    return suggestion


def _locked(*, suggestion_id: int, user, system: bool = False) -> Suggestion:
    queryset = Suggestion.objects.all() if system else Suggestion.objects.restrict(user, "view")
    try:
        return queryset.select_for_update().get(pk=suggestion_id)
    except Suggestion.DoesNotExist:
        raise Http404 from None


def _step(*, suggestion_id: int, user, name: str, expected_version: int | None = None, **fields):
    """Locks, checks state, permission and guards, transitions, saves, records. Refusals say why."""
    with transaction.atomic():
        suggestion = _locked(suggestion_id=suggestion_id, user=user)
        if expected_version is not None and suggestion.version != expected_version:
            raise Conflict(_("This suggestion was changed meanwhile. Look at it again and retry."))
        method = getattr(suggestion, name)
        if not can_proceed(method, check_conditions=False):
            raise Conflict(
                _("This suggestion is now “%(status)s”; that action is not possible from there.")
                % {"status": suggestion.get_status_display()}
            )
        if not method._django_fsm.has_transition_perm(suggestion, suggestion.status, user):
            raise NotPermitted(_("Only the staff of the body concerned may do that."))
        for field, value in fields.items():
            setattr(suggestion, field, value)
        transition = method._django_fsm.get_transition(suggestion.status)
        for condition in transition.conditions or []:
            if not condition(suggestion):
                raise Conflict(condition.message)
        from_status, now = suggestion.status, timezone.now()
        kwargs = {"now": now}
        if name == "issue":
            kwargs["due_at"] = reply_deadline(kind=suggestion.kind, issued_at=now)
        method(**kwargs)
        suggestion.version += 1
        suggestion.save()
        acting = acting_body_ids(user)
        body = next(
            (b for b in (suggestion.issuer, suggestion.recipient) if b.pk in acting),
            None,
        )
        suggestion_event_record(
            suggestion=suggestion,
            actor=user,
            actor_body=body,
            action=name,
            from_status=from_status,
            note=fields.get("reply", ""),
        )
        _tell(suggestion, name, actor=user)
    return suggestion


def suggestion_issue(*, suggestion_id: int, user, expected_version: int | None = None) -> Suggestion:
    """Sends a draft to its body; the reply clock starts (SuggestionPolicy, two months by default)."""
    return _step(suggestion_id=suggestion_id, user=user, name="issue", expected_version=expected_version)


def suggestion_receive(*, suggestion_id: int, user) -> Suggestion:
    """The receiving body signs for it (签收)."""
    return _step(suggestion_id=suggestion_id, user=user, name="receive")


def suggestion_reply(*, suggestion_id: int, user, reply: str, documents=()) -> Suggestion:
    """The receiving body's reply: the measures it took, with documents attached (each checked like a
    dispute's evidence: type and size); late replies are accepted and shown as late."""
    for upload in documents:
        validate_attachment(upload)
    with transaction.atomic():
        suggestion = _step(
            suggestion_id=suggestion_id, user=user, name="reply_to", reply=(reply or "").strip()
        )
        for upload in documents:
            SuggestionDocument.objects.create(
                suggestion=suggestion,
                file=upload,
                name=upload.name[:200],
                size=upload.size,
                content_type=getattr(upload, "content_type", "") or "",
                uploaded_by=user,
            )
    return suggestion


def suggestion_close(*, suggestion_id: int, user) -> Suggestion:
    """The issuer has read the reply and closes the suggestion."""
    return _step(suggestion_id=suggestion_id, user=user, name="close")


# -- who is told --------------------------------------------------------------------------------------


def suggestion_params(suggestion: Suggestion) -> dict:
    return {
        "title": suggestion.title,
        "kind": suggestion.kind,
        "issuer": both_languages(suggestion.issuer),
        "recipient": both_languages(suggestion.recipient),
        "due_at": suggestion.due_at.isoformat() if suggestion.due_at else None,
    }


def body_heads(body_id: int) -> set[int]:
    return set(
        Membership.objects.filter(body_id=body_id, role="head", user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def _tell(suggestion: Suggestion, name: str, *, actor=None) -> None:
    """Queues the notices a step calls for, written after the commit (nothing for a rolled-back step)."""
    from django.urls import reverse

    link = reverse("supervision:suggestion", kwargs={"pk": suggestion.pk})
    if name == "issue":
        kind, users = NotificationKind.SUGGESTION_ARRIVED, staff_user_ids(body_ids=[suggestion.recipient_id])
    elif name == "reply_to":
        kind, users = NotificationKind.SUGGESTION_REPLIED, staff_user_ids(body_ids=[suggestion.issuer_id])
    elif name == "mark_overdue":
        # The issuer and the head of the body that has not replied (its staff when it has no head).
        heads = body_heads(suggestion.recipient_id) or staff_user_ids(body_ids=[suggestion.recipient_id])
        kind, users = (
            NotificationKind.SUGGESTION_OVERDUE,
            staff_user_ids(body_ids=[suggestion.issuer_id]) | heads,
        )
    else:
        return
    users -= {getattr(actor, "pk", None)}
    notice = Notice(kind, suggestion_params(suggestion), link=link)
    key = f"suggestion:{suggestion.pk}:{name}:{suggestion.version}"
    transaction.on_commit(lambda: notify_users(notices=dict.fromkeys(users, notice), source_key=key))


def suggestion_mark_overdue(*, suggestion_id: int, now) -> bool:
    """The sweep's step on one suggestion, locked with skip_locked and re-checked under the lock: True when
    it was marked overdue now (so running the sweep twice marks nothing twice)."""
    with transaction.atomic():
        suggestion = (
            Suggestion.objects.select_for_update(skip_locked=True)
            .filter(pk=suggestion_id, status__in=AWAITING_REPLY, due_at__lte=now)
            .first()
        )
        if suggestion is None:
            return False
        from_status = suggestion.status
        suggestion.mark_overdue()
        suggestion.version += 1
        suggestion.save()
        suggestion_event_record(
            suggestion=suggestion,
            actor=None,
            actor_body=None,
            action="mark_overdue",
            from_status=from_status,
            payload={"automatic": True, "due_at": suggestion.due_at.isoformat()},
        )
        _tell(suggestion, "mark_overdue")
    return True
