"""Past days of a province's centres, made up but shaped like real ones, written in bulk.

Each working day of a site (its calendar: holidays, announced days, Saturdays as it works
them) gets a morning peak and a quieter afternoon, fields with their own service times,
counters serving their fields first come first served, some no-shows, transfers, priority
tickets, late afternoon tickets never called, and votes mostly satisfied. The rollups of the
written days are added in the same transactions, so reports read them at once.
"""

import bisect
import itertools
import json
import math
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from .engine.calendar import calendar_for
from .engine.days import VIETNAM, service_day
from .engine.rollups import Rollup, row_key, ticket_key, ticket_measures, transfer_measures
from .models import Counter, Service, Site, Ticket, TicketEvent, User, Vote, utcnow
from .models.ticket import DONE, EXPIRED, NO_SHOW
from .payloads import DEFAULT_VOTE_REASONS

# Typical minutes at the counter per field; other fields draw theirs once per site.
SERVICE_MINUTES = {"DD": 12, "XD": 10, "DKKD": 9, "CDCS": 7, "CT": 3, "HT": 5, "CTHT": 4,
                   "DDXD": 11}
COMMUNE_FIELDS = [("CTHT", "Chứng thực, hộ tịch", "Certification, civil status"),
                  ("DDXD", "Đất đai, xây dựng", "Land, construction"),
                  ("NV", "Nội vụ, lao động, việc làm", "Home affairs, labour, employment"),
                  ("KT", "Kinh tế, nông nghiệp", "Economy, agriculture")]
MORNING, NOON, AFTERNOON, EVENING = time(7, 30), time(11, 30), time(13, 30), time(17, 0)
NO_SHOW_SHARE, TRANSFER_SHARE, PRIORITY_SHARE, VOTE_SHARE = 0.04, 0.03, 0.08, 0.6
RATINGS, RATING_BOUNDS = (4, 3, 2, 1), (0.68, 0.90, 0.97)  # 68 % very satisfied … 3 % not
BATCH_TICKETS = 20000


@dataclass
class HistorySummary:
    """What was written: sites made, site-days filled, tickets and votes."""

    sites_created: int = 0
    site_days: int = 0
    tickets: int = 0
    votes: int = 0
    days: tuple[date, date] | None = None


@dataclass
class _Desk:
    """A counter as the day's simulation sees it: when it is next free, who staffs it."""

    counter_id: int
    clerk_id: int | None
    service_ids: set[int]
    free_at: datetime = datetime.min.replace(tzinfo=UTC)


@dataclass
class _Batch:
    tickets: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    votes: list[dict] = field(default_factory=list)
    rollup: Rollup = field(default_factory=Rollup)


def generate_history(session: Session, sites: int, days: int, per_day: int, seed: int = 1,
                     now: datetime | None = None,
                     progress: Callable[[HistorySummary], None] | None = None) -> HistorySummary:
    """Fill the ``days`` days before today at the first ``sites`` sites (made if missing)
    with ``per_day`` tickets a working day; days a site already has tickets for are kept."""
    rng = random.Random(seed)
    summary = HistorySummary()
    chosen = _sites(session, sites, rng, summary)
    today = service_day(now or utcnow(), tz=VIETNAM)
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    summary.days = (first, last)
    filled = set(session.execute(select(Ticket.site_id, Ticket.service_day).distinct().where(
        Ticket.service_day.between(first, last))).all())
    next_id = (session.scalar(select(func.max(Ticket.id))) or 0) + 1
    batch = _Batch()
    for site in chosen:
        calendar = calendar_for(session, site)
        desks, services, minutes = _layout(session, site, rng)
        for offset in range(days):
            day = first + timedelta(days=offset)
            if (site.id, day) in filled or not calendar.is_working_day(day) or not desks:
                continue
            next_id = _day(batch, site, day, desks, services, minutes, per_day, next_id, rng)
            summary.site_days += 1
            if len(batch.tickets) >= BATCH_TICKETS:
                _write(session, batch, summary)
                batch = _Batch()
                if progress:
                    progress(summary)
    _write(session, batch, summary)
    _advance_ticket_ids(session)
    return summary


def _sites(session: Session, count: int, rng: random.Random, summary: HistorySummary):
    existing = session.scalars(select(Site).order_by(Site.id)).all()
    for number in range(len(existing) + 1, count + 1):
        existing.append(_new_site(session, number, rng))
        summary.sites_created += 1
    session.commit()
    return existing[:count]


def _new_site(session: Session, number: int, rng: random.Random) -> Site:
    """A commune-level centre with its fields, counters and one clerk per counter."""
    code = f"XA{number:03d}"
    site = Site(code=code, name=f"Trung tâm Phục vụ hành chính công xã số {number}",
                tier="commune", works_saturday=rng.random() < 0.3)
    session.add(site)
    session.flush()
    fields = COMMUNE_FIELDS[:rng.randint(2, len(COMMUNE_FIELDS))]
    services = [Service(site_id=site.id, code=field_code, name=name, name_en=name_en,
                        number_start=1000 * (order + 1) + 1, number_end=1000 * (order + 1) + 999,
                        sort_order=order, target_wait_s=1800)
                for order, (field_code, name, name_en) in enumerate(fields)]
    session.add_all(services)
    session.flush()
    for number_ in range(1, rng.randint(3, 6) + 1):
        served = [services[(number_ - 1) % len(services)]]
        counter = Counter(site_id=site.id, number=number_, name=f"Quầy {number_}",
                          services=served if number_ > 1 else services)
        session.add(counter)
        # No password can match "!": these clerks exist for the history only.
        session.add(User(username=f"{code.lower()}-quay{number_}", password_hash="!",
                         role="clerk", site_id=site.id, full_name=f"Cán bộ quầy {number_}",
                         counters=[counter]))
    session.flush()
    return site


def _layout(session: Session, site: Site, rng: random.Random):
    clerks = session.scalars(select(User).where(User.site_id == site.id,
                                                User.role == "clerk")).all()
    desks = []
    for index, counter in enumerate(sorted(site.counters, key=lambda c: c.number)):
        own = [user for user in clerks if counter in user.counters]
        clerk = own[0] if own else (clerks[index % len(clerks)] if clerks else None)
        desks.append(_Desk(counter.id, clerk.id if clerk else None,
                           {service.id for service in counter.services}))
    services = [service for service in site.services
                if any(service.id in desk.service_ids for desk in desks)]
    minutes = {service.id: SERVICE_MINUTES.get(service.code, rng.uniform(4, 10))
               for service in services}
    return desks, services, minutes


def _local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=VIETNAM).astimezone(UTC)


def _arrival(day: date, rng: random.Random) -> datetime:
    """Most citizens come in the morning, peaking an hour or so after opening."""
    if rng.random() < 0.62:
        start, minutes = MORNING, rng.triangular(0, 235, 70)
    else:
        start, minutes = AFTERNOON, rng.triangular(0, 205, 40)
    return _local(day, start) + timedelta(seconds=round(minutes * 60))


def _service_s(mean_minutes: float, rng: random.Random) -> int:
    return max(30, min(4 * 3600, round(rng.lognormvariate(math.log(mean_minutes * 60) - 0.18,
                                                           0.6))))


def _day(batch: _Batch, site: Site, day: date, desks: list[_Desk], services: list[Service],
         minutes: dict, per_day: int, next_id: int, rng: random.Random) -> int:
    """Simulate one site's day: each ticket goes to the first free counter of its field."""
    opening, lunch, reopening = (_local(day, MORNING), _local(day, NOON),
                                 _local(day, AFTERNOON))
    closing = _local(day, EVENING)
    for desk in desks:
        desk.free_at = opening
    weights = list(itertools.accumulate(1 / (1 + index * 0.35) for index in range(len(services))))
    targets = {service.id: service.target_wait_s for service in services}
    sequences: dict[int, int] = {}
    for issued in sorted(_arrival(day, rng) for _ in range(per_day)):
        service = services[bisect.bisect(weights, rng.random() * weights[-1])]
        sequences[service.id] = sequences.get(service.id, 0) + 1
        ticket = dict(
            id=next_id, site_id=site.id, service_id=service.id,
            original_service_id=service.id, service_day=day,
            sequence=sequences[service.id], number=service.shown_number(sequences[service.id]),
            public_code=secrets.token_hex(16), priority=rng.random() < PRIORITY_SHARE,
            status=DONE, counter_id=None, clerk_id=None, issued_at=issued, queued_at=issued,
            called_at=None, started_at=None, finished_at=None, transfer_count=0,
            no_show_count=0, recall_count=0, procedure_id=None, channel="kiosk")
        next_id += 1
        sent_on_by = _serve(batch, ticket, service, services, desks, minutes,
                            (lunch, reopening, closing), rng)
        batch.tickets.append(ticket)
        facts = _Facts(ticket)
        batch.rollup.add(ticket_key(facts, ticket["counter_id"] or sent_on_by),
                         ticket_measures(facts, targets[ticket["service_id"]], None))
        if ticket["status"] == DONE and rng.random() < VOTE_SHARE:
            _vote(batch, ticket, rng)
    return next_id


class _Facts:
    """Attribute access over a ticket row being written, as the rollup functions read it."""

    def __init__(self, row: dict) -> None:
        self.__dict__.update(row)


def _serve(batch, ticket, service, services, desks, minutes, hours, rng) -> int | None:
    """Call, serve (or transfer, or lose) one ticket; return the counter that sent it on."""
    lunch, reopening, closing = hours

    def call_time(desk, since):
        moment = max(since, desk.free_at) + timedelta(seconds=rng.randint(3, 40))
        return reopening if lunch <= moment < reopening else moment

    desk = _free_desk(desks, service.id)
    if desk is None or call_time(desk, ticket["issued_at"]) >= closing:
        ticket.update(status=EXPIRED, finished_at=closing + timedelta(minutes=30))
        return None
    called = call_time(desk, ticket["issued_at"])
    ticket.update(called_at=called, counter_id=desk.counter_id, clerk_id=desk.clerk_id)
    if rng.random() < NO_SHOW_SHARE:
        ticket.update(status=NO_SHOW, no_show_count=1, finished_at=called + timedelta(seconds=90))
        desk.free_at = called + timedelta(seconds=60)
        return None
    sent_on_by = None
    others = [other for other in services if other.id != service.id]
    if others and rng.random() < TRANSFER_SHARE:
        moment = called + timedelta(seconds=rng.randint(60, 240))
        desk.free_at, sent_on_by = moment, desk.counter_id
        batch.events.append(dict(ticket_id=ticket["id"], at=moment, kind="transferred",
                                 counter_id=desk.counter_id, user_id=desk.clerk_id,
                                 data={"history": True}))
        batch.rollup.add(row_key(ticket["service_day"], ticket["site_id"], service.id,
                                 desk.counter_id, desk.clerk_id, None), transfer_measures())
        service = rng.choice(others)
        ticket.update(service_id=service.id, transfer_count=1)
        desk = _free_desk(desks, service.id)
        if desk is None or call_time(desk, moment) >= closing:
            ticket.update(status=EXPIRED, counter_id=None, finished_at=closing)
            return sent_on_by
        called = call_time(desk, moment)
        ticket.update(counter_id=desk.counter_id, clerk_id=desk.clerk_id)
    started = called + timedelta(seconds=rng.randint(10, 70)) if rng.random() < 0.9 else None
    finished = (started or called) + timedelta(seconds=_service_s(minutes[service.id], rng),
                                                microseconds=rng.randrange(1_000_000))
    ticket.update(started_at=started, finished_at=finished)
    desk.free_at = finished
    return sent_on_by


def _free_desk(desks: list[_Desk], service_id: int) -> _Desk | None:
    return min((desk for desk in desks if service_id in desk.service_ids),
               key=lambda desk: desk.free_at, default=None)


def _vote(batch: _Batch, ticket: dict, rng: random.Random) -> None:
    rating = RATINGS[bisect.bisect(RATING_BOUNDS, rng.random())]
    reason = "; ".join(rng.sample(DEFAULT_VOTE_REASONS, rng.randint(1, 2))) if rating <= 2 else ""
    vote = dict(ticket_id=ticket["id"], site_id=ticket["site_id"],
                counter_id=ticket["counter_id"], clerk_id=ticket["clerk_id"],
                service_id=ticket["service_id"], rating=rating, reason=reason,
                at=ticket["finished_at"] + timedelta(seconds=rng.randint(2, 20)))
    batch.votes.append(vote)
    batch.rollup.add_vote(row_key(ticket["service_day"], vote["site_id"], vote["service_id"],
                                  vote["counter_id"], vote["clerk_id"], None), rating, reason)


def _write(session: Session, batch: _Batch, summary: HistorySummary) -> None:
    """Write one batch of whole site-days and their rollups, and commit."""
    for table, rows in ((Ticket.__table__, batch.tickets), (TicketEvent.__table__, batch.events),
                        (Vote.__table__, batch.votes)):
        _bulk_insert(session, table, rows)
    batch.rollup.write(session)
    session.commit()
    summary.tickets += len(batch.tickets)
    summary.votes += len(batch.votes)


def _bulk_insert(session: Session, table, rows: list[dict]) -> None:
    """Write rows straight through the driver: millions of rows, no ORM, no type layer."""
    if not rows:
        return
    names = list(rows[0])
    if session.get_bind().dialect.name == "postgresql":
        # COPY is several times faster than INSERT for millions of rows.
        cursor = session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_for_postgresql(row[name]) for name in names])
        return
    session.connection().exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [tuple(_for_sqlite(row[name]) for name in names) for row in rows])


def _for_postgresql(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)  # stored as naive UTC
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def _for_sqlite(value):
    """The text SQLAlchemy itself writes for these types on SQLite."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def _advance_ticket_ids(session: Session) -> None:
    """Tickets were written with their ids: move PostgreSQL's id sequences past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("tickets", "ticket_events", "votes"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    session.commit()

