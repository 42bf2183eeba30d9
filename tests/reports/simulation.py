"""Random days of two centres driven through the real engine: issue, call, start, transfer,
no-show (some requeued), finish, vote, and the nightly rollover (skipped the last nights at one
site, so closed days keep tickets that never closed)."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.counters import call_next, finish, no_show, start_service, transfer
from server.engine.days import VIETNAM
from server.engine.errors import QueueError
from server.engine.issue import issue_ticket
from server.engine.log import Actor
from server.engine.procedures import ProcedureRecord, save_procedure
from server.engine.rollover import rollover
from server.engine.votes import record_vote
from server.models import Counter, Procedure, Service, Site, User

FIRST_DAY = date(2026, 3, 2)
DAYS = 6
REASONS = ("Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ")


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=VIETNAM).astimezone(UTC)


def _site(session: Session, code: str, rollover_at: time, rng: random.Random) -> Site:
    site = Site(code=code, name=f"Trung tâm {code}", rollover_at=rollover_at)
    session.add(site)
    session.flush()
    services = [Service(site_id=site.id, code=f"{code}{n}", name=f"Lĩnh vực {n}",
                        number_start=1000 * n + 1, number_end=1000 * n + 999, sort_order=n,
                        target_wait_s=rng.choice((120, 300, 600))) for n in (1, 2, 3)]
    session.add_all(services)
    session.flush()
    for number in (1, 2, 3):
        served = services if number == 3 else [services[number - 1]]
        session.add(Counter(site_id=site.id, number=number, name=f"Quầy {number}",
                            services=served))
        session.add(User(username=f"{code.lower()}-clerk{number}", password_hash="x",
                         role="clerk", site_id=site.id))
    session.flush()
    return site


def simulate(session: Session, seed: int) -> datetime:
    """Fill the database; return a moment of the last day (the report's "now")."""
    rng = random.Random(seed)
    sites = [_site(session, "RA", time(0, 0), rng), _site(session, "RB", time(3, 0), rng)]
    save_procedure(session, sites[0], ProcedureRecord.model_validate({
        "code": "1.000001", "name": "Chứng thực bản sao", "service": "RA1", "level": "commune"}))
    procedure = session.scalar(select(Procedure).where(Procedure.code == "1.000001"))
    session.commit()
    clerks = {site.id: {user.username[-1]: user for user in _users(session, site)}
              for site in sites}
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        for site in sites:
            if not (site.code == "RB" and offset >= DAYS - 2):
                rollover(session, site, now=local(day, 7))
                session.commit()
            moment = local(day, 7, 30)
            for _step in range(rng.randint(60, 80)):
                moment += timedelta(seconds=rng.randint(5, 300),
                                    microseconds=rng.randint(0, 999999))
                _act(session, site, clerks[site.id], procedure, moment, rng)
                session.commit()
    return local(FIRST_DAY + timedelta(days=DAYS - 1), 16)


def _users(session: Session, site: Site):
    return session.scalars(select(User).where(User.site_id == site.id)).all()


def _act(session, site, clerks, procedure, moment, rng: random.Random) -> None:
    counter = rng.choice(site.counters)
    actor = Actor(user_id=clerks[str(counter.number)].id)
    roll = rng.random()
    try:
        if roll < 0.35:
            service = rng.choice(site.services)
            chosen = procedure if service.code == "RA1" and rng.random() < 0.5 else None
            issue_ticket(session, site, service.code, priority=rng.random() < 0.1,
                         now=moment, procedure=chosen)
        elif roll < 0.6:
            call_next(session, counter, actor, now=moment)
        elif roll < 0.66:
            start_service(session, counter, actor, now=moment)
        elif roll < 0.71:
            current = counter.current_ticket
            others = [s for s in site.services if current is None or s.id != current.service_id]
            transfer(session, counter, actor, service=rng.choice(others), now=moment)
        elif roll < 0.76:
            no_show(session, counter, actor, requeue=rng.random() < 0.3, now=moment)
        else:
            finish(session, counter, actor, now=moment)
            if rng.random() < 0.7:
                record_vote(session, counter, rng.choice((1, 2, 3, 4, 4, 4)),
                            reason="; ".join(rng.sample(REASONS, rng.randint(0, 2))),
                            now=moment + timedelta(seconds=3))
    except QueueError:
        session.rollback()
