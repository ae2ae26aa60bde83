"""The reply clock of a suggestion: the admin's SuggestionPolicy for its kind, two months by default."""

import calendar
from datetime import datetime, timedelta

from supervision.models import SuggestionPolicy

DEFAULT_REPLY_MONTHS = 2


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, or the month's last day when it has no such day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def reply_deadline(*, kind: str, issued_at: datetime) -> datetime:
    """When the reply to a suggestion of this kind issued at that moment is due."""
    policy = SuggestionPolicy.objects.filter(kind=kind).first()
    months = policy.reply_months if policy else DEFAULT_REPLY_MONTHS
    days = policy.reply_days if policy else 0
    return add_months(issued_at, months) + timedelta(days=days)
