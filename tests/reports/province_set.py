"""A province's shape for the overview's screens: its centre and 99 commune-level centres,
a few tickets, votes and dossiers a working day over eight weeks (seeded, repeatable)."""

import random
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.engine.days import VIETNAM
from server.engine.rollups import rebuild
from server.models import Counter, Dossier, Service, Site, Ticket, Vote
from server.provision import add_user

PASSWORD = "province-pass-1"
FIRST_DAY, WEEKS = date(2026, 9, 7), 8
LAST_DAY = FIRST_DAY + timedelta(weeks=WEEKS, days=-1)
PLACES = ["An Bình", "Bắc Sơn", "Cẩm Giàng", "Đồng Hỷ", "Đức Xuân", "Gia Sàng", "Hà Châu",
          "Hòa Bình", "Kha Sơn", "La Hiên", "Minh Đức", "Nam Hòa", "Phú Lương", "Quang Trung",
          "Sông Công", "Tân Cương", "Thịnh Đán", "Ú Sơn", "Văn Lăng", "Yên Trạch"]


def build_province(session: Session, communes: int = 99, seed: int = 7) -> None:
    """Add the provincial centre and ``communes`` commune-level centres with their history."""
    chance = random.Random(seed)
    sites = [_site(session, "TINH", "Trung tâm Phục vụ hành chính công tỉnh", "province")]
    for number in range(1, communes + 1):
        kind = "Phường" if number % 3 else "Xã"
        place = PLACES[number % len(PLACES)]
        sites.append(_site(session, f"X{number:03d}", f"{kind} {place} {number}", "commune"))
    add_user(session, "lanhdao", PASSWORD, "manager", full_name="Lãnh đạo tỉnh")
    add_user(session, "quanlyxa", PASSWORD, "manager", full_name="Quản lý xã",
             site=sites[1][0])
    tickets, votes, dossiers = [], [], []
    for site, service, counter in sites:
        busy = 12 if site.tier == "province" else chance.randint(2, 6)
        slow = chance.uniform(0.5, 2.5)  # some centres wait much longer than others
        day = FIRST_DAY
        while day <= LAST_DAY:
            if day.weekday() < 5:
                # Quieter and busier days, and more people each week as the centres settle in.
                growth = 1 + 0.06 * ((day - FIRST_DAY).days // 7)
                for sequence in range(1, round(busy * chance.uniform(0.6, 1.4) * growth) + 1):
                    tickets.append(_ticket(chance, site, service, counter, day, sequence, slow))
                if chance.random() < 0.4:
                    dossiers.append(_dossier(chance, site, service, day, len(dossiers)))
            day += timedelta(days=1)
    session.execute(insert(Ticket), tickets)
    session.add_all(dossiers)
    session.flush()
    for ticket in session.execute(select(Ticket.id, Ticket.site_id, Ticket.service_id,
                                         Ticket.counter_id, Ticket.finished_at)
                                  .where(Ticket.status == "done")):
        if chance.random() < 0.6:
            votes.append({"ticket_id": ticket.id, "site_id": ticket.site_id,
                          "service_id": ticket.service_id, "counter_id": ticket.counter_id,
                          "rating": chance.choices((4, 3, 2, 1), (6, 3, 1, 1))[0],
                          "at": ticket.finished_at})
    session.execute(insert(Vote), votes)
    session.flush()
    # Rows written around the engine, as an import does: the report rollups follow by rebuild.
    rebuild(session)


def _site(session, code, name, tier) -> tuple[Site, Service, Counter]:
    site = Site(code=code, name=name, tier=tier, rollover_at=time(0, 0))
    session.add(site)
    session.flush()
    service = Service(site_id=site.id, code="HC", name="Hành chính", sort_order=0,
                      target_wait_s=900)
    session.add(service)
    session.flush()
    counter = Counter(site_id=site.id, number=1, name="Quầy 1", services=[service])
    session.add(counter)
    session.flush()
    return site, service, counter


def _ticket(chance, site, service, counter, day, sequence, slow) -> dict:
    issued = datetime.combine(day, time(7, 30), tzinfo=VIETNAM) + timedelta(
        minutes=chance.randint(0, 480))
    status = "no_show" if chance.random() < 0.08 else "done"
    called = issued + timedelta(seconds=int(chance.expovariate(1 / (600 * slow))))
    finished = called + timedelta(seconds=chance.randint(120, 1200))
    return {"site_id": site.id, "service_id": service.id, "original_service_id": service.id,
            "service_day": day, "sequence": sequence, "number": f"{1000 + sequence}",
            "public_code": uuid.uuid4().hex, "status": status, "counter_id": counter.id,
            "issued_at": issued, "queued_at": issued, "called_at": called,
            "finished_at": finished}


def _dossier(chance, site, service, day, number) -> Dossier:
    received = datetime.combine(day, time(9, 0), tzinfo=VIETNAM)
    due = day + timedelta(days=chance.randint(1, 10))
    late = chance.random() < 0.15
    finished = (received + timedelta(days=(due - day).days + (2 if late else -1))
                if chance.random() < 0.8 else None)
    return Dossier(code=f"TH-{number:05d}", site_id=site.id, service_id=service.id,
                   procedure_name="Chứng thực bản sao", applicant_name="Nguyễn Văn An",
                   received_at=received, due_date=due, status="returned" if finished else
                   "in_progress", status_changed_at=received, finished_at=finished)
