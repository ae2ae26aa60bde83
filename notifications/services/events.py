"""What each dispute event tells whom."""

from django.db import transaction

from agencies.models import Body
from disputes.choices import ReferralStatus
from disputes.models import DisputeEvent, Referral
from notifications.choices import NotificationKind
from notifications.messages import both_languages
from notifications.models import Notification
from notifications.recipients import staff_user_ids
from notifications.services.writing import Notice, dispute_params, notify_users

# Timeline entries that neither move the dispute to another holder nor call a body in: a session logged,
# an agreement drafted, a follow-up visit, evidence attached, a supporting body's report-in, completion
# or return of its referral. They tell no one; the holder sees them on the dispute's timeline.
TIMELINE_ONLY = frozenset(
    {
        "log_session",
        "draft_agreement",
        "follow_up",
        "attach",
        "report_in",
        "complete_referral",
        "return_referral_support",
        "ask_liaisons",  # supervision tells the liaisons itself
        "liaison_guidance",
    }
)


def notify_for_event(*, event_id: int, event: DisputeEvent | None = None) -> list[Notification]:
    """Writes the notifications a timeline event calls for. Idempotent; safe inside the event's transaction.
    `event` is the row as dispute_changed carries it (with its dispute); without it, it is read.

    - refer (and the whistle), add_support: the staff of every body called in, each about its own referral;
    - confirm / reject_confirmation: the staff of the body that mediated, which holds the dispute again;
    - any other change of holder: the staff of the new holder, unless they took it themselves;
    - a registration by someone outside the holding body (online, by an administrator): the holder's staff;
    - a grid worker's report: the staff of the village committee above the grid station.
    Any other event — those of TIMELINE_ONLY, and kinds this app does not know — tells no one.
    The person who acted is never notified of their own action.
    """
    if event is None or event.pk != event_id:
        event = (
            DisputeEvent.objects.select_related("dispute__holder", "actor_body").filter(pk=event_id).first()
        )
    if event is None or event.transition in TIMELINE_ONLY:
        return []
    dispute = event.dispute
    payload = event.payload if isinstance(event.payload, dict) else {}
    notices: dict[int, Notice] = {}

    def tell(body_ids, notice: Notice) -> None:
        for user_id in staff_user_ids(body_ids=body_ids) - {event.actor_id}:
            notices.setdefault(user_id, notice)

    if event.transition in ("refer", "add_support"):
        referrals = Referral.objects.filter(
            dispute=dispute, body__code__in=payload.get("bodies", []), status=ReferralStatus.PENDING
        ).order_by("-is_lead", "pk")
        sender = both_languages(event.actor_body or dispute.holder)
        for referral in referrals:
            tell(
                [referral.body_id],
                Notice(
                    NotificationKind.REFERRAL_WAITING,
                    {
                        **dispute_params(dispute),
                        "from": sender,
                        "is_lead": referral.is_lead,
                        "report_by": referral.report_by.isoformat() if referral.report_by else None,
                    },
                    dispute_id=dispute.pk,
                    referral_id=referral.pk,
                ),
            )
    elif payload.get("to_holder"):
        bodies = {
            b.code: b
            for b in Body.objects.filter(code__in=[payload["to_holder"], payload.get("from_holder")])
        }
        new_holder = bodies.get(payload["to_holder"])
        if new_holder is not None and event.transition in ("confirm", "reject_confirmation"):
            tell(
                [new_holder.pk],
                Notice(
                    NotificationKind.CONFIRMATION_DECIDED,
                    {**dispute_params(dispute), "ruling": payload.get("ruling", "")},
                    dispute_id=dispute.pk,
                ),
            )
        elif new_holder is not None and event.actor_body_id != new_holder.pk:
            tell(
                [new_holder.pk],
                Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {
                        **dispute_params(dispute),
                        "action": event.transition,
                        "from": both_languages(bodies.get(payload.get("from_holder"))),
                    },
                    dispute_id=dispute.pk,
                ),
            )
    elif event.transition == "register" and payload.get("next_tier"):
        # A grid report: the village committee sees it from now on and may take it over.
        watcher = Body.objects.filter(code=payload["next_tier"]).first()
        if watcher is not None:
            tell(
                [watcher.pk],
                Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {
                        **dispute_params(dispute),
                        "action": "grid_report",
                        "from": both_languages(event.actor_body or dispute.holder),
                    },
                    dispute_id=dispute.pk,
                ),
            )
    elif event.transition == "register" and event.actor_body_id is None:
        holder = Body.objects.filter(code=payload.get("holder")).first()
        if holder is not None:
            tell(
                [holder.pk],
                Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {**dispute_params(dispute), "action": "register", "channel": payload.get("channel", "")},
                    dispute_id=dispute.pk,
                ),
            )
    if not notices:  # most events: read, nothing to write, no transaction opened
        return []
    with transaction.atomic():  # the notifications and their outbox rows together
        return notify_users(notices=notices, source_key=f"event:{event.pk}")
