"""Writes of the supervision instruments, one module per instrument; each step locks its row, checks
state and permission, transitions, writes one timeline row and tells people after the commit.

  suggestions.py  judicial and procuratorial suggestions (司法建议 / 检察建议)
  decisions.py    major decisions and their stability risk assessments (社会稳定风险评估)
  meetings.py     joint meeting alerts, meetings and tasks (联席会议)
  education.py    legal education sessions (普法)
"""

from supervision.services.decisions import (
    decision_approve,
    decision_assess,
    decision_link_dispute,
    decision_register,
)
from supervision.services.education import education_session_record
from supervision.services.meetings import (
    meeting_close,
    meeting_hold,
    meeting_raise,
    meeting_schedule,
    meeting_task_assign,
    meeting_task_complete,
    meeting_task_mark_overdue,
)
from supervision.services.suggestions import (
    recipient_choices,
    suggestion_close,
    suggestion_draft,
    suggestion_event_record,
    suggestion_issue,
    suggestion_mark_overdue,
    suggestion_receive,
    suggestion_reply,
)

__all__ = [
    "decision_approve",
    "decision_assess",
    "decision_link_dispute",
    "decision_register",
    "education_session_record",
    "meeting_close",
    "meeting_hold",
    "meeting_raise",
    "meeting_schedule",
    "meeting_task_assign",
    "meeting_task_complete",
    "meeting_task_mark_overdue",
    "recipient_choices",
    "suggestion_close",
    "suggestion_draft",
    "suggestion_event_record",
    "suggestion_issue",
    "suggestion_mark_overdue",
    "suggestion_receive",
    "suggestion_reply",
]
