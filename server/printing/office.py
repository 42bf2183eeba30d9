"""The official forms sent to a counter's own office printer, through the spooler.

A job carries the PDF as rendered, reason ``document``; the spooler sends it as is to the
counter's ``tcp://``, ``cups://`` or ``win32raw://`` printer (``worker.py``), or hands it to
the print agent an ``agent://<name>`` names, which prints it on its own office printer. The
lobby kiosk's slip printer is never a destination: a form job has either no device, or the
device of the agent the counter names, and the agent keeps forms off its slip printer.
"""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from printers.office import office_agent_name

from ..device_kinds import KIOSK, PRINT_AGENT, prints_through_agent
from ..errors import ApiError
from ..models import Counter, Device, PrintJob
from ..models.printing import DOCUMENT
from .jobs import queue_job


def no_office_printer() -> ApiError:
    """The refusal when a counter has no office printer: the console opens the PDF instead."""
    return ApiError(409, "no_office_printer",
                    "Quầy này chưa có máy in văn phòng; hãy mở tệp PDF để in.",
                    "This counter has no office printer; open the PDF to print it.")


def office_agent(session: Session, counter: Counter, name: str) -> Device:
    """Return the print agent of the counter's site called ``name``: a counter print agent,
    or a kiosk whose printer is ``agent://``; refuse when there is none."""
    device = session.scalars(select(Device).where(
        Device.site_id == counter.site_id, Device.name == name,
        Device.kind.in_((PRINT_AGENT, KIOSK)), Device.revoked_at.is_(None))
        .order_by(Device.kind == KIOSK, Device.id)).first()
    if device is None or not prints_through_agent(device.kind, device.printer_uri):
        raise ApiError(409, "office_agent_not_found",
                       f"Không có chương trình in “{name}” của đơn vị cho máy in của quầy.",
                       f"No print agent called “{name}” at this site for the counter's "
                       "office printer.")
    return device


def enqueue_document(session: Session, counter: Counter | None, render: Callable[[], bytes],
                     dossier_id: int | None = None) -> PrintJob:
    """Queue the PDF ``render()`` makes for the counter's office printer; the caller commits.

    The printer is checked first, so a counter without one costs no rendering."""
    uri = (counter.office_printer_uri or "").strip() if counter is not None else ""
    if not uri:
        raise no_office_printer()
    name = office_agent_name(uri)
    device = office_agent(session, counter, name) if name is not None else None
    return queue_job(session, PrintJob(
        reason=DOCUMENT, counter_id=counter.id, device_id=device.id if device else None,
        dossier_id=dossier_id, document=render()))
