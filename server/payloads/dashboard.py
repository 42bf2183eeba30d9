"""Today's live numbers of one site, as the dashboard shows them."""

from datetime import date

from .common import Moment, Payload
from .site import SiteRef
from .tickets import CounterStatus


class DashboardService(Payload):
    code: str
    name: str
    name_en: str
    active: bool
    waiting: int
    longest_wait_s: int | None
    target_wait_s: int
    waiting_overdue: int


class DashboardCounter(Payload):
    number: int
    name: str
    status: CounterStatus
    clerk: str | None
    ticket: str | None


class DashboardCounters(Payload):
    open: int
    paused: int
    closed: int
    serving: int
    list: list[DashboardCounter]


class DashboardToday(Payload):
    issued: int
    served: int
    no_show: int
    overdue: int
    avg_wait_s: float | None
    avg_service_s: float | None
    votes: dict[str, int]
    satisfaction_index: float | None


class Dashboard(Payload):
    """Today's live numbers of one site."""

    site: SiteRef
    service_day: date
    now: Moment
    services: list[DashboardService]
    waiting: int
    waiting_overdue: int
    longest_wait_s: int | None
    longest_waiting_since: Moment | None
    counters: DashboardCounters
    today: DashboardToday
