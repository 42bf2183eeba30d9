"""Importing and exporting the catalogue: formats, row numbers, idempotence, round trips."""

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.api.schemas import ProcedureRecord
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


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_formula_looking_text_as_text_and_reads_it_back(session, city, fmt):
    text = HEADER + ('1.000009,"=HYPERLINK(""http://x"",""Mẫu"")",HT,xã,'
                     '"@SUM(1) | bản chính | 1",3\n')
    import_catalogue(session, city, text.encode(), "csv")
    exported = export_catalogue(session, city, fmt)
    cells = _exported_cells(exported, fmt)
    assert "'=HYPERLINK(\"http://x\",\"Mẫu\")" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    back = import_catalogue(session, city, exported, fmt)
    assert (back.created, back.updated, back.unchanged) == (0, 0, 1)
    procedure = session.scalar(select(Procedure).where(Procedure.code == "1.000009"))
    assert procedure.name.startswith("=HYPERLINK") and procedure.documents[0]["name"] == "@SUM(1)"


def _exported_cells(data: bytes, fmt: str) -> list[str]:
    """Every text cell of an export as a spreadsheet program would read it (no data_only)."""
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell.value for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)]


def test_the_csv_sample_matches_the_json_sample(session, city):
    import_catalogue(session, city, (SAMPLE / "procedures.json").read_bytes(), "json")
    csv_summary = import_catalogue(session, city, (SAMPLE / "procedures.csv").read_bytes(), "csv")
    assert (csv_summary.created, csv_summary.updated) == (0, 0)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_sample_imports_on_postgresql(tmp_path):
    with temporary_database() as url:
        centre = provision_demo(tmp_path, url)
        app = centre.app()
        with unit_of_work(app) as session:
            city = find_site(session, "TPBK")
            summary = import_catalogue(session, city, (SAMPLE / "procedures.csv").read_bytes(),
                                       "csv")
            count = session.scalar(select(func.count(Procedure.id)))
        app.extensions["qms_engine"].dispose()
    # The demo already ships the sample, so importing it again adds nothing; only the
    # procedures whose form the demo holds as a file of its own are set back to the link.
    assert summary.created == 0 and summary.updated <= 6 and count >= 50


@pytest.mark.slow
@pytest.mark.live
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


@pytest.mark.live
@pytest.mark.slow
def test_cli_ward_import_keeps_the_shared_text_unless_told(tmp_path):
    assert qms(tmp_path, "init", "--demo", "--password", "mat-khau-demo").returncode == 0
    ward_file = tmp_path / "phuong.json"
    ward_file.write_text(json.dumps([{"code": "1.001193", "name": "Khai sinh (mẫu cũ)",
                                      "service": "CTHT", "fee": "8.000 đồng"}]),
                         encoding="utf-8")
    kept = qms(tmp_path, "procedures", "import", str(ward_file), "--site", "DUCXUAN")
    assert kept.returncode == 0, kept.stderr
    assert "1 thủ tục dùng chung giữ nguyên nội dung" in kept.stdout
    export = tmp_path / "city.json"
    assert qms(tmp_path, "procedures", "export", str(export), "--site", "TPBK").returncode == 0
    city = {item["code"]: item for item in json.loads(export.read_text())["procedures"]}
    assert city["1.001193"]["name"] == "Đăng ký khai sinh"
    rewritten = qms(tmp_path, "procedures", "import", str(ward_file), "--site", "DUCXUAN",
                    "--shared-text")
    assert "shared text rewritten for: TPBK" in rewritten.stdout


def test_processing_times_as_catalogues_write_them(session, city):
    text = HEADER + ("1.000001,Thủ tục nửa ngày,HT,xã,,0.5\n"
                     "1.000002,Thủ tục ba ngày,HT,xã,,03 ngày làm việc\n"
                     "1.000003,Thủ tục trong ngày,HT,xã,,Trong ngày\n"
                     "1.000004,Thủ tục một ngày rưỡi,HT,xã,,\"1,5 ngày\"\n")
    assert import_catalogue(session, city, text.encode(), "csv").created == 4
    days = dict(session.execute(select(Procedure.code, Procedure.processing_days)).all())
    assert days == {"1.000001": 0.5, "1.000002": 3, "1.000003": 0, "1.000004": 1.5}
    assert isinstance(days["1.000002"], int)  # shown "3 ngày", never "3.0 ngày"


@pytest.mark.parametrize("cell", ["ba ngày", "0.3", "5 tuần"])
def test_a_processing_time_that_is_not_whole_or_half_days_is_refused(session, city, cell):
    with pytest.raises(CatalogueFileError) as refused:
        import_catalogue(session, city, (HEADER + f"1.000001,Thủ tục,HT,xã,,{cell}\n").encode(),
                         "csv")
    assert [row for row, _ in refused.value.problems] == [2]


@pytest.mark.parametrize("level", ["district", "huyện", "Cấp huyện"])
def test_the_abolished_district_tier_is_read_as_commune(session, city, level):
    import_catalogue(session, city, (HEADER + f"1.000001,Thủ tục,HT,{level},,3\n").encode(), "csv")
    assert session.scalar(select(Procedure.level)) == "commune"
    record = ProcedureRecord.model_validate({"code": "1.1", "name": "Thủ tục", "service": "HT",
                                             "level": "district"})
    assert record.level == "commune"
