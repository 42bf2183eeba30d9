"""Reports as a Vietnamese office reads them: dd/mm/yyyy, real number and date cells, plain
errors naming the form's fields, and province-wide reports by tier."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest

pytestmark = pytest.mark.live

PERIOD = {"from": "2026-03-02", "to": "2026-03-03"}


def get(api, token, path="/api/v1/reports", **params):
    return api.call("GET", path, token, params={**PERIOD, **params})


def test_excel_has_dd_mm_yyyy_dates_and_real_number_cells(report_api, manager):
    response = get(report_api, manager, "/api/v1/reports/export.xlsx", group="service",
                   per_day="1")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == ("Báo cáo tình hình cấp số, phục vụ và mức độ hài lòng theo "
                                 "lĩnh vực từ ngày 02/03/2026 đến ngày 03/03/2026")
    header = [cell.value for cell in sheet[3]]
    day = header.index("Ngày") + 1
    wait = header.index("Thời gian chờ TB (phút)") + 1
    issued = header.index("Số phiếu đã cấp") + 1
    first = 4
    assert isinstance(sheet.cell(first, day).value, datetime)
    assert sheet.cell(first, day).value.date().isoformat() in PERIOD.values()
    assert sheet.cell(first, day).number_format == "DD/MM/YYYY"
    assert isinstance(sheet.cell(first, issued).value, int)
    assert sheet.cell(first, issued).number_format == "#,##0"
    waits = [sheet.cell(row, wait) for row in range(first, sheet.max_row + 1)
             if sheet.cell(row, wait).value is not None]
    assert waits and all(isinstance(cell.value, float | int) for cell in waits)
    assert {cell.number_format for cell in waits if isinstance(cell.value, float)} == {"#,##0.00"}


def test_csv_writes_days_dd_mm_yyyy(report_api, manager):
    response = get(report_api, manager, "/api/v1/reports/export.csv", group="site",
                   per_day="1")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = rows[:rows.index([])]  # the figures; the unhappy votes' reasons follow a blank row
    day = table[0].index("Ngày")
    days = {row[day] for row in table[1:] if row[day]}
    assert days and days <= {"02/03/2026", "03/03/2026"}


@pytest.mark.parametrize("params, named", [
    ({"from": "2026-03-32"}, "“Từ ngày”"), ({"to": ""}, "“Đến ngày”"),
    ({"from": "2026-03-04"}, "không được sau"), ({"group": "building"}, "“Theo”"),
    ({"tier": "district"}, "“Cấp”"),
])
def test_a_bad_choice_is_explained_with_the_forms_field(report_api, manager, params, named):
    response = get(report_api, manager, **params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_payload"
    assert named in error["message"]
    for raw in ("YYYY", "from", "group", "site"):
        assert raw not in error["message"]


@pytest.mark.parametrize("tier, sites", [("province", ["CITY"]), ("commune", ["COMMUNE"])])
def test_province_wide_report_by_tier(report_api, manager, tier, sites):
    body = get(report_api, manager, group="site", tier=tier).json()
    assert [row["key"] for row in body["rows"]] == sites


def test_a_site_manager_sees_only_their_site_whatever_the_tier(report_api):
    from .dataset import PASSWORD

    token = report_api.staff_token("manager-city", PASSWORD)
    assert [row["key"] for row in get(report_api, token, group="site").json()["rows"]] == ["CITY"]
    assert get(report_api, token, group="site", tier="commune").json()["rows"] == []
