"""Display helpers: call a ticket at a counter, and read or change devices in the database."""

from contextlib import contextmanager

from sqlalchemy import select

from server.auth.tokens import hash_device_token
from server.models import Device


def call_at_counter(api, kiosk_token: str, clerk_token: str, counter: int, service: str) -> dict:
    """Issue a ticket for ``service``, open ``counter`` and call the next ticket there."""
    assert api.issue(kiosk_token, service).status_code == 201
    api.counter(clerk_token, counter, "open")  # 409 if it is open already: fine
    response = api.counter(clerk_token, counter, "call-next")
    assert response.status_code == 200, response.text
    return response.json()


@contextmanager
def device_with_token(centre, token: str):
    """Yield the device holding ``token`` in a unit of work (changes are committed)."""
    with centre.session() as session:
        token_hash = hash_device_token(token)
        yield session.scalar(select(Device).where(Device.token_hash == token_hash))


def device_id(centre, kind: str) -> int:
    """Return the id of the demo centre's device of ``kind`` (kiosk, display, …)."""
    with device_with_token(centre, centre.tokens[kind]) as device:
        return device.id
