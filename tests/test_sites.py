"""Sites say their tier and how they address citizens; the demo is today's administration."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from printers import TicketPrint
from printers.wording import format_ahead
from server.db import make_engine, make_session_factory
from server.demo import seed_demo
from server.models import SITE_TIERS, Base, Counter, Service, Site, User


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
