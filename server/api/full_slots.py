"""Slots this process found full a moment ago, refused again without reading the database.

When booking opens, nearly every attempt after the first hundred is for a slot already full;
answering those from memory keeps the database and the connection pool for the bookings that
can still succeed. A place given back elsewhere is offered again once the memory lapses
(``BOOKING_FULL_MEMORY_S``); a cancellation or a move in this process forgets at once. The
conditional update in the engine still decides every booking: this only refuses.
"""

import time
from collections.abc import Hashable

from flask import current_app

MAX_REMEMBERED = 10_000


class FullSlots:
    """Remember full slots for ``memory_s`` seconds."""

    def __init__(self, memory_s: float):
        self.memory_s = memory_s
        self._until: dict[Hashable, float] = {}

    def seen_full(self, key: Hashable) -> bool:
        """Tell whether ``key`` was found full within the memory."""
        until = self._until.get(key)
        return until is not None and time.monotonic() < until

    def remember(self, key: Hashable) -> None:
        """Note that ``key`` is full now."""
        now = time.monotonic()
        if len(self._until) >= MAX_REMEMBERED:
            self._until = {k: until for k, until in self._until.items() if until > now}
        if self.memory_s > 0:
            self._until[key] = now + self.memory_s

    def forget_all(self) -> None:
        """Forget every slot: a place was given back."""
        self._until.clear()


def full_slots() -> FullSlots:
    """Return this app's memory of full slots."""
    memory = current_app.extensions.get("qms_full_slots")
    if memory is None:
        memory = FullSlots(float(current_app.config["BOOKING_FULL_MEMORY_S"]))
        current_app.extensions["qms_full_slots"] = memory
    return memory
