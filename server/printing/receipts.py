"""Receipt slips of dossiers, printed through the same spooler as tickets.

The counter has no printer of its own in most centres: the receipt goes to a kiosk printer of
the site, the one whose settings name the counter (``"receipt_counters": [3, 4]``), else one
marked ``"prints_receipts": true``, else the first kiosk with a printer — never the device of
a print agent a counter names as its office printer (``agent://<name>``).
"""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from printers import ReceiptPrint
from printers.office import office_agent_name

from ..device_kinds import KIOSK
from ..models import Counter, Device, Dossier, PrintJob
from .jobs import public_url, queue_job


def public_dossier_url(code: str) -> str:
    """Return the address of the dossier's public page, which the receipt's QR code opens."""
    return public_url(f"/hs/{code}")


def receipt_printer(session: Session, dossier: Dossier) -> Device | None:
    """Pick the kiosk printer the receipt of ``dossier`` prints on, if the site has one."""
    # A clerk's computer whose agent a counter prints its forms through is no lobby kiosk.
    office_agents = {office_agent_name(uri) for uri in session.scalars(
        select(Counter.office_printer_uri).where(Counter.site_id == dossier.site_id,
                                                 Counter.office_printer_uri.is_not(None)))}
    kiosks = [device for device in session.scalars(select(Device).where(
        Device.site_id == dossier.site_id, Device.kind == KIOSK,
        Device.revoked_at.is_(None), Device.printer_uri.is_not(None),
        Device.printer_uri != "").order_by(Device.id)) if device.name not in office_agents]
    number = dossier.counter.number if dossier.counter else None

    def rank(device: Device) -> int:
        settings = device.settings or {}
        if number is not None and number in (settings.get("receipt_counters") or []):
            return 0
        return 1 if settings.get("prints_receipts") else 2
    return min(kiosks, key=rank, default=None)


def enqueue_receipt(session: Session, dossier: Dossier) -> PrintJob | None:
    """Queue the receipt of ``dossier``; committed with the dossier, printed by the spooler."""
    device = receipt_printer(session, dossier)
    if device is None:
        return None
    return queue_job(session, PrintJob(dossier_id=dossier.id, device_id=device.id,
                                       reason="receipt", qr_url=public_dossier_url(dossier.code)))


def receipt_print(job: PrintJob) -> ReceiptPrint:
    """Build the receipt's content from a job and its dossier."""
    dossier = job.dossier
    site = dossier.site
    centre_name, site_name = site.heading_lines(current_app.config["CENTRE_NAME"])
    return ReceiptPrint(
        centre_name=centre_name, site_name=site_name, code=dossier.code,
        procedure=dossier.procedure_name, applicant_name=dossier.applicant_name,
        received_at=dossier.received_at, due_date=dossier.due_date, due_at=dossier.due_at,
        clerk_name=dossier.clerk.full_name if dossier.clerk else "",
        qr_url=job.qr_url or None, collect_at=site.address or site.name)
