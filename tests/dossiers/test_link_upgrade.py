"""Upgrading a running centre: dossiers that already name their ticket get a visit link."""

from sqlalchemy import select

from server.engine import Actor, issue_ticket
from server.engine.dossiers import Receipt, receive_dossier
from server.models import TicketDossier
from server.provision import migrate
from tests.support.engine import MORNING, back_to_revision


def test_an_upgrade_links_the_tickets_dossiers_already_name(session, site, tmp_path):
    ticket = issue_ticket(session, site, "DD", now=MORNING).ticket
    receipt = Receipt(procedure_name="Cấp giấy phép xây dựng", applicant_name="Trần Thị Bình",
                      processing_days=5, ticket_id=ticket.id)
    dossier = receive_dossier(session, site, receipt, Actor(user_id=1), now=MORNING)
    receive_dossier(session, site, Receipt(procedure_name="Chứng thực", applicant_name="An",
                                           processing_days=1), Actor(user_id=1), now=MORNING)
    session.commit()
    ticket_id, dossier_id = ticket.id, dossier.id
    url = f"sqlite:///{tmp_path / 'engine.sqlite3'}"
    back_to_revision(session, url, "0023_dossier_pull")  # before the links
    migrate(url)
    links = session.scalars(select(TicketDossier)).all()
    assert [(link.ticket_id, link.dossier_id, link.kind) for link in links] == [
        (ticket_id, dossier_id, "received")]
