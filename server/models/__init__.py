"""SQLAlchemy models, split by feature; import from here."""

from .appointment import Appointment, Notification, PhoneHold, SlotLoad
from .audit import AdminAudit
from .base import Base, UTCDateTime, utcnow
from .calendar import CALENDAR_KINDS, DAY_OFF, WORKING_DAY, CalendarDay
from .citizen import Citizen, TicketCitizen
from .dossier import DOSSIER_STATUSES, CounterOutcome, Dossier, DossierEvent, DossierHandover
from .dossier_link import DossierRating, TicketDossier
from .dossier_pull import DossierPullSource
from .feedback import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Feedback
from .people import DEVICE_KINDS, ROLES, Device, LoginSession, User, user_counters
from .printing import PrinterHealth, PrintJob
from .procedure import LEVELS, Procedure, ProcedureForm, ProcedureOffer
from .rollup import ReasonRollup, ReportRollup
from .roster import CounterSession, RosterEntry
from .site import CITIZEN_ADDRESSES, SITE_TIERS, Counter, Service, Site, counter_services
from .ticket import Ticket, TicketEvent, TicketSequence
from .vote import RATINGS, Vote
from .webhook import WebhookDelivery, WebhookEndpoint

__all__ = [
    "AdminAudit", "Citizen", "TicketCitizen", "Appointment", "Notification", "PhoneHold",
    "SlotLoad",
    "CALENDAR_KINDS", "DAY_OFF", "WORKING_DAY", "CalendarDay",
    "DOSSIER_STATUSES", "CounterOutcome", "Dossier", "DossierEvent", "DossierHandover",
    "DossierPullSource",
    "DossierRating", "TicketDossier",
    "FEEDBACK_CATEGORIES", "FEEDBACK_STATUSES", "Feedback",
    "Base", "UTCDateTime", "utcnow", "DEVICE_KINDS", "ROLES", "Device", "LoginSession", "User",
    "user_counters", "CITIZEN_ADDRESSES", "SITE_TIERS", "Counter", "Service", "Site",
    "counter_services", "Ticket",
    "TicketEvent", "TicketSequence", "Vote", "RATINGS", "PrintJob", "PrinterHealth",
    "LEVELS", "Procedure", "ProcedureForm", "ProcedureOffer", "CounterSession", "RosterEntry",
    "ReasonRollup", "ReportRollup", "WebhookDelivery", "WebhookEndpoint",
]
