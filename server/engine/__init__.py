"""The queue engine: plain Python over a SQLAlchemy session, with no web framework in it.

Callers own the unit of work: every function here mutates through ``session`` and leaves
commit or rollback to the caller.
"""

from .counters import (
    call_next,
    call_ticket,
    close_counter,
    finish,
    no_show,
    open_counter,
    pause_counter,
    recall,
    resume_counter,
    start_service,
    transfer,
)
from .days import VIETNAM, service_day
from .errors import QueueError
from .issue import IssueResult, issue_ticket
from .log import Actor
from .rollover import rollover
from .snapshot import estimate_wait_s, waiting_ahead, waiting_counts

__all__ = [
    "Actor", "IssueResult", "QueueError", "VIETNAM", "call_next", "call_ticket", "close_counter",
    "estimate_wait_s", "finish", "issue_ticket", "no_show", "open_counter", "pause_counter",
    "recall", "resume_counter", "rollover", "service_day", "start_service",
    "transfer", "waiting_ahead", "waiting_counts",
]
