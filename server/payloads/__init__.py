"""Everything sent to a screen, device or API client: one builder per payload, one module per area.

Screens find the shape of what they receive here, and a field added to a payload is added
once (the TV's live call and its list of recent calls, for instance, share one builder).
Label tables that two areas name alike (``STATUS_LABELS``) are imported from their module.
"""

from .appointments import appointment_view
from .board import public_board
from .calls import announcement, announcement_template, recent_call
from .dossiers import counter_outcome_view, dossier_detail, dossier_public_view
from .feedback import feedback_public_view, feedback_staff_view
from .printers import AGENT_OFFLINE, print_summary, printer_state, printer_view
from .procedures import form_url, procedure_detail
from .roster import entry_view, roster_warning
from .site import notice_payload, queue_counts, services_listing, site_snapshot
from .tickets import counter_view, position_of, ticket_status, ticket_view
from .votes import (
    DEFAULT_VOTE_REASONS,
    finished_payload,
    pad_settings,
    vote_recorded,
    vote_window_s,
)

__all__ = [
    "AGENT_OFFLINE",
    "DEFAULT_VOTE_REASONS",
    "announcement",
    "announcement_template",
    "appointment_view",
    "counter_view",
    "counter_outcome_view",
    "dossier_detail",
    "dossier_public_view",
    "entry_view",
    "feedback_public_view",
    "feedback_staff_view",
    "finished_payload",
    "form_url",
    "notice_payload",
    "pad_settings",
    "position_of",
    "print_summary",
    "printer_state",
    "printer_view",
    "procedure_detail",
    "public_board",
    "queue_counts",
    "recent_call",
    "roster_warning",
    "services_listing",
    "site_snapshot",
    "ticket_status",
    "ticket_view",
    "vote_recorded",
    "vote_window_s",
]
