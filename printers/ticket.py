"""The data printed on one queue ticket."""

from dataclasses import dataclass
from datetime import datetime

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class TicketPrint:
    """Everything the layout needs to draw one ticket, already decided by the engine."""

    centre_name: str
    site_name: str
    service_name: str
    number: str
    issued_at: datetime
    waiting_ahead: int
    estimated_wait_s: int | None = None
    estimated_range_s: tuple[int, int] | None = None  # (low, high) seconds, when known
    priority: bool = False
    appointment: bool = False  # a booked citizen's ticket, called at its slot
    qr_url: str | None = None
    booking_url: str | None = None  # the site's booking page, where it takes bookings
    footer: str = ""
    language: str = "vi"
    # How the site addresses a citizen inside a sentence ("quý khách", "Ông/Bà").
    citizen: str = "quý khách"
    # The procedure the citizen chose at the kiosk's look-up, if any: the clerk sees it too.
    procedure: str = ""

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported ticket language {self.language!r}")
        if self.waiting_ahead < 0:
            raise ValueError("waiting_ahead must not be negative")
