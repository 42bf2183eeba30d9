"""Upgrading a running centre past 0027 keeps every dossier, gives each the channel the
reports counted it under, and lets the catalogue keep its codes."""

from contextlib import nullcontext

import pytest
from sqlalchemy import select

from server.db import make_engine, make_session_factory
from server.engine import Actor
from server.engine.dossiers import Receipt, receive_dossier, upsert_from_software
from server.engine.handovers import hand_over
from server.models import Base, Dossier, DossierHandover, Procedure
from server.provision import migrate
from tests.support.engine import MORNING, add_site, back_to_revision
from tests.support.postgres import temporary_database
from tests.support.services import require_postgres
from tests.support.tiers import POSTGRES


def _dossiers(session) -> list[tuple]:
    return [tuple(row) for row in session.execute(
        select(Dossier.code, Dossier.status, Dossier.due_at, Dossier.received_at,
               Dossier.source, Dossier.applicant_name).order_by(Dossier.id))]


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def test_the_upgrade_from_the_previous_head_keeps_every_dossier(database, tmp_path):
    if database == "postgresql":
        require_postgres()
    databases = temporary_database() if database == "postgresql" else nullcontext(
        f"sqlite:///{tmp_path / 'upgrade.sqlite3'}")
    with databases as url:
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        with make_session_factory(engine)() as session:
            site = add_site(session, code="HT", name="Hộ tịch")
            session.add(Procedure(code="1.001193", name="Đăng ký khai sinh"))
            for number in range(3):
                receive_dossier(session, site, Receipt(
                    procedure_name="Chứng thực", applicant_name=f"Người {number}",
                    processing_days=2), Actor(), now=MORNING)
            upsert_from_software(session, site, "000.00.12.H26-251125-0001", Receipt(
                procedure_name="Cấp phép", applicant_name="Bình", processing_days=5),
                Actor(), received_at=MORNING, status="in_progress")
            session.commit()
            before = _dossiers(session)
            back_to_revision(session, url, "0026_webhooks")
        migrate(url)
        with make_session_factory(engine)() as session:
            assert _dossiers(session) == before
            assert session.scalars(select(Dossier.channel).order_by(Dossier.id)).all() == [
                "in_person", "in_person", "in_person", "online"]
            procedure = session.scalar(select(Procedure))
            assert (procedure.local_code, procedure.channel_terms) == ("", {})
            dossier = session.scalar(select(Dossier))
            hand_over(session, dossier, "Phòng Tư pháp", Actor(), now=MORNING)
            session.commit()
            assert session.scalar(select(DossierHandover.unit).order_by(
                DossierHandover.id.desc())) == "Phòng Tư pháp"
        engine.dispose()
