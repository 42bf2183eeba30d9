"""The agent's loop: take a slip, print it once, acknowledge it; reconnect forever.

A job whose reason is ``document`` is an official form (a PDF) for the office printer of a
counter that names this agent (``agent://<name>``): it goes to ``--office-printer`` as it
is, never to the slip printer; an agent without an office printer refuses it.
"""

import logging
import random
import threading

from printers import Printer, PrinterState
from printers.attempts import DONE, FAILED, attempt_print, backoff_s, probe

from .journal import PRINTED, SENDING, Journal
from .link import AgentRefused, LinkDown, ServerLink

log = logging.getLogger(__name__)
RECONNECT_BASE_S, RECONNECT_CAP_S = 1.0, 30.0
PRINT_RETRY_BASE_S, PRINT_RETRY_CAP_S = 1.0, 15.0
DOCUMENT = "document"
NO_OFFICE_PRINTER = "this print agent has no office printer (--office-printer)"
NO_SLIP_PRINTER = "this print agent has no slip printer (--printer)"


class PrintAgent:
    """Drain one kiosk's slips from the server to its local printer, in order."""

    def __init__(self, link: ServerLink, printer: Printer | None, journal: Journal,
                 check_every_s: float = 10.0, office_printer: Printer | None = None) -> None:
        if printer is None and office_printer is None:
            raise ValueError("a print agent needs a slip printer or an office printer")
        self.link, self.printer, self.journal = link, printer, journal
        self.office_printer = office_printer
        self.check_every_s = check_every_s
        self.stopping = threading.Event()
        self.reported: tuple[str, str] | None = None

    def stop(self) -> None:
        """Ask ``run`` to return once the current slip is done; safe in a signal handler."""
        self.stopping.set()
        self.link.work_waiting.set()  # only flags: the connection is closed by ``run``

    def run(self) -> None:
        """Serve until stopped; the caller has made the first connection already."""
        failures = 0
        while not self.stopping.is_set():
            try:
                if not self.link.connected:
                    self.link.connect()
                    log.info("connected to %s", self.link.server_url)
                failures = 0
                self.serve()
            except (LinkDown, AgentRefused) as exc:
                if self.stopping.is_set():
                    break
                failures += 1
                delay = backoff_s(failures, RECONNECT_BASE_S, RECONNECT_CAP_S)
                delay *= random.uniform(0.8, 1.0)  # kiosks of a centre do not retry in step
                log.warning("server connection lost (%s); retrying in %.1f s", exc, delay)
                self.stopping.wait(delay)
        self.link.disconnect()

    def serve(self) -> None:
        """Print every slip the server offers; between slips, watch the printer."""
        self.reported = None  # the server marks the printer offline while the agent is away
        self.report_probe(first=True)
        while not self.stopping.is_set():
            job = self.link.next_job()
            if job is None:
                self.link.wait_for_work(self.check_every_s)
                if not self.link.connected:
                    raise LinkDown("disconnected")
                if not self.link.work_waiting.is_set():
                    self.report_probe(first=False)
                continue
            self.handle(job)

    def report_probe(self, first: bool) -> None:
        """Ask the idle printer how it is; a printer that cannot tell keeps its last state."""
        status = probe(self.printer or self.office_printer)
        if status.state is not PrinterState.UNKNOWN:
            self.report(status.state.value, status.message)
        elif first:
            self.report(status.state.value,
                        "agent connected; this printer cannot report its paper state")

    def handle(self, job: dict) -> None:
        """Print one slip unless the journal says it already went out; then acknowledge."""
        job_id = int(job["id"])
        state = self.journal.state(job_id)
        if state == PRINTED:
            outcome, message = "already_printed", ""
        elif state == SENDING:
            outcome = "uncertain"
            message = "agent stopped while sending this slip; not printed again"
            log.warning("slip %s (job %s): %s", job.get("number"), job_id, message)
        elif (target := self.destination(job)) is None:
            outcome = "failed"
            message = NO_OFFICE_PRINTER if job.get("reason") == DOCUMENT else NO_SLIP_PRINTER
            log.error("job %s: %s", job_id, message)
        else:
            outcome, message = self.print_slip(job_id, bytes(job["data"]), target)
            if outcome == "printed":
                log.info("printed slip %s (job %s)", job.get("number"), job_id)
        self.link.job_done(job_id, outcome, message)

    def destination(self, job: dict) -> Printer | None:
        """Return the printer a job goes to: a form to the office printer, a slip to the
        slip printer; None when this agent has not that printer."""
        return self.office_printer if job.get("reason") == DOCUMENT else self.printer

    def print_slip(self, job_id: int, data: bytes, printer: Printer) -> tuple[str, str]:
        """Send a slip until the printer takes it; retry while it is offline or out of paper."""
        attempts = 0
        while True:
            attempts += 1
            outcome = attempt_print(printer, data,
                                    before_write=lambda: self.journal.mark_sending(job_id))
            if outcome.result == DONE:
                self.journal.mark_printed(job_id)
                self.try_report(outcome.printer.state.value, outcome.printer.message)
                return "printed", ""
            # Not taken: refused before writing (offline, no paper) or cut off mid-way,
            # which leaves no usable slip; either way it must be sent again.
            if self.journal.state(job_id) == SENDING:
                self.journal.mark_unsent(job_id)
            self.try_report(outcome.printer.state.value, outcome.printer.message)
            if outcome.result == FAILED:
                log.error("job %s cannot be printed: %s", job_id, outcome.error)
                return "failed", outcome.error
            delay = backoff_s(attempts, PRINT_RETRY_BASE_S, PRINT_RETRY_CAP_S)
            log.warning("printer not ready (%s); retrying in %.1f s", outcome.error, delay)
            if self.stopping.wait(delay):
                raise LinkDown("stopping")

    def report(self, state: str, message: str) -> None:
        """Send the printer's state to the server when it changed."""
        if (state, message) != self.reported:
            self.link.report_status(state, message)
            self.reported = (state, message)

    def try_report(self, state: str, message: str) -> None:
        """Report if connected; a slip goes on printing while the server is away."""
        try:
            self.report(state, message)
        except LinkDown as exc:
            log.info("printer state not sent (%s); it will be sent on reconnecting", exc)

