"""Writes of the citizens' side: one-time codes to phones, online submissions, tracking logins, a party's
messages, and the SMS a party gets when their dispute moves.

Disputes are registered through `disputes.services.dispute_register` and every timeline row is written
by `disputes.timeline.event_record`; SMS are rows of the notifications outbox, delivered by its backend
(queued on commit, and by the outbox drain if Redis was down).
"""

import functools
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from disputes.choices import Channel, PartyRole
from disputes.models import Attachment, Dispute, DisputeEvent, validate_attachment
from disputes.services import dispute_register
from disputes.timeline import event_record
from notifications.choices import Channel as NotificationChannel
from notifications.models import OutboxMessage
from notifications.recipients import staff_user_ids
from notifications.services import Notice, notify_users
from notifications.services.writing import dispute_params
from portal import plain
from portal.conf import setting
from portal.models import OnlineSubmission
from portal.throttle import limit_hit, limit_reached, limit_reset

logger = logging.getLogger(__name__)

# The outbox's kinds for what the portal sends (its own wording, written here in the portal's language).
SMS_PHONE_CODE = "portal_phone_code"
SMS_DISPUTE_UPDATE = "portal_dispute_update"
# The in-app notification of the holder's staff when a party writes (its wording: portal/messages.py).
PARTY_MESSAGE = "portal_party_message"
# Letters and digits nobody confuses when copying from a phone screen.
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 8


@functools.cache
def _dummy_hash() -> str:
    """What an unknown code's password is checked against, so that both failures take the same time."""
    return make_password("not-a-tracking-password")


class Refused(Exception):
    """A request the portal turns down, with the reason the citizen is told."""


def _sms_queue(*, phone: str, body: str, kind: str) -> OutboxMessage:
    """One SMS in the outbox, in the caller's transaction; its delivery is queued once that commits."""
    message = OutboxMessage.objects.create(
        kind=kind, channel=NotificationChannel.SMS, address=phone, subject="", body=body
    )

    def queue(pk=message.pk):
        from notifications.queueing import publish_quietly
        from notifications.tasks import deliver_outbox_message

        publish_quietly(deliver_outbox_message, [(pk,)])

    transaction.on_commit(queue)
    return message


# -- one-time codes ---------------------------------------------------------------------------------------


def _code_key(phone: str) -> str:
    return "portal:phone-code:" + hashlib.sha256(phone.encode()).hexdigest()[:32]


def _code_digest(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def phone_code_send(*, phone: str, address: str) -> None:
    """Sends a six-digit code to `phone` by SMS; Refused when the phone or the address sent too many."""
    if not limit_hit("code-phone", phone, limit=setting("PORTAL_CODE_PER_PHONE")) or not limit_hit(
        "code-ip", address, limit=setting("PORTAL_CODE_PER_IP")
    ):
        raise Refused(_("Too many codes were asked for. Please try again in an hour."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    try:
        cache.set(
            _code_key(phone),
            {"digest": _code_digest(phone, code), "attempts": 0},
            timeout=setting("PORTAL_CODE_TTL"),
        )
    except Exception:
        logger.warning("the one-time code could not be stored", exc_info=True)
        raise Refused(_("The code could not be sent just now. Please try again in a moment.")) from None
    minutes = setting("PORTAL_CODE_TTL") // 60
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        _sms_queue(
            phone=phone,
            kind=SMS_PHONE_CODE,
            body=_(
                "Linze dispute resolution: your confirmation code is %(code)s, valid for %(minutes)s minutes."
            )
            % {"code": code, "minutes": minutes},
        )


def phone_code_check(*, phone: str, code: str) -> None:
    """Accepts the right code once; Refused (with the reason) otherwise. Wrong codes use up the code."""
    key = _code_key(phone)
    try:
        stored = cache.get(key)
    except Exception:
        stored = None
    if not stored:
        raise Refused(_("There is no valid code for this number. Ask for a new code."))
    if hmac.compare_digest(stored["digest"], _code_digest(phone, (code or "").strip())):
        cache.delete(key)
        return
    stored["attempts"] += 1
    if stored["attempts"] >= setting("PORTAL_CODE_ATTEMPTS"):
        cache.delete(key)
        raise Refused(_("The code was entered wrongly too often. Ask for a new code."))
    cache.set(key, stored, timeout=setting("PORTAL_CODE_TTL"))
    raise Refused(_("The code is not right. Check the SMS and try again."))


# -- online submission ------------------------------------------------------------------------------------


def submission_limits_check(*, phone: str, address: str) -> None:
    """Counts one submission from the address and the phone; Refused past either limit."""
    if not limit_hit("submit-ip", address, limit=setting("PORTAL_SUBMIT_PER_IP")):
        raise Refused(_("Too many disputes were submitted from this connection. Please try again later."))
    if not limit_hit("submit-phone", phone, limit=setting("PORTAL_SUBMIT_PER_PHONE")):
        raise Refused(_("Too many disputes were submitted with this phone number today."))


def validate_photo(upload) -> None:
    """A photo of a submission: JPEG or PNG, within the size limit (and the attachment rules)."""
    limit = setting("PORTAL_PHOTO_MAX_BYTES")
    name = (upload.name or "").lower()
    if not name.endswith((".jpg", ".jpeg", ".png")):
        raise ValidationError(
            _("%(name)s is not a photo: only JPEG and PNG pictures can be sent."),
            params={"name": upload.name},
        )
    head = upload.read(8)
    upload.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError(_("%(name)s is not a JPEG or PNG picture."), params={"name": upload.name})
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; a photo may be at most %(limit)s MB."),
            params={"name": upload.name, "size": round(upload.size / 1048576, 1), "limit": limit // 1048576},
        )
    validate_attachment(upload)


def tracking_password_new() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@transaction.atomic
def submission_create(*, phone: str, data: dict, applicant: dict, respondent: dict, photos=()) -> tuple:
    """Registers a citizen's dispute (channel online, held by the county centre's intake) with its photos.

    Returns (dispute, tracking password); the password is shown once and kept only as a hash. Raises
    ValidationError (field errors) and writes nothing when the input is invalid.
    """
    applicant = {**applicant, "role": PartyRole.APPLICANT, "phone": phone}
    respondent = {**respondent, "role": PartyRole.RESPONDENT}
    dispute = dispute_register(
        user=None, data={**data, "channel": Channel.ONLINE}, parties=[applicant, respondent]
    )
    for upload in photos:
        validate_photo(upload)
        attachment = Attachment.objects.create(
            dispute=dispute,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_by=None,
        )
        event_record(
            dispute=dispute,
            actor=None,
            actor_body=None,
            transition="attach",
            payload={"attachment": attachment.pk, "name": attachment.name, "by": "citizen"},
        )
    password = tracking_password_new()
    OnlineSubmission.objects.create(dispute=dispute, phone=phone, password_hash=make_password(password))
    return dispute, password


# -- tracking ---------------------------------------------------------------------------------------------


def tracking_login(*, code: str, password: str, address: str) -> int:
    """The id of the dispute whose code and tracking password these are.

    Refused with one and the same message for an unknown code and a wrong password; after repeated
    failures from the address or on the code, Refused with the throttle's message whatever is typed.
    """
    code = (code or "").strip().upper()
    if limit_reached("track-ip", address, limit=setting("PORTAL_TRACK_FAILURES_PER_IP")) or limit_reached(
        "track-code", code, limit=setting("PORTAL_TRACK_FAILURES_PER_CODE")
    ):
        raise Refused(_("Too many failed attempts. Please wait 15 minutes and try again."))
    submission = (
        OnlineSubmission.objects.filter(dispute__code=code).only("dispute_id", "password_hash").first()
    )
    valid = check_password(
        (password or "").strip().upper(), submission.password_hash if submission else _dummy_hash()
    )
    if submission is None or not valid:
        limit_hit("track-ip", address, limit=setting("PORTAL_TRACK_FAILURES_PER_IP"))
        limit_hit("track-code", code, limit=setting("PORTAL_TRACK_FAILURES_PER_CODE"))
        raise Refused(_("The code or the password is not right."))
    limit_reset("track-code", code)
    return submission.dispute_id


def tracking_message_add(*, dispute_id: int, text: str, upload=None) -> DisputeEvent:
    """A party's message (and a document) on the dispute's timeline, for the holder to read."""
    text = (text or "").strip()
    if not text and upload is None:
        raise ValidationError({"text": [_("Write a message or choose a document.")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("A message may be at most 2000 characters.")]})
    if upload is not None:
        validate_attachment(upload)
    if not limit_hit("message", str(dispute_id), limit=setting("PORTAL_MESSAGES_PER_DISPUTE")):
        raise Refused(_("Too many messages this hour. Please try again later or call the body handling it."))
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().only("pk", "status").get(pk=dispute_id)
        payload = {"by": "citizen"}
        if upload is not None:
            attachment = Attachment.objects.create(
                dispute=dispute,
                file=upload,
                name=upload.name[:200],
                size=upload.size,
                content_type=getattr(upload, "content_type", "") or "",
                uploaded_by=None,
            )
            payload.update(attachment=attachment.pk, name=attachment.name)
        return event_record(
            dispute=dispute,
            actor=None,
            actor_body=None,
            transition=plain.CITIZEN_MESSAGE,
            note=text,
            payload=payload,
        )


# -- SMS on a change --------------------------------------------------------------------------------------


def tracking_link(code: str) -> str:
    return f"{setting('PORTAL_PUBLIC_URL')}{reverse('portal:track')}?{urlencode({'code': code})}"


def dispute_event_heard(*, event_id: int, event: DisputeEvent | None = None) -> None:
    """What the portal does on a timeline event: nothing for most (one query when the event is not given,
    as dispute_changed gives it); an SMS to the submitting party when the dispute moves; the holder told
    of a party's message."""
    if event is not None and event.pk == event_id:
        return _event_heard(event)
    event = (
        DisputeEvent.objects.select_related("dispute")
        .only(
            "transition", "from_status", "to_status", "payload",
            "dispute__code", "dispute__title", "dispute__status", "dispute__holder_id", "dispute__channel",
        )
        .filter(pk=event_id)
        .first()
    )  # fmt: skip
    if event is not None:
        _event_heard(event)


def _event_heard(event: DisputeEvent) -> None:
    if event.transition == plain.CITIZEN_MESSAGE:
        with transaction.atomic():
            holder_told_of_party_message(event=event)
    else:
        dispute_update_sms(event=event)


def dispute_update_sms(*, event: DisputeEvent) -> OutboxMessage | None:
    """The SMS to the submitting party when an event moves their dispute to another state or body."""
    if event.transition not in plain.PUBLIC_EVENTS or event.transition in ("register", plain.CITIZEN_MESSAGE):
        return None
    payload = event.payload if isinstance(event.payload, dict) else {}
    if event.from_status == event.to_status and not payload.get("to_holder"):
        return None
    if event.dispute.channel != Channel.ONLINE:  # only an online submission has a party's phone here
        return None
    submission = OnlineSubmission.objects.filter(dispute_id=event.dispute_id).only("phone").first()
    if submission is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Linze dispute resolution: your dispute %(code)s: %(stage)s Details: %(link)s") % {
            "code": event.dispute.code,
            "stage": plain.STAGE.get(event.to_status, ""),
            "link": tracking_link(event.dispute.code),
        }
    with transaction.atomic():
        return _sms_queue(phone=submission.phone, body=str(body), kind=SMS_DISPUTE_UPDATE)


def holder_told_of_party_message(*, event: DisputeEvent) -> list:
    """The holder's staff get an in-app notification of a party's message (once per message)."""
    dispute = event.dispute
    notice = Notice(PARTY_MESSAGE, dispute_params(dispute), dispute_id=dispute.pk)
    user_ids = staff_user_ids(body_ids=[dispute.holder_id])
    return notify_users(notices=dict.fromkeys(user_ids, notice), source_key=f"portal-message:{event.pk}")
