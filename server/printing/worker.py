"""The print worker: one background task per printer drains that kiosk's jobs.

Started by ``qms run`` (``server/tasks.py``). Jobs left ``printing`` by a crashed process go back to
the queue within a minute and a half, so a slip may print twice after a power cut but is
never lost.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from printers import (
    PrinterConfigError,
    PrinterState,
    ReceiptPrint,
    TicketPrint,
    render_receipt,
    render_ticket,
    ticket_commands,
)
from printers.attempts import DONE, FAILED, attempt_print, backoff_s, probe
from printers.office import open_office_printer
from printers.pool import PrinterPool
from printers.transports import is_agent_uri

from ..device_kinds import KIOSK, prints_through_agent
from ..engine import service_day
from ..extensions import socketio
from ..health import beat
from ..models import Device, PrintJob, utcnow
from ..models.printing import DOCUMENT, JOB_DONE, JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from ..screens_notify import PRINT_AGENT, Outbox, agent_room
from ..storage import unit_of_work
from .jobs import claim_oldest_due, paper_width, record_health, ticket_print
from .office_worker import NOT_ON_SLIP_PRINTER, claim_office, due_offices
from .receipts import receipt_print

log = logging.getLogger(__name__)
# A job still marked printing after this long was abandoned by a process that died: a send
# times out within seconds.
STALE_PRINTING_S = 60.0
EARLIER_DAY = "slip from an earlier day: not printed"


@dataclass(frozen=True)
class ClaimedJob:
    """A job taken for printing, with everything needed once the session is closed."""

    job_id: int
    printer_uri: str
    data: bytes | None
    stale: bool
    refusal: str = ""  # why the job may not print at all (a form sent to a kiosk)


def slip_commands(slip: TicketPrint | ReceiptPrint, width_px: int) -> bytes:
    """Render a ticket slip or a dossier receipt and encode it as ESC/POS commands."""
    render = render_receipt if isinstance(slip, ReceiptPrint) else render_ticket
    return ticket_commands(render(slip, width_px))


def job_slip(job: PrintJob) -> tuple[TicketPrint | ReceiptPrint, int] | None:
    """Return what a job prints and the head width; None for a ticket of an earlier day."""
    ticket = job.ticket
    # A ticket's slip is useless once its day is over; a receipt is always wanted.
    if ticket is not None and ticket.service_day != service_day(utcnow(),
                                                                ticket.site.rollover_at):
        return None
    content = receipt_print(job) if job.dossier_id else ticket_print(job)
    return content, paper_width(job.device)


def offload_cpu(app: Flask, fn, *args):
    """Run CPU-bound ``fn`` where ``qms run`` says it won't block other sockets."""
    return app.extensions.get("qms_offload_cpu", _run_here)(fn, *args)


def _run_here(fn, *args):
    return fn(*args)


class PrintWorker:
    """Find due jobs and printers due a status check; run one drain task per printer."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pool = PrinterPool(app.instance_path)
        self.office_pool = PrinterPool(app.instance_path, opener=open_office_printer)
        self.busy: set[int] = set()
        self.probed_at: dict[int, float] = {}

    def setting(self, name: str) -> float:
        return float(self.app.config[name])

    def run(self) -> None:
        """Dispatch forever; now and then, take back jobs a dead process left half-done."""
        self.retry_waiting_now()
        next_sweep = 0.0
        while True:
            try:
                if time.monotonic() >= next_sweep:
                    self.requeue_interrupted()
                    next_sweep = time.monotonic() + STALE_PRINTING_S / 2
                self.dispatch()
            except Exception:
                log.exception("print worker dispatch failed; retrying")
            beat(self.app, "print_worker")
            socketio.sleep(self.setting("SPOOL_POLL_S"))

    def retry_waiting_now(self) -> int:
        """Try every queued slip at once: a restart is when staff have just fixed the printer.

        The back-off a dead process left (up to a minute) would otherwise keep the lobby
        waiting for slips the printer could print now.
        """
        now = utcnow()
        with self.app.app_context(), unit_of_work(self.app) as session:
            result = session.execute(
                update(PrintJob).where(PrintJob.status == JOB_QUEUED,
                                       PrintJob.next_attempt_at > now)
                .values(next_attempt_at=now))
            return result.rowcount

    def requeue_interrupted(self, older_than_s: float = STALE_PRINTING_S) -> int:
        """Put back in the queue jobs left ``printing`` longer than any send can take.

        Only the stale ones: with several ``qms run`` processes, another one may be printing
        a job right now, and a fresh ``printing`` mark is its claim.
        """
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        with self.app.app_context(), unit_of_work(self.app) as session:
            result = session.execute(
                update(PrintJob).where(PrintJob.status == JOB_PRINTING,
                                       PrintJob.updated_at < cutoff)
                .values(status=JOB_QUEUED, next_attempt_at=utcnow()))
            count = result.rowcount
        if count:
            log.warning("re-queued %d print jobs interrupted by a crash", count)
        return count

    def dispatch(self) -> None:
        """Start a drain task for every printer with due jobs or a status check due.

        Kiosks whose printer is ``agent://`` print through their own agent: their agent
        is told that slips are waiting, and the server never opens that printer.
        """
        now = time.monotonic()
        check_every = self.setting("PRINTER_CHECK_S")
        with self.app.app_context(), unit_of_work(self.app) as session:
            due = {device_id: prints_through_agent(kind, uri)
                   for device_id, kind, uri in session.execute(
                       select(PrintJob.device_id, Device.kind, Device.printer_uri).join(Device)
                       .where(PrintJob.status == JOB_QUEUED,
                              PrintJob.next_attempt_at <= utcnow()).distinct())}
            kiosks = dict(session.execute(
                select(Device.id, Device.printer_uri).where(
                    Device.kind == KIOSK, Device.printer_uri.is_not(None),
                    Device.revoked_at.is_(None))).all())
            offices = due_offices(session)
        for device_id in {d for d, agent in due.items() if agent}:
            socketio.emit("jobs_waiting", {}, namespace=PRINT_AGENT, to=agent_room(device_id))
        to_check = {d for d, uri in kiosks.items() if not is_agent_uri(uri)
                    and now - self.probed_at.get(d, -1e9) >= check_every}
        to_print = {d for d, agent in due.items() if not agent}
        for device_id in (to_print | to_check) - self.busy:
            self.busy.add(device_id)
            socketio.start_background_task(self.drain, device_id)
        for key in {("office", counter_id) for counter_id in offices} - self.busy:
            self.busy.add(key)
            socketio.start_background_task(self.drain_office, key[1])

    def drain(self, device_id: int) -> None:
        """Print this printer's due jobs in order; stop at the first failure to retry."""
        try:
            with self.app.app_context():
                while (claimed := self.claim(device_id)) is not None:
                    if not self.print_job(device_id, claimed):
                        break
                if self._probe_due(device_id):
                    self.check_printer(device_id)
        except Exception:
            log.exception("printing for kiosk %s failed; retrying", device_id)
        finally:
            self.busy.discard(device_id)

    def drain_office(self, counter_id: int) -> None:
        """Send a counter's due forms to its office printer in order; stop at a failure."""
        try:
            with self.app.app_context():
                while (taken := claim_office(self.app, counter_id)) is not None:
                    job_id, uri, data, refusal = taken
                    claimed = ClaimedJob(job_id, uri, data, False, refusal)
                    if not self.print_job(None, claimed, ("office", counter_id)):
                        break
        except Exception:
            log.exception("printing forms for counter %s failed; retrying", counter_id)
        finally:
            self.busy.discard(("office", counter_id))

    def _probe_due(self, device_id: int) -> bool:
        last = self.probed_at.get(device_id, -1e9)
        return time.monotonic() - last >= self.setting("PRINTER_CHECK_S")

    def claim(self, device_id: int) -> ClaimedJob | None:
        """Take the oldest due job of a printer and render its slip."""
        with unit_of_work(self.app) as session:
            job = claim_oldest_due(session, PrintJob.device_id == device_id)
            if job is None:
                return None
            job_id, printer_uri = job.id, job.device.printer_uri or ""
            if job.reason == DOCUMENT:  # only the agent a counter names may take a form
                return ClaimedJob(job_id, printer_uri, None, False, NOT_ON_SLIP_PRINTER)
            slip = job_slip(job)
            stale = slip is None
            if not job.device.printer_uri:
                slip = None
        # Render after the commit, off the hub: a slip takes milliseconds of CPU, and
        # neither SQLite's write lock nor the other sockets should wait for it.
        data = offload_cpu(self.app, slip_commands, *slip) if slip else None
        return ClaimedJob(job_id, printer_uri, data, stale)

    def print_job(self, device_id: int | None, claimed: ClaimedJob,
                  office: tuple[str, int] | None = None) -> bool:
        """Print one claimed job and store the outcome; False when the printer must wait.

        ``office``: the key of a counter's office printer, for a form sent by the spooler.
        """
        if claimed.refusal or claimed.stale or claimed.data is None:
            reason = claimed.refusal or (EARLIER_DAY if claimed.stale
                                         else "this kiosk has no printer")
            self.finish(device_id, claimed.job_id, FAILED, reason, None)
            return True
        try:
            printer = (self.office_pool.get(office, claimed.printer_uri) if office
                       else self.pool.get(device_id, claimed.printer_uri))
        except PrinterConfigError as exc:
            self.finish(device_id, claimed.job_id, FAILED, f"printer URI: {exc}",
                        (PrinterState.UNKNOWN.value, f"configuration error: {exc}"))
            return True
        outcome = attempt_print(printer, claimed.data)
        self.probed_at[office or device_id] = time.monotonic()
        self.finish(device_id, claimed.job_id, outcome.result, outcome.error,
                    None if office else (outcome.printer.state.value, outcome.printer.message))
        return outcome.result == DONE

    def finish(self, device_id: int | None, job_id: int, result: str, error: str,
               health: tuple[str, str] | None) -> None:
        """Store a job's outcome; on a retry push this printer's whole queue back.

        ``device_id`` None: a form for a counter's office printer, whose queue is the
        counter's forms sent by the spooler.
        """
        outbox = Outbox()
        with unit_of_work(self.app) as session:
            job = session.get(PrintJob, job_id)
            now = utcnow()
            job.updated_at, job.last_error = now, error[:500]
            if result == DONE:
                job.status, job.document = JOB_DONE, None  # a form's names leave with it
            elif result == FAILED:
                job.status, job.document = JOB_FAILED, None
                log.error("print job %s failed for good: %s", job_id, error)
            else:
                retry_at = now + timedelta(seconds=backoff_s(
                    job.attempts, self.setting("SPOOL_BACKOFF_BASE_S"),
                    self.setting("SPOOL_BACKOFF_CAP_S")))
                job.status, job.next_attempt_at = JOB_QUEUED, retry_at
                same_printer = (PrintJob.device_id == device_id if device_id is not None
                                else PrintJob.device_id.is_(None)
                                & (PrintJob.counter_id == job.counter_id))
                session.execute(update(PrintJob).where(
                    same_printer, PrintJob.status == JOB_QUEUED,
                    PrintJob.next_attempt_at < retry_at).values(next_attempt_at=retry_at))
                log.warning("print job %s will retry (attempt %d): %s", job_id, job.attempts,
                            error)
            if health is not None and job.device is not None:
                record_health(session, outbox, job.device, *health)
        outbox.send()

    def check_printer(self, device_id: int) -> None:
        """Ask an idle printer how it is, so admins see a fault before a citizen does."""
        self.probed_at[device_id] = time.monotonic()
        with unit_of_work(self.app) as session:
            device = session.get(Device, device_id)
            uri = device.printer_uri if device else None
        if not uri:
            return
        try:
            status = probe(self.pool.get(device_id, uri))
            health = (status.state.value, status.message)
        except PrinterConfigError as exc:
            health = (PrinterState.UNKNOWN.value, f"configuration error: {exc}")
        outbox = Outbox()
        with unit_of_work(self.app) as session:
            record_health(session, outbox, session.get(Device, device_id), *health)
        outbox.send()


def start_print_worker(app: Flask) -> None:
    """Run the print worker in the background of ``qms run``."""
    socketio.start_background_task(PrintWorker(app).run)
