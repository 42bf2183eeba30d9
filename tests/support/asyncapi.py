"""Every Socket.IO event a test receives, checked against the AsyncAPI document served.

The Socket.IO clients of the tests (``tests/support/clients.Listener`` for the live server,
the in-process ``socketio.test_client`` in the fast tests) pass each event here: its name must
be a message the server sends on that namespace, and its payload must match the message's
schema (one of them, for an event described by several). A model and what is emitted cannot
drift, as answers and the OpenAPI document cannot.
"""

from tests.support.schemas import SchemaValidators, served_checker

_checkers: dict[str, "EventChecker"] = {}


class EventViolation(AssertionError):
    """An event that the served AsyncAPI document does not allow."""


class EventChecker:
    """Match an event to the messages of its channel and validate its payload."""

    def __init__(self, document: dict):
        self.document = document
        self.validators = SchemaValidators(document["components"])

    def messages(self, namespace: str, event: str, action: str = "send") -> list[dict]:
        """Return the messages named ``event`` that flow as ``action`` on ``namespace``."""
        for channel in self.document["channels"].values():
            if channel["address"] != namespace:
                continue
            found = []
            for key, ref in channel["messages"].items():
                message = self._resolve(ref)
                if message["name"] == event and key == f"{event}.{action}":
                    found.append(message)
            return found
        raise EventViolation(f"namespace {namespace} is not in the AsyncAPI document")

    def check(self, namespace: str, event: str, payload) -> None:
        """Raise EventViolation unless ``payload`` is what the server may send as ``event``."""
        messages = self.messages(namespace, event)
        if not messages:
            raise EventViolation(f"{namespace} {event!r}: not a documented server event")
        errors = [
            str(error)
            for message in messages
            for error in self.validators.of(message["payload"]).iter_errors(payload)
        ]
        if errors:
            raise EventViolation(
                f"{namespace} {event!r}: the payload does not match the "
                "document:\n" + "\n".join(errors[:3])
            )

    def _resolve(self, ref: dict) -> dict:
        node = self.document
        for part in ref["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        return node



def event_checker_for(base_url: str) -> EventChecker:
    """Return the checker of the server at ``base_url`` (its document read once)."""
    return served_checker(_checkers, base_url, "/api/asyncapi.json", EventChecker)
