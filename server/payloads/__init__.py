"""Everything sent to a screen, device or API client: one model per payload, one module per area.

Each payload is a pydantic model that builds itself from the domain object
(``TicketView.of(ticket)``) and is sent as ``.dump()``; the OpenAPI document
(server/api/contract.py) and the AsyncAPI document (server/api/asyncapi.py) read the same
models, so what is documented is what is sent. Screens find the shape of what they receive
here, and a field added to a payload is added once (the TV's live call and its list of recent
calls, for instance, share one model). Label tables that two areas name alike
(``STATUS_LABELS``) are imported from their module.
"""

from .appointments import AppointmentView
from .board import PublicBoard
from .calls import Announcement, AnnouncementWithUpdates, RecentCall, announcement_template
from .common import ErrorResponse, Payload
from .display import DisplaySettings, DisplaySnapshot, Heartbeat
from .dossiers import DossierDetail, DossierPublic
from .feedback import FeedbackPublic, FeedbackStaff
from .printers import (
    AGENT_OFFLINE,
    KioskPrintStatus,
    PrinterView,
    PrintSummary,
    printer_state,
    site_printers,
)
from .procedures import ProcedureDetail, form_url
from .roster import RosterEntryView, RosterWarning
from .site import Notice, QueueCounts, ServiceList, SiteSnapshot, StaffSnapshot
from .tickets import (
    CheckedInTicket,
    CounterAction,
    CounterView,
    IssuedTicket,
    QueuedTicket,
    RemoteTicket,
    TicketStatusView,
    TicketView,
    position_of,
)
from .votes import (
    DEFAULT_VOTE_REASONS,
    FinishedVisit,
    PadSettings,
    VoteEvent,
    VoteRecorded,
    vote_window_s,
)

__all__ = [
    "AGENT_OFFLINE",
    "DEFAULT_VOTE_REASONS",
    "Announcement",
    "AnnouncementWithUpdates",
    "AppointmentView",
    "CheckedInTicket",
    "CounterAction",
    "CounterView",
    "DisplaySettings",
    "DisplaySnapshot",
    "DossierDetail",
    "DossierPublic",
    "ErrorResponse",
    "FeedbackPublic",
    "FeedbackStaff",
    "FinishedVisit",
    "Heartbeat",
    "IssuedTicket",
    "KioskPrintStatus",
    "Notice",
    "PadSettings",
    "Payload",
    "PrintSummary",
    "PrinterView",
    "ProcedureDetail",
    "PublicBoard",
    "QueueCounts",
    "QueuedTicket",
    "RecentCall",
    "RemoteTicket",
    "RosterEntryView",
    "RosterWarning",
    "ServiceList",
    "SiteSnapshot",
    "StaffSnapshot",
    "TicketStatusView",
    "TicketView",
    "VoteEvent",
    "VoteRecorded",
    "announcement_template",
    "form_url",
    "position_of",
    "printer_state",
    "site_printers",
    "vote_window_s",
]
