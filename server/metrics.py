"""Prometheus metrics of one process: queue events, requests, print jobs, sockets, database errors.

Queue events are counted from what a unit of work commits (ticket events and votes), so a
rolled-back call is never counted and no route or engine function needs to know about metrics.
Gauges that describe shared state (print jobs, printers) are read from the database at scrape.
"""

import time

from flask import Flask, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from .models import PrinterHealth, PrintJob, TicketEvent, Vote
from .models.printing import JOB_FAILED, JOB_PRINTING, JOB_QUEUED

# Labels come from these lists and the app's route templates only: a made-up method or path
# must not become a new series (each one costs memory here and in Prometheus for good).
KNOWN_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
OTHER = "other"
COUNTED_EVENTS = {"issued": "tickets_issued", "called": "calls", "called_out_of_turn": "calls",
                  "no_show": "no_shows"}
OFFLINE_STATES = ("offline", "paper_out", "error")


class Metrics:
    """The metrics of one application, in a registry of its own."""

    def __init__(self, app: Flask):
        self.registry = CollectorRegistry()
        self.tickets_issued = Counter("qms_tickets_issued", "Tickets issued.",
                                      registry=self.registry)
        self.calls = Counter("qms_calls", "Tickets called to a counter (recalls not included).",
                             registry=self.registry)
        self.no_shows = Counter("qms_no_shows", "Tickets marked as no-show.",
                                registry=self.registry)
        self.votes = Counter("qms_votes", "Satisfaction votes recorded.", registry=self.registry)
        self.database_errors = Counter("qms_database_errors",
                                       "Requests that failed on a database error.",
                                       registry=self.registry)
        self.request_seconds = Histogram(
            "qms_request_seconds", "HTTP request latency by route.",
            ["method", "route", "status"], registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.registry.register(_StateCollector(app))


class _StateCollector:
    """Print-job, printer and socket gauges, read when Prometheus scrapes."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        jobs = GaugeMetricFamily("qms_print_jobs", "Print jobs by state.", labels=["state"])
        offline = GaugeMetricFamily("qms_printers_offline",
                                    "Kiosk printers whose last report is not online.")
        with self.app.app_context():
            session = self.app.extensions["qms_sessions"]()
            try:
                counts = dict(session.execute(
                    select(PrintJob.status, func.count()).where(
                        PrintJob.status.in_((JOB_QUEUED, JOB_PRINTING, JOB_FAILED)))
                    .group_by(PrintJob.status)).all())
                down = session.scalar(select(func.count()).select_from(PrinterHealth)
                                      .where(PrinterHealth.state.in_(OFFLINE_STATES)))
            finally:
                session.close()
        for state, label in ((JOB_QUEUED, "pending"), (JOB_PRINTING, "printing"),
                             (JOB_FAILED, "failed")):
            jobs.add_metric([label], counts.get(state, 0))
        offline.add_metric([], down or 0)
        yield jobs
        yield offline
        yield self._sockets()

    def _sockets(self):
        sockets = GaugeMetricFamily("qms_sockets_connected",
                                    "Socket.IO clients connected to this process.",
                                    labels=["namespace"])
        server = self.app.extensions["socketio"].server
        rooms = server.manager.rooms
        namespaces = set(server.handlers) | set(server.namespace_handlers) | set(rooms)
        for namespace in sorted(namespaces):
            sockets.add_metric([namespace], len(rooms.get(namespace, {}).get(None, ())))
        return sockets


def init_app(app: Flask) -> Metrics:
    """Create the app's metrics and hook them to its sessions and requests."""
    metrics = Metrics(app)
    app.extensions["qms_metrics"] = metrics
    _count_commits(app.extensions["qms_sessions"], metrics)

    @app.before_request
    def _start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.get("request_started")
        if started is not None:
            metrics.request_seconds.labels(method_label(), route_label(),
                                           str(response.status_code)) \
                .observe(time.perf_counter() - started)
        return response

    return metrics


def method_label() -> str:
    """Return the request's method if it is a standard one, else ``other``."""
    return request.method if request.method in KNOWN_METHODS else OTHER


def route_label() -> str:
    """Return the matched route's template (``/api/v1/tickets/<code>``), else ``other``."""
    return request.url_rule.rule if request.url_rule is not None else OTHER


def _count_commits(session_factory, metrics: Metrics) -> None:
    @event.listens_for(session_factory, "after_flush")
    def _collect(session: Session, _context):
        pending = session.info.setdefault("qms_metrics", [])
        for item in session.new:
            if isinstance(item, TicketEvent) and item.kind in COUNTED_EVENTS:
                pending.append(COUNTED_EVENTS[item.kind])
            elif isinstance(item, Vote):
                pending.append("votes")

    @event.listens_for(session_factory, "after_commit")
    def _count(session: Session):
        for name in session.info.pop("qms_metrics", ()):
            getattr(metrics, name).inc()

    @event.listens_for(session_factory, "after_rollback")
    def _forget(session: Session):
        session.info.pop("qms_metrics", None)
