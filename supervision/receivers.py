"""What supervision hears from lower layers: a joint-meeting warning opens a joint meeting alert."""

from alerts.signals import warning_raised


def on_warning_raised(sender, *, warning_id: int, joint_meeting: bool = False, **kwargs) -> None:
    if joint_meeting:
        from supervision.services.meetings import meeting_raise_from_warning

        meeting_raise_from_warning(warning_id=warning_id)


def connect() -> None:
    warning_raised.connect(on_warning_raised, dispatch_uid="supervision_joint_meeting_alert")
