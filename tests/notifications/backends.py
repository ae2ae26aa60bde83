"""Backends that fail, standing in for a gateway that is down (the only thing these tests mock)."""

from notifications.backends import NotificationBackend


class GatewayDown(Exception):
    pass


class FailingBackend(NotificationBackend):
    calls = 0

    def send(self, recipient, message) -> None:
        type(self).calls += 1
        raise GatewayDown("SMS gateway answered 503")


class FlakyBackend(NotificationBackend):
    """Fails the first `failures` sends, then delivers (into `delivered`)."""

    failures = 2
    calls = 0
    delivered: list = []

    def send(self, recipient, message) -> None:
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise GatewayDown(f"timeout #{type(self).calls}")
        type(self).delivered.append((recipient, message))
