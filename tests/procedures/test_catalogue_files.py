"""Importing and exporting the catalogue: formats, row numbers, idempotence, round trips."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.engine.catalogue_files import (
    CatalogueFileError,
    export_catalogue,
    import_catalogue,
    read_rows,
)
from server.models import Procedure, Service
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.cli import qms
from tests.support.postgres import temporary_database
from tests.support.services import require_postgres

SAMPLE = Path(__file__).resolve().parents[2] / "server" / "samples"
HEADER = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thành phần hồ sơ,Thời hạn giải quyết\n"


@pytest.fixture
def city(session, site):
    for order, code in enumerate(("CT", "XD", "DKKD", "CDCS"), start=2):
        session.add(Service(site_id=site.id, code=code, name=code, sort_order=order))
    session.commit()
    return site


def test_vietnamese_headers_multiline_cells_and_a_bom(session, city):
    text = HEADER + ('1.001193,Đăng ký khai sinh,HT,xã,"Tờ khai | bản chính | 1\n'
                     'Giấy chứng sinh | bản chính",0\n')
    summary = import_catalogue(session, city, ("\ufeff" + text).encode(), "csv")
    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 0)
    procedure = session.scalar(select(Procedure).where(Procedure.code == "1.001193"))
    assert procedure.level == "commune" and procedure.processing_days == 0
    assert procedure.documents == [{"name": "Tờ khai", "kind": "original", "count": 1},
                                   {"name": "Giấy chứng sinh", "kind": "original", "count": 1}]


def test_a_bad_row_refuses_the_whole_file_naming_the_row(session, city):
    text = HEADER + ("1.000001,Thủ tục một,HT,xã,,3\n"
                     "1.000002,Thủ tục hai,HT,xã,,ba ngày\n"
                     "1.000003,Thủ tục ba,NOPE,xã,,3\n")
    with pytest.raises(CatalogueFileError) as refused:
        import_catalogue(session, city, text.encode(), "csv")
    assert "row 3" in str(refused.value) and "ba ngày" in str(refused.value)
    assert session.scalar(select(func.count(Procedure.id))) == 0
    fixed = text.replace("ba ngày", "3")
    with pytest.raises(CatalogueFileError) as unknown_field:
        import_catalogue(session, city, fixed.encode(), "csv")
    assert str(unknown_field.value).startswith("row 4:") and "NOPE" in str(unknown_field.value)
    assert session.scalar(select(func.count(Procedure.id))) == 0


def test_repeated_codes_and_unknown_columns_are_named(session, city):
    rows = [{"code": "1.1", "name": "Một thủ tục", "service": "HT"},
            {"code": "1.1", "name": "Một thủ tục", "service": "HT"},
            {"code": "1.2", "name": "Thủ tục khác", "service": "HT", "colour": "đỏ"}]
    with pytest.raises(CatalogueFileError) as refused:
        import_catalogue(session, city, json.dumps(rows).encode(), "json")
    assert [row for row, _ in refused.value.problems] == [2, 3]


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_sample_imports_once_and_round_trips(session, city, fmt):
    sample = (SAMPLE / "procedures.json").read_bytes()
    first = import_catalogue(session, city, sample, "json")
    assert first.created >= 50 and first.updated == 0
    again = import_catalogue(session, city, sample, "json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    exported = export_catalogue(session, city, fmt)
    back = import_catalogue(session, city, exported, fmt)
    assert (back.created, back.updated) == (0, 0)
    assert len(read_rows(exported, fmt)) == first.created


def test_the_csv_sample_matches_the_json_sample(session, city):
    import_catalogue(session, city, (SAMPLE / "procedures.json").read_bytes(), "json")
    csv_summary = import_catalogue(session, city, (SAMPLE / "procedures.csv").read_bytes(), "csv")
    assert (csv_summary.created, csv_summary.updated) == (0, 0)


def test_sample_imports_on_postgresql(tmp_path):
    require_postgres()
    with temporary_database() as url:
        centre = provision_demo(tmp_path, url)
        app = centre.app()
        with unit_of_work(app) as session:
            city = find_site(session, "TPBK")
            summary = import_catalogue(session, city, (SAMPLE / "procedures.csv").read_bytes(),
                                       "csv")
            count = session.scalar(select(func.count(Procedure.id)))
        app.extensions["qms_engine"].dispose()
    # The demo already ships the sample, so importing it again changes nothing.
    assert (summary.created, summary.updated) == (0, 0) and count >= 50


def test_cli_import_export_and_refusal(tmp_path):
    assert qms(tmp_path, "init", "--demo", "--password", "mat-khau-demo").returncode == 0
    exported = tmp_path / "catalogue.xlsx"
    result = qms(tmp_path, "procedures", "export", str(exported))
    assert result.returncode == 0, result.stderr
    again = qms(tmp_path, "procedures", "import", str(exported), "--site", "TPBK")
    assert again.returncode == 0, again.stderr
    assert "0 mới / new, 0 cập nhật / updated" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "1.000001,Thủ tục,HT,xã,,3\n1.000002,Thủ tục,HT,tầng 5,,3\n",
                   encoding="utf-8")
    refused = qms(tmp_path, "procedures", "import", str(bad))
    assert refused.returncode != 0 and "row 3" in refused.stderr
    ward = qms(tmp_path, "procedures", "import", str(bad), "--site", "NOWHERE")
    assert ward.returncode != 0
