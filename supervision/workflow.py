"""The suggestion's state machine: drafted → issued → received → replied → closed; a suggestion not
replied to in time is marked overdue by the sweep (and may still be replied to). Transitions only
change fields; supervision/services.py locks, checks, saves and records."""

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from supervision.choices import AWAITING_REPLY
from supervision.choices import SuggestionStatus as S
from supervision.permissions import is_issuer_staff, is_recipient_staff


def guard(message):
    def decorate(condition):
        condition.message = message
        return condition

    return decorate


@guard(_("Write the measures taken before replying."))
def has_reply(suggestion) -> bool:
    return bool((suggestion.reply or "").strip())


def _issuer(instance, user) -> bool:
    return is_issuer_staff(instance, user)


def _recipient(instance, user) -> bool:
    return is_recipient_staff(instance, user)


def _system(instance, user) -> bool:
    return False  # only the sweep, which acts without a user


class SuggestionWorkflow:
    @transition(field="status", source=S.DRAFTED, target=S.ISSUED, permission=_issuer)
    def issue(self, *, now, due_at):
        self.issued_at, self.due_at = now, due_at

    @transition(field="status", source=S.ISSUED, target=S.RECEIVED, permission=_recipient)
    def receive(self, *, now):
        self.received_at = now

    @transition(
        field="status", source=[*AWAITING_REPLY, S.OVERDUE], target=S.REPLIED, permission=_recipient,
        conditions=[has_reply],
    )  # fmt: skip
    def reply_to(self, *, now):
        self.replied_at = now
        if self.received_at is None:
            self.received_at = now

    @transition(field="status", source=S.REPLIED, target=S.CLOSED, permission=_issuer)
    def close(self, *, now):
        self.closed_at = now

    @transition(field="status", source=AWAITING_REPLY, target=S.OVERDUE, permission=_system)
    def mark_overdue(self):
        pass
