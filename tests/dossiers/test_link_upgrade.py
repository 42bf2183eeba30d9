"""Upgrading a running centre: dossiers that already name their ticket get a visit link."""

from sqlalchemy import select, text

from server.engine import Actor, issue_ticket
from server.engine.dossiers import Receipt, receive_dossier
from server.models import TicketDossier
from server.provision import migrate
from tests.support.engine import MORNING


def test_an_upgrade_links_the_tickets_dossiers_already_name(session, site, tmp_path):
    ticket = issue_ticket(session, site, "DD", now=MORNING).ticket
    receipt = Receipt(procedure_name="Cấp giấy phép xây dựng", applicant_name="Trần Thị Bình",
                      processing_days=5, ticket_id=ticket.id)
    dossier = receive_dossier(session, site, receipt, Actor(user_id=1), now=MORNING)
    receive_dossier(session, site, Receipt(procedure_name="Chứng thực", applicant_name="An",
                                           processing_days=1), Actor(user_id=1), now=MORNING)
    for later in ("dossier_ratings", "ticket_dossiers"):
        session.execute(text(f"DROP TABLE {later}"))
    session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
    session.execute(text("INSERT INTO alembic_version VALUES ('0021_rollup_recalls')"))
    session.commit()
    ticket_id, dossier_id = ticket.id, dossier.id
    session.close()
    migrate(f"sqlite:///{tmp_path / 'engine.sqlite3'}")
    links = session.scalars(select(TicketDossier)).all()
    assert [(link.ticket_id, link.dossier_id, link.kind) for link in links] == [
        (ticket_id, dossier_id, "received")]
