"""Evidence files 证据材料 attached to a dispute."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disputes.models import Attachment, validate_attachment
from disputes.permissions import is_holder_staff
from disputes.services.locks import dispute_lock
from disputes.timeline import event_record
from linze.exceptions import NotPermitted


def attachment_add(*, dispute_id: int, user, upload) -> Attachment:
    """Attaches an evidence file; the type and size limits refuse anything else with a clear message."""
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to attach.")]})
    served_type = validate_attachment(upload)
    with transaction.atomic():
        dispute = dispute_lock(dispute_id=dispute_id, user=user)
        if not is_holder_staff(dispute, user):
            raise NotPermitted(_("Only the staff of the body holding this dispute may add evidence."))
        attachment = Attachment.objects.create(
            dispute=dispute,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=served_type,  # from its bytes, not the browser's word
            uploaded_by=user,
        )
        event_record(
            dispute=dispute,
            actor=user,
            actor_body=dispute.holder,
            transition="attach",
            payload={"attachment": attachment.pk, "name": attachment.name},
        )
    return attachment
