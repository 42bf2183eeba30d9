"""The national and the local code name one procedure; times as the national pages write
them; a channel's own fee and time."""

import json

import pytest
from sqlalchemy import func, select

from server.engine import Actor
from server.engine.catalogue_files import export_catalogue, import_catalogue, processing_days
from server.engine.counter_outcomes import Outcome, record_outcome
from server.engine.dossiers import Receipt, receive_dossier, upsert_from_software
from server.engine.procedure_codes import national_code
from server.engine.procedures import find_offer, search_procedures
from server.models import Procedure
from tests.support.engine import MORNING

HEADER = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thành phần hồ sơ,Thời hạn giải quyết"
NATIONAL, LOCAL = "1.001193", "1.001193.000.00.00.H12"


@pytest.fixture
def catalogue(session, site):
    text = (f"{HEADER},Phí trực tuyến,Thời hạn giải quyết trực tuyến\n"
            f"{LOCAL},Đăng ký khai sinh,HT,xã,,03 ngày làm việc,Miễn phí,0.5\n")
    import_catalogue(session, site, text.encode(), "csv")
    session.commit()
    return site


@pytest.mark.parametrize(("written", "days"), [
    ("03 ngày làm việc", 3), ("0,5 ngày", 0.5), ("Trong ngày", 0), ("04 giờ làm việc", 0.5),
    ("08 giờ làm việc", 1), ("1,5 ngày", 1.5), (" 10 Ngày làm việc ", 10)])
def test_processing_times_as_the_national_pages_write_them(written, days):
    assert processing_days(written) == days


@pytest.mark.parametrize("written", ["02 giờ làm việc", "5 tuần", "ba ngày"])
def test_times_that_are_not_whole_or_half_days_are_refused(written):
    with pytest.raises(ValueError):
        processing_days(written)


def test_a_local_code_is_kept_beside_the_national_one(session, catalogue):
    procedure = session.scalar(select(Procedure))
    assert (procedure.code, procedure.local_code) == (NATIONAL, LOCAL)
    assert national_code(LOCAL) == NATIONAL and national_code("TTHC-01") == "TTHC-01"
    assert procedure.channel_terms == {"online": {"fee": "Miễn phí", "processing_days": 0.5}}
    # Importing the national code again updates the same procedure.
    text = f"{HEADER}\n{NATIONAL},Đăng ký khai sinh,HT,xã,,02 ngày làm việc\n"
    import_catalogue(session, catalogue, text.encode(), "csv")
    assert session.scalar(select(func.count()).select_from(Procedure)) == 1
    assert session.scalar(select(Procedure.processing_days)) == 2


@pytest.mark.parametrize("code", [NATIONAL, LOCAL])
def test_either_code_finds_the_procedure_everywhere(session, catalogue, code):
    assert find_offer(session, catalogue, code).procedure.code == NATIONAL
    dossier = receive_dossier(session, catalogue, Receipt(
        procedure_name="?", procedure_code=code, applicant_name="An"), Actor(user_id=1),
        now=MORNING)
    assert (dossier.procedure_code, dossier.procedure_name, dossier.processing_days) == (
        NATIONAL, "Đăng ký khai sinh", 3)
    synced, _ = upsert_from_software(
        session, catalogue, f"H12-{code}", Receipt(procedure_name=code, applicant_name="Bình",
                                                   processing_days=1),
        Actor(), received_at=MORNING, status="received")
    assert synced.procedure_id == dossier.procedure_id
    outcome, _ = record_outcome(session, catalogue, None, Outcome(
        kind="refused", receipt=Receipt(procedure_name=code, applicant_name="C"),
        reason="Không thuộc thẩm quyền"), Actor(user_id=1), now=MORNING)
    assert outcome.procedure_code == NATIONAL


def test_the_export_writes_both_codes_and_the_channel_terms(session, catalogue):
    exported = json.loads(export_catalogue(session, catalogue, "json"))["procedures"][0]
    assert (exported["code"], exported["local_code"]) == (NATIONAL, LOCAL)
    assert exported["channel_terms"]["online"]["processing_days"] == 0.5
    csv_text = export_catalogue(session, catalogue, "csv").decode("utf-8-sig")
    assert "online_processing_days" in csv_text.splitlines()[0]
    assert import_catalogue(session, catalogue, csv_text.encode(), "csv").unchanged == 1


@pytest.mark.parametrize("query", [NATIONAL, LOCAL])
def test_a_search_by_either_code_finds_it(session, catalogue, query):
    found = search_procedures(session, catalogue, query).procedures
    assert [hit["code"] for hit in found] == [NATIONAL]
