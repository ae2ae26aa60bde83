"""Why an action on a dispute was refused. Views and the API turn each into a message, never a 500."""


class ActionRefused(Exception):
    status_code = 400
    code = "refused"

    def __init__(self, message, *, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class NotPermitted(ActionRefused):
    """The user may see the dispute but is not one of the people who may do this."""

    status_code = 403
    code = "not_permitted"


class Conflict(ActionRefused):
    """The dispute's state does not allow this now: wrong state, a guard, or changed meanwhile."""

    status_code = 409
    code = "conflict"


class UnknownTransition(ActionRefused):
    status_code = 400
    code = "unknown_transition"
