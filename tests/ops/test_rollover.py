"""The minute's rollover check: one site at a time, only where a day turned, once per ticket."""

import multiprocessing
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import server.tasks
from server.engine import issue_ticket
from server.engine.rollover import sites_due
from server.models import Appointment, Service, Site, Ticket, TicketEvent
from server.models.appointment import BOOKED, NO_SHOW
from server.storage import unit_of_work
from server.tasks import roll_over_sites
from tests.support.centre import Centre, provision_demo
from tests.support.postgres import temporary_database

# 23:50 in Hà Nội on Wednesday 25 November, then 00:30 and 02:30 of the Thursday.
EVENING = datetime(2026, 11, 25, 16, 50, tzinfo=UTC)
AFTER_MIDNIGHT = EVENING + timedelta(minutes=40)
AFTER_TWO = EVENING + timedelta(hours=2, minutes=40)
SITES = 8
TICKETS_PER_SITE = 12


@pytest.fixture
def centre(tmp_path) -> Centre:
    return provision_demo(tmp_path / "instance")


def _issue(app, code: str, when: datetime) -> Ticket:
    with unit_of_work(app) as session:
        site = session.scalars(select(Site).where(Site.code == code)).one()
        service = site.services[0].code
        return issue_ticket(session, site, service, now=when).ticket


def _status(app, ticket_id: int) -> str:
    with unit_of_work(app) as session:
        return session.get(Ticket, ticket_id).status


def _expired_events(app) -> dict[int, int]:
    with unit_of_work(app) as session:
        return dict(session.execute(
            select(TicketEvent.ticket_id, func.count()).where(TicketEvent.kind == "expired")
            .group_by(TicketEvent.ticket_id)).all())


def _site_ids(app) -> dict[str, int]:
    with unit_of_work(app) as session:
        return dict(session.execute(select(Site.code, Site.id)).all())


def test_only_the_site_whose_day_turned_is_rolled_over_and_its_numbers_restart(centre):
    app = centre.app()
    with unit_of_work(app) as session:
        ward = session.scalars(select(Site).where(Site.code == "DUCXUAN")).one()
        ward.rollover_at = time(2, 0)  # the ward's day runs until 02:00
    province, ward = _issue(app, "TPBK", EVENING), _issue(app, "DUCXUAN", EVENING)
    ids = _site_ids(app)

    with unit_of_work(app) as session:
        assert sites_due(session, EVENING) == []
        assert sites_due(session, AFTER_MIDNIGHT) == [ids["TPBK"]]
    roll_over_sites(app, AFTER_MIDNIGHT)
    assert _status(app, province.id) == "expired"
    assert _status(app, ward.id) == "waiting"
    assert _issue(app, "TPBK", AFTER_MIDNIGHT).sequence == 1
    later = _issue(app, "DUCXUAN", AFTER_MIDNIGHT)
    assert later.sequence == ward.sequence + 1

    with unit_of_work(app) as session:
        assert sites_due(session, AFTER_TWO) == [ids["DUCXUAN"]]
    roll_over_sites(app, AFTER_TWO)
    assert _status(app, ward.id) == "expired"
    assert _expired_events(app) == {province.id: 1, ward.id: 1, later.id: 1}
    assert _issue(app, "DUCXUAN", AFTER_TWO).sequence == 1


def test_a_booking_past_its_window_makes_its_site_due_and_becomes_a_no_show(centre):
    app = centre.app()
    ids = _site_ids(app)
    with unit_of_work(app) as session:
        site = session.get(Site, ids["DUCXUAN"])
        booking = Appointment(site_id=site.id, service_id=site.services[0].id,
                              start=AFTER_MIDNIGHT - timedelta(minutes=site.appointment_late_min),
                              code="HEN-1", name="Nguyễn Văn A", phone="0912345678")
        session.add(booking)
    with unit_of_work(app) as session:
        assert sites_due(session, AFTER_MIDNIGHT) == []
        assert sites_due(session, AFTER_MIDNIGHT + timedelta(minutes=1)) == [ids["DUCXUAN"]]
    roll_over_sites(app, AFTER_MIDNIGHT)
    with unit_of_work(app) as session:
        assert session.get(Appointment, booking.id).status == BOOKED
    roll_over_sites(app, AFTER_MIDNIGHT + timedelta(minutes=1))
    with unit_of_work(app) as session:
        assert session.get(Appointment, booking.id).status == NO_SHOW


def test_a_site_that_fails_is_left_as_it_was_and_the_others_roll_over(centre, monkeypatch):
    app = centre.app()
    province, ward = _issue(app, "TPBK", EVENING), _issue(app, "DUCXUAN", EVENING)
    failing = _site_ids(app)["TPBK"]
    mark_no_shows = server.tasks.mark_no_shows

    def broken_for_one_site(session, site, now=None):
        if site.id == failing:  # after its tickets were expired in the same unit of work
            raise RuntimeError("disk full")
        return mark_no_shows(session, site, now)

    monkeypatch.setattr(server.tasks, "mark_no_shows", broken_for_one_site)
    roll_over_sites(app, AFTER_MIDNIGHT)
    assert _status(app, province.id) == "waiting"
    assert _status(app, ward.id) == "expired"

    monkeypatch.setattr(server.tasks, "mark_no_shows", mark_no_shows)
    roll_over_sites(app, AFTER_MIDNIGHT)
    assert _status(app, province.id) == "expired"
    assert _expired_events(app) == {province.id: 1, ward.id: 1}


def _add_sites_with_stale_tickets(centre: Centre) -> list[int]:
    app = centre.app()
    with unit_of_work(app) as session:
        for index in range(SITES):
            site = Site(code=f"XA{index:02d}", name=f"Một cửa xã số {index + 1}")
            session.add(site)
            session.flush()
            session.add(Service(site_id=site.id, code="DD", name="Đất đai", number_start=1001,
                                number_end=1999))
    tickets = [_issue(app, f"XA{index:02d}", EVENING).id
               for index in range(SITES) for _ in range(TICKETS_PER_SITE)]
    app.extensions["qms_engine"].dispose()
    return tickets


def _roll_over_in_a_process(instance: str, url: str, barrier) -> None:
    app = Centre(instance=Path(instance), database_url=url).app()
    barrier.wait()
    roll_over_sites(app, AFTER_MIDNIGHT)
    app.extensions["qms_engine"].dispose()


def _two_processes_roll_over_once(centre: Centre) -> None:
    tickets = _add_sites_with_stale_tickets(centre)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        workers = [context.Process(target=_roll_over_in_a_process,
                                   args=(str(centre.instance), centre.database_url, barrier))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    app = centre.app()
    assert _expired_events(app) == {ticket: 1 for ticket in tickets}
    with unit_of_work(app) as session:
        assert sites_due(session, AFTER_MIDNIGHT) == []
    app.extensions["qms_engine"].dispose()


@pytest.mark.slow
@pytest.mark.live
def test_two_processes_checking_at_once_expire_each_ticket_once_on_sqlite(tmp_path):
    _two_processes_roll_over_once(provision_demo(tmp_path / "instance"))


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_two_processes_checking_at_once_expire_each_ticket_once_on_postgresql(tmp_path):
    with temporary_database() as url:
        _two_processes_roll_over_once(provision_demo(tmp_path / "instance", url))
