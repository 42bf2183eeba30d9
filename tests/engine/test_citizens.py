"""Citizens known by their card: one row per person, details forgotten on time."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.engine import issue_ticket
from server.engine.citizen_id import id_hash, read_card_line, read_typed_number
from server.engine.citizens import (
    citizen_of,
    details_until,
    link_ticket,
    purge_citizens,
    remember,
    waiting_ticket_for,
)
from server.models import Citizen, Ticket, TicketCitizen
from tests.support.engine import MORNING

CARD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Đức Xuân, Thái Nguyên|15042021"
SECRET = "instance secret"


def _card(line=CARD):
    return read_card_line(line, MORNING.date())


def test_a_scan_keeps_the_hash_and_last_digits_never_the_number(session, site):
    citizen = remember(session, site, _card(), SECRET, MORNING, keep_days=0)
    session.commit()
    row = session.scalar(select(Citizen))
    assert row.id_last4 == "3456" and "001090123456" not in row.id_hash
    assert (row.full_name, row.address) == ("Nguyễn Văn An", "Phường Đức Xuân, Thái Nguyên")
    assert row.id == citizen.id and row.id_hash == id_hash(SECRET, "001090123456")
    assert row.id_hash != id_hash("another secret", "001090123456")  # keyed by the instance


def test_details_last_until_the_rollover_plus_the_retention(site):
    # 09:00 on 25/11 in Hà Nội: the day ends at local midnight, 17:00 UTC.
    assert details_until(site, MORNING, 0) == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert details_until(site, MORNING, 30) == datetime(2026, 12, 25, 17, 0, tzinfo=UTC)


def test_a_second_scan_is_the_same_person_and_a_typed_number_keeps_the_name(session, site):
    first = remember(session, site, _card(), SECRET, MORNING, keep_days=0)
    again = remember(session, site, read_typed_number("001090123456", MORNING.date()), SECRET,
                     MORNING + timedelta(minutes=5), keep_days=0)
    assert again.id == first.id and again.full_name == "Nguyễn Văn An"
    assert session.scalar(select(Citizen).where(Citizen.id != first.id)) is None


def test_the_waiting_ticket_of_a_person_is_found_per_service(session, site):
    citizen = remember(session, site, _card(), SECRET, MORNING, keep_days=0)
    ticket = issue_ticket(session, site, "DD", now=MORNING).ticket
    link_ticket(session, ticket, citizen)
    session.commit()
    land, civil = sorted(site.services, key=lambda s: s.sort_order)
    day = ticket.service_day
    assert waiting_ticket_for(session, citizen, site, land.id, day).id == ticket.id
    assert waiting_ticket_for(session, citizen, site, civil.id, day) is None
    assert citizen_of(session, ticket).id == citizen.id


def test_purge_forgets_the_person_and_unties_the_tickets(session, site):
    citizen = remember(session, site, _card(), SECRET, MORNING, keep_days=0)
    ticket = issue_ticket(session, site, "DD", now=MORNING).ticket
    link_ticket(session, ticket, citizen)
    session.commit()
    assert purge_citizens(session, MORNING + timedelta(hours=1)) == 0
    assert purge_citizens(session, MORNING + timedelta(days=1)) == 1
    session.commit()
    assert session.scalar(select(Citizen)) is None and session.scalar(select(TicketCitizen)) is None
    assert session.get(Ticket, ticket.id) is not None  # the report keeps the ticket


def test_the_day_rollover_forgets_what_the_cards_said(session, site):
    from server.engine.rollover import rollover

    remember(session, site, _card(), SECRET, MORNING, keep_days=0)
    session.commit()
    rollover(session, site, MORNING + timedelta(hours=12))  # 21:00 the same day: kept
    assert session.scalar(select(Citizen)) is not None
    rollover(session, site, MORNING + timedelta(days=1))
    session.commit()
    assert session.scalar(select(Citizen)) is None
