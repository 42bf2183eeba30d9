"""Sites say their tier and how they address citizens; the demo is today's administration."""

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from printers import TicketPrint
from printers.wording import format_ahead
from server.db import make_engine, make_session_factory
from server.demo import seed_demo
from server.models import (
    SITE_TIERS,
    Base,
    Counter,
    Device,
    Procedure,
    ProcedureForm,
    Service,
    Site,
    User,
)
from server.storage import unit_of_work


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sites.sqlite3'}")
    Base.metadata.create_all(engine)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def test_a_new_site_addresses_citizens_formally():
    assert Site(code="X", name="X", citizen_address="quy_khach").citizen_words == {
        "inside": "quý khách", "start": "Quý khách"}
    assert Site(code="X", name="X", citizen_address="ong_ba").citizen_words == {
        "inside": "Ông/Bà", "start": "Ông/Bà"}


def test_the_slip_addresses_the_citizen_as_the_site_does():
    assert format_ahead(3) == "Số người đang chờ trước quý khách: 3"
    assert format_ahead(3, "vi", "Ông/Bà") == "Số người đang chờ trước Ông/Bà: 3"
    slip = TicketPrint(centre_name="C", site_name="S", service_name="Hộ tịch", number="1",
                       issued_at=datetime(2026, 11, 25, tzinfo=UTC), waiting_ahead=0)
    assert slip.citizen == "quý khách"


@pytest.mark.parametrize("centre, name, lines", [
    ("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công xã Minh Hoạ",
     ("Trung tâm Phục vụ hành chính công xã Minh Hoạ", "")),
    ("UBND tỉnh Thái Nguyên", "Trung tâm Phục vụ hành chính công tỉnh",
     ("UBND tỉnh Thái Nguyên", "Trung tâm Phục vụ hành chính công tỉnh")),
])
def test_a_site_named_in_full_heads_alone(centre, name, lines):
    assert Site(code="X", name=name).heading_lines(centre) == lines


def test_demo_is_a_provincial_centre_and_a_ward_of_today(session):
    seed_demo(session, "demo-pass-123")
    sites = {site.code: site for site in session.scalars(select(Site))}
    province, ward = sites["TPBK"], sites["DUCXUAN"]
    assert province.tier == "province" and ward.tier == "commune"
    assert province.name == "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
    assert ward.name.startswith("Trung tâm Phục vụ hành chính công phường ")
    for site in sites.values():
        assert site.tier in SITE_TIERS and site.citizen_address == "quy_khach"
        assert "Bắc Kạn" not in site.name and "huyện" not in site.name
    assert len(province.counters) == 10
    assert [s.name for s in province.services] == [
        "Đất đai", "Xây dựng", "Đăng ký kinh doanh", "Chế độ chính sách", "Chứng thực", "Hộ tịch"]
    assert [s.name for s in ward.services] == ["Chứng thực, hộ tịch", "Đất đai, xây dựng"]
    manager = session.scalar(select(User).where(User.username == "quanly"))
    assert manager.full_name == "Nguyễn Thị Thu Hà"
    assert session.scalar(select(func.count()).select_from(Counter)) == 12
    assert session.scalar(select(func.count()).select_from(Service)) == 8


def test_the_shipped_demo_shows_hours_booking_the_wards_devices_and_form_files(session,
                                                                               tmp_path):
    result = seed_demo(session, "demo-pass-123", forms_dir=tmp_path)
    services = session.scalars(select(Service)).all()
    assert all(service.opening_hours.get("mon") for service in services)
    bookable = [s.code for s in services if s.slot_minutes > 0 and s.opening_hours]
    assert len(bookable) >= 2 and "CTHT" in bookable  # the ward books too
    ward = session.scalar(select(Site).where(Site.code == "DUCXUAN"))
    ward_kinds = sorted(d.kind for d in session.scalars(
        select(Device).where(Device.site_id == ward.id)))
    assert ward_kinds == ["display", "kiosk", "vote-pad"]
    assert {"ward-kiosk", "ward-display", "ward-vote-pad"} <= set(result["tokens"])
    files = session.scalars(select(ProcedureForm).where(ProcedureForm.stored_name != "")).all()
    assert len({form.procedure_id for form in files}) >= 3
    for form in files:
        with zipfile.ZipFile(tmp_path / form.stored_name) as document:
            text = document.read("word/document.xml").decode()
        assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and form.filename.endswith(".docx")
    with_files = {form.procedure_id for form in files}
    assert not session.scalars(select(ProcedureForm).where(
        ProcedureForm.procedure_id.in_(with_files), ProcedureForm.external_url != "")).all()
    birth = session.scalar(select(Procedure).where(Procedure.code == "1.001193"))
    assert [form.stored_name != "" for form in birth.forms] == [True]


def test_the_ward_user_of_the_demo_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`ducxuan`" in readme and "DUCXUAN" in readme


def test_a_demo_form_file_is_served_by_qms(centre):
    app = centre.app()
    with unit_of_work(app) as session:
        form = session.scalar(select(ProcedureForm).join(Procedure)
                              .where(Procedure.code == "1.001193"))
        form_id = form.id
    answer = app.test_client().get(f"/api/v1/procedures/1.001193/forms/{form_id}")
    body = answer.get_data()
    answer.close()  # the file the answer streams
    app.extensions["qms_engine"].dispose()
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")
