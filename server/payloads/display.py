"""What a TV is sent besides calls: its settings, its snapshot and its heartbeat's answer."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .calls import RecentCall
from .common import Moment, Payload
from .site import SiteSnapshot

CounterNumber = Annotated[int, Field(ge=1, le=9999)]


class DisplaySettings(BaseModel):
    """What one TV shows; every field has a default, so ``{}`` is a working display."""

    model_config = ConfigDict(extra="forbid")

    counters: list[CounterNumber] | None = Field(
        default=None, description="Counter numbers to show; null shows every counter."
    )
    layout: Literal["grid", "list"] = "grid"
    language: Literal["vi", "en"] = "vi"
    last_calls: Annotated[int, Field(ge=0, le=10)] = 5
    voice: bool = True
    board: Literal["off", "always", "rotate"] = Field(
        default="off",
        description="The public board (procedures, today's roster, feedback "
        "contacts) in the side panel: never, always, or after board_idle_s without a call.",
    )
    board_idle_s: Annotated[int, Field(ge=10, le=600)] = 60


class DisplaySnapshot(SiteSnapshot):
    """A TV's ``snapshot``: the site's, with the day's recent calls, its settings and the time
    (display/state.py fills them)."""

    recent_calls: list[RecentCall] = Field(description="newest first, as ticket_called")
    display: DisplaySettings
    server_time: Moment


class Heartbeat(Payload):
    """The answer to a TV's ``heartbeat``: the time, its settings and the site's notice."""

    ok: bool
    server_time: Moment
    display: DisplaySettings
    notice: str
