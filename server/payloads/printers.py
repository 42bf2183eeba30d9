"""Printers: what a kiosk may promise about its slip, and a printer's state for admins."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from printers.transports import is_agent_uri

from ..models import Device, PrinterHealth, PrintJob
from ..models.printing import JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from .common import iso

AGENT_OFFLINE = "print agent not connected"


def print_summary(session: Session, job: PrintJob | None, device: Device) -> dict:
    """Describe a job and its printer for the kiosk: may the citizen expect a slip?"""
    if not device.printer_uri:
        return {"job": None, "state": "none", "printer": "none", "printer_message": ""}
    state, message = printer_state(session.get(PrinterHealth, device.id), device)
    return {"job": job.id if job else None,
            "state": job.status if job else "none",
            "printer": state, "printer_message": message}


def printer_state(health: PrinterHealth | None, device: Device) -> tuple[str, str]:
    """Return a printer's last state and detail; a print agent never seen is offline."""
    if health is not None:
        return health.state, health.message
    if is_agent_uri(device.printer_uri):
        return "offline", AGENT_OFFLINE
    return "unknown", ""


def printer_view(session: Session, device: Device) -> dict:
    """Describe a kiosk's printer for admins: state, when checked, jobs waiting or failed."""
    health = session.get(PrinterHealth, device.id)
    state, message = printer_state(health, device)
    counts = dict(session.execute(
        select(PrintJob.status, func.count()).where(PrintJob.device_id == device.id)
        .where(PrintJob.status.in_((JOB_QUEUED, JOB_PRINTING, JOB_FAILED)))
        .group_by(PrintJob.status)).all())
    return {"device_id": device.id, "device": device.name, "printer_uri": device.printer_uri,
            "state": state, "message": message,
            "checked_at": iso(health.checked_at) if health else None,
            "queued": counts.get(JOB_QUEUED, 0) + counts.get(JOB_PRINTING, 0),
            "failed": counts.get(JOB_FAILED, 0)}


def site_printers(session: Session, site_id: int) -> list[dict]:
    """Describe every kiosk printer of a site in use (for admins and the staff screens)."""
    kiosks = session.scalars(select(Device).where(
        Device.site_id == site_id, Device.kind == "kiosk", Device.printer_uri.is_not(None),
        Device.revoked_at.is_(None)).order_by(Device.id)).all()
    return [printer_view(session, kiosk) for kiosk in kiosks]
