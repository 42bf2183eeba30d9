"""A small generated data set whose report figures were worked out by hand.

Two sites (CITY with services A, B; COMMUNE with C), one clerk per counter, tickets over
2026-03-02 and 2026-03-03 local time (+ one at 00:30 on 03-04, which is still 03-03 in UTC).
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from server.engine.days import VIETNAM, service_day
from server.models import Counter, Service, Site, Ticket, TicketEvent, Vote
from server.provision import add_user

PASSWORD = "report-pass-1"
START, END = date(2026, 3, 2), date(2026, 3, 3)

# site, service, counter, issued (local "MM-DD HH:MM"), wait s, service s, status, transfers,
# rating.  wait None = never called; service None = not served.
TICKETS = [
    ("CITY", "A", 1, "03-02 08:00", 300, 600, "done", 0, 4),
    ("CITY", "A", 1, "03-02 08:10", 700, 300, "done", 0, 3),      # overdue (target 600)
    ("CITY", "A", 1, "03-02 08:20", 100, None, "no_show", 0, None),
    ("CITY", "A", 1, "03-03 09:00", 500, 900, "done", 0, 4),
    ("CITY", "A", 1, "03-03 09:05", 1200, 120, "done", 1, None),  # overdue, transferred
    ("CITY", "B", 2, "03-02 08:00", 60, 200, "done", 0, 1),
    ("CITY", "B", 2, "03-02 08:30", 950, 400, "done", 0, 2),      # overdue (target 900)
    ("CITY", "B", 2, "03-03 23:30", 30, 60, "done", 0, 3),        # late evening: still 03-03
    ("CITY", "B", 2, "03-04 00:30", 40, 100, "done", 0, 4),       # 03-04 locally, 03-03 in UTC
    ("CITY", "A", None, "03-03 10:00", None, None, "expired", 0, None),  # never called: overdue
    ("COMMUNE", "C", 1, "03-02 08:00", 200, 300, "done", 0, 4),
    ("COMMUNE", "C", 1, "03-02 08:15", 800, None, "no_show", 0, None),  # overdue (target 600)
]

EXPECTED_COUNTERS = {
    "CITY/1": dict(issued=5, served=4, no_show=1, transferred=1, overdue=2, avg_wait_s=560.0,
                   p90_wait_s=1200.0, avg_service_s=480.0, p90_service_s=900.0,
                   votes={"1": 0, "2": 0, "3": 1, "4": 2}, satisfaction_index=88.9),
    "CITY/2": dict(issued=3, served=3, no_show=0, transferred=0, overdue=1, avg_wait_s=346.7,
                   p90_wait_s=950.0, avg_service_s=220.0, p90_service_s=400.0,
                   votes={"1": 1, "2": 1, "3": 1, "4": 0}, satisfaction_index=33.3),
    "COMMUNE/1": dict(issued=2, served=1, no_show=1, transferred=0, overdue=1, avg_wait_s=500.0,
                      p90_wait_s=800.0, avg_service_s=300.0, p90_service_s=300.0,
                      votes={"1": 0, "2": 0, "3": 0, "4": 1}, satisfaction_index=100.0),
    None: dict(issued=1, served=0, no_show=0, transferred=0, overdue=1, avg_wait_s=None,
               p90_wait_s=None, avg_service_s=None, p90_service_s=None,
               votes={"1": 0, "2": 0, "3": 0, "4": 0}, satisfaction_index=None),
}
EXPECTED_TOTAL = dict(issued=11, served=8, no_show=2, transferred=1, overdue=5, avg_wait_s=484.0,
                      p90_wait_s=950.0, avg_service_s=360.0, p90_service_s=900.0,
                      votes={"1": 1, "2": 1, "3": 2, "4": 3}, satisfaction_index=66.7)
EXPECTED_SITES = {
    "CITY": dict(issued=9, served=7, no_show=1, overdue=4, avg_wait_s=480.0, p90_wait_s=1200.0,
                 votes={"1": 1, "2": 1, "3": 2, "4": 2}, satisfaction_index=61.1),
    "COMMUNE": dict(issued=2, served=1, no_show=1, overdue=1, avg_wait_s=500.0, p90_wait_s=800.0,
                    votes={"1": 0, "2": 0, "3": 0, "4": 1}, satisfaction_index=100.0),
}
EXPECTED_SERVICES = {"CITY/A": (6, 4, 3), "CITY/B": (3, 3, 1), "COMMUNE/C": (2, 1, 1)}
CLERK_OF_COUNTER = {"CITY/1": "clerk-city-1", "CITY/2": "clerk-city-2",
                    "COMMUNE/1": "clerk-commune-1", None: None}


def local(text: str) -> datetime:
    """Turn ``"MM-DD HH:MM"`` (2026, Vietnam time) into an aware UTC datetime."""
    moment = datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    return moment.astimezone(UTC)


def build(session: Session) -> dict:
    """Create the sites, services, counters, staff, tickets and votes; return staff names."""
    city = _site(session, "CITY", "Trung tâm thành phố", {"A": 600, "B": 900}, {1: "A", 2: "AB"})
    commune = _site(session, "COMMUNE", "UBND xã", {"C": 600}, {1: "C"})
    city.tier = "province"  # the provincial centre; the commune keeps the default tier
    clerks = {}
    for site, number in ((city, 1), (city, 2), (commune, 1)):
        counter = next(c for c in site.counters if c.number == number)
        username = f"clerk-{site.code.lower()}-{number}"
        clerks[(site.code, number)] = add_user(session, username, PASSWORD, "clerk",
                                               full_name=f"Cán bộ {site.code} {number}",
                                               site=site, counters=[counter])
    add_user(session, "manager-all", PASSWORD, "manager", full_name="Quản lý tỉnh")
    add_user(session, "manager-city", PASSWORD, "manager", full_name="Quản lý TP", site=city)
    add_user(session, "admin-all", PASSWORD, "admin")
    sites = {"CITY": city, "COMMUNE": commune}
    for sequence, spec in enumerate(TICKETS, start=1):
        _ticket(session, sites, clerks, sequence, *spec)
    session.flush()
    return {"sites": sites, "clerks": clerks}


def _site(session, code, name, services: dict, counters: dict) -> Site:
    site = Site(code=code, name=name, rollover_at=time(0, 0))
    session.add(site)
    session.flush()
    by_code = {}
    for order, (service_code, target) in enumerate(services.items()):
        by_code[service_code] = Service(site_id=site.id, code=service_code, sort_order=order,
                                        name=f"Lĩnh vực {service_code}", target_wait_s=target)
        session.add(by_code[service_code])
    session.flush()
    for number, codes in counters.items():
        session.add(Counter(site_id=site.id, number=number, name=f"Quầy {number}",
                            services=[by_code[c] for c in codes]))
    session.flush()
    session.refresh(site)
    return site


def _ticket(session, sites, clerks, sequence, site_code, service_code, counter_number, issued,
            wait_s, service_s, status, transfers, rating) -> Ticket:
    site = sites[site_code]
    service = next(s for s in site.services if s.code == service_code)
    counter = next((c for c in site.counters if c.number == counter_number), None)
    clerk = clerks.get((site_code, counter_number))
    issued_at = local(issued)
    called_at = issued_at + timedelta(seconds=wait_s) if wait_s is not None else None
    finished_at = called_at + timedelta(seconds=service_s) if service_s is not None else None
    if status == "expired":
        finished_at = datetime.combine(service_day(issued_at) + timedelta(days=1), time(0, 0),
                                       tzinfo=VIETNAM)
    ticket = Ticket(site_id=site.id, service_id=service.id, original_service_id=service.id,
                    service_day=service_day(issued_at), sequence=sequence,
                    number=service.shown_number(sequence), public_code=uuid.uuid4().hex,
                    status=status, counter_id=counter.id if counter else None,
                    clerk_id=clerk.id if clerk else None, issued_at=issued_at,
                    queued_at=issued_at, called_at=called_at, finished_at=finished_at,
                    transfer_count=transfers)
    session.add(ticket)
    session.flush()
    if transfers:  # sent on from the counter that had called it
        session.add(TicketEvent(ticket_id=ticket.id, kind="transferred", at=called_at,
                                counter_id=counter.id, user_id=clerk.id))
    if rating is not None:
        session.add(Vote(ticket_id=ticket.id, site_id=site.id, counter_id=counter.id,
                         clerk_id=clerk.id, service_id=service.id, rating=rating,
                         at=finished_at))
    return ticket
