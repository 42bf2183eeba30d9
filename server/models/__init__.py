"""SQLAlchemy models, split by feature; import from here."""

from .audit import AdminAudit
from .base import Base, UTCDateTime, utcnow
from .people import DEVICE_KINDS, ROLES, Device, User, user_counters
from .printing import PrinterHealth, PrintJob
from .site import CITIZEN_ADDRESSES, SITE_TIERS, Counter, Service, Site, counter_services
from .ticket import Ticket, TicketEvent, TicketSequence
from .vote import RATINGS, Vote

__all__ = [
    "AdminAudit",
    "Base", "UTCDateTime", "utcnow", "DEVICE_KINDS", "ROLES", "Device", "User",
    "user_counters", "CITIZEN_ADDRESSES", "SITE_TIERS", "Counter", "Service", "Site",
    "counter_services", "Ticket",
    "TicketEvent", "TicketSequence", "Vote", "RATINGS", "PrintJob", "PrinterHealth",
]
