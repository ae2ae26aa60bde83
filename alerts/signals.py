"""Signals of the early warning, for higher layers (supervision opens a joint meeting alert)."""

from django.dispatch import Signal

# Sent once the transaction that raised a warning commits: warning_id=…, joint_meeting=bool.
warning_raised = Signal()
