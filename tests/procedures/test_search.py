"""The catalogue engine: saving by code, per-site fields, and diacritics-insensitive ranking."""

import json

import pytest

from server.api.schemas import ProcedureRecord
from server.demo import SAMPLE_CATALOGUE
from server.engine import QueueError
from server.engine.procedures import find_offer, save_procedure, search_procedures
from server.engine.search import fold
from server.models import Service

NAMES = [
    ("1.001193", "Đăng ký khai sinh", "HT"),
    ("1.004884", "Đăng ký lại khai sinh", "HT"),
    ("1.001022", "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", "HT"),
    ("2.000635", "Cấp bản sao trích lục hộ tịch", "HT"),
    ("1.000656", "Đăng ký khai tử", "HT"),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "CT"),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "CT"),
    ("2.000575", "Đăng ký thành lập hộ kinh doanh", "DKKD"),
    ("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "DKKD"),
    ("1.004227", "Đăng ký biến động quyền sử dụng đất", "DD"),
]


@pytest.fixture
def catalogue(session, site):
    session.add_all([Service(site_id=site.id, code="CT", name="Chứng thực", sort_order=2),
                     Service(site_id=site.id, code="DKKD", name="Đăng ký kinh doanh",
                             sort_order=3)])
    session.flush()
    for code, name, service in NAMES:
        save_procedure(session, site, ProcedureRecord(code=code, name=name, service=service))
    session.commit()
    return site


def names(session, site, query, **options):
    return [found["name"]
            for found in search_procedures(session, site, query, **options).procedures]


def test_fold_drops_tone_marks_and_d_stroke():
    assert fold("Đăng ký KHAI SINH, có yếu tố nước ngoài") == \
        "dang ky khai sinh co yeu to nuoc ngoai"


def test_typing_without_tone_marks_finds_the_procedure_first(session, catalogue):
    assert names(session, catalogue, "dang ky khai sinh")[0] == "Đăng ký khai sinh"
    assert names(session, catalogue, "khai sinh")[0] == "Đăng ký khai sinh"
    assert set(names(session, catalogue, "khai sinh")[:3]) == {
        "Đăng ký khai sinh", "Đăng ký lại khai sinh",
        "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con"}
    assert "Đăng ký khai tử" not in names(session, catalogue, "khai sinh")


def test_certified_copy_and_business_abbreviation(session, catalogue):
    assert names(session, catalogue, "chứng thực bản sao")[0] == \
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    business = names(session, catalogue, "DKKD")
    assert set(business[:2]) == {"Đăng ký thành lập hộ kinh doanh",
                                 "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"}


def test_a_field_typed_without_tone_marks_lists_its_procedures_in_catalogue_order(session,
                                                                                 site):
    """The demo's own catalogue: the everyday copy certification comes first, not the
    procedure with the shortest name."""
    for order, code in enumerate(("CT", "XD", "DKKD", "CDCS"), start=2):
        session.add(Service(site_id=site.id, code=code, name=code, sort_order=order))
    session.flush()
    items = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["procedures"]
    for item in items:
        save_procedure(session, site, ProcedureRecord.model_validate(item))
    session.commit()
    for query in ("chung thuc", "Chứng thực", "CHUNG THUC"):
        assert names(session, site, query)[0].startswith("Chứng thực bản sao từ bản chính")
    found = names(session, site, "chung thuc")
    first_other = next(index for index, name in enumerate(found)
                       if not name.startswith("Chứng thực"))
    assert all(name.startswith("Chứng thực") for name in found[:first_other])


def test_code_and_field_filters(session, catalogue):
    assert names(session, catalogue, "1.004227") == ["Đăng ký biến động quyền sử dụng đất"]
    assert set(names(session, catalogue, "", service_code="CT")) == {
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản"}
    assert names(session, catalogue, "xyz khong co") == []


def test_saving_again_updates_by_code_and_reports_no_change(session, catalogue):
    record = ProcedureRecord(code="1.000656", name="Đăng ký khai tử", service="HT")
    assert save_procedure(session, catalogue, record) == "unchanged"
    changed = record.model_copy(update={"processing_days": 1})
    assert save_procedure(session, catalogue, changed) == "updated"
    session.commit()
    assert find_offer(session, catalogue, "1.000656").procedure.processing_days == 1
    assert len(names(session, catalogue, "khai tu")) == 1


def test_inactive_or_unknown_procedures_are_refused(session, catalogue):
    record = ProcedureRecord(code="1.000656", name="Đăng ký khai tử", service="HT", active=False)
    save_procedure(session, catalogue, record)
    with pytest.raises(QueueError) as refused:
        find_offer(session, catalogue, "1.000656")
    assert refused.value.code == "procedure_inactive"
    assert "Đăng ký khai tử" not in names(session, catalogue, "khai tu")
    with pytest.raises(QueueError) as unknown:
        find_offer(session, catalogue, "9.999999")
    assert unknown.value.status == 404
    with pytest.raises(QueueError):
        save_procedure(session, catalogue, record.model_copy(update={"service": "NOPE"}))


def test_pages_follow_the_ranking_and_count_every_hit(session, catalogue):
    everything = search_procedures(session, catalogue, "dang ky", limit=1000)
    first = search_procedures(session, catalogue, "dang ky", limit=2)
    second = search_procedures(session, catalogue, "dang ky", limit=2, offset=2)
    assert first.total == second.total == everything.total == len(everything.procedures) > 4
    assert [hit["code"] for hit in first.procedures + second.procedures] == \
        [hit["code"] for hit in everything.procedures[:4]]
    beyond = search_procedures(session, catalogue, "dang ky", offset=everything.total)
    assert beyond.procedures == [] and beyond.total == everything.total
