"""The report API and its CSV/XLSX exports over HTTP, against the generated data set."""

import csv
import io

import openpyxl
import pytest

from .dataset import EXPECTED_COUNTERS, EXPECTED_TOTAL, PASSWORD
from .test_compute import figures

pytestmark = pytest.mark.live

PERIOD = {"from": "2026-03-02", "to": "2026-03-03"}


def get(api, token, path="/api/v1/reports", **params):
    return api.call("GET", path, token, params={**PERIOD, **params})


def test_counter_report_over_http_matches_the_known_answers(report_api, manager):
    response = get(report_api, manager, group="counter")
    assert response.status_code == 200, response.text
    body = response.json()
    assert {row["key"]: figures(row) for row in body["rows"]} == EXPECTED_COUNTERS
    assert figures(body["total"]) == EXPECTED_TOTAL


@pytest.mark.parametrize("params", [
    {"from": "2026-03-32"}, {"from": "03/02/2026"}, {"from": "2026-03-04"},
    {"from": "2025-01-01", "to": "2026-03-03"}, {"group": "building"}, {"to": ""},
])
def test_bad_parameters_are_refused_with_422(report_api, manager, params):
    response = report_api.call("GET", "/api/v1/reports", manager, params={**PERIOD, **params})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_payload"


def test_clerk_token_is_forbidden(report_api):
    clerk = report_api.staff_token("clerk-city-1", PASSWORD)
    assert get(report_api, clerk).status_code == 403
    assert get(report_api, clerk, "/api/v1/reports/export.xlsx").status_code == 403


def test_site_manager_sees_only_their_site(report_api):
    token = report_api.staff_token("manager-city", PASSWORD)
    body = get(report_api, token, group="site").json()
    assert [row["key"] for row in body["rows"]] == ["CITY"]
    assert get(report_api, token, site="COMMUNE").status_code == 403


def test_csv_export_has_vietnamese_headings_and_the_api_numbers(report_api, manager):
    api_rows = get(report_api, manager, group="counter").json()
    response = get(report_api, manager, "/api/v1/reports/export.csv", group="counter")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["Quầy", "Mã đơn vị", "Số phiếu đã cấp"]
    assert "Thời gian chờ TB (phút)" in table[0] and "Rất hài lòng" in table[0]
    rows = table[1:table.index([])]  # the unhappy votes' reasons follow a blank line
    assert table[table.index([]) + 1] == ["Lý do chưa hài lòng", "Số lượt chọn"]
    check_against_api(table[0], rows, api_rows, cast=lambda text: text)


def test_xlsx_export_opens_and_agrees_with_the_api(report_api, manager):
    api_rows = get(report_api, manager, group="counter").json()
    response = get(report_api, manager, "/api/v1/reports/export.xlsx", group="counter")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0].startswith("Báo cáo tình hình cấp số, phục vụ")
    assert values[2][:3] == ["Quầy", "Mã đơn vị", "Số phiếu đã cấp"]
    assert values[2][-1] == "Chỉ số hài lòng (0–100)"
    check_against_api(values[2], values[3:], api_rows, cast=lambda value: value)


def check_against_api(header: list, rows: list, report: dict, cast) -> None:
    """Compare every exported row with the API row of the same position."""
    column = {name: index for index, name in enumerate(header)}
    expected_rows = [*report["rows"], report["total"]]
    assert len(rows) == len(expected_rows)
    for row, expected in zip(rows, expected_rows, strict=True):
        def cell(name, row=row):
            value = cast(row[column[name]])
            return None if value in ("", None) else float(value)

        assert cell("Số phiếu đã cấp") == expected["issued"]
        assert cell("Đã phục vụ") == expected["served"]
        assert cell("Vắng mặt") == expected["no_show"]
        assert cell("Chờ quá thời gian mục tiêu") == expected["overdue"]
        wait = expected["avg_wait_s"]
        assert cell("Thời gian chờ TB (phút)") == (None if wait is None else round(wait / 60, 2))
        p90 = expected["p90_wait_s"]
        assert cell("Thời gian chờ – phân vị 90 (phút)") == (
            None if p90 is None else round(p90 / 60, 2))
        assert cell("Rất hài lòng") == expected["votes"]["4"]
        assert cell("Không hài lòng") == expected["votes"]["1"]
        assert cell("Chỉ số hài lòng (0–100)") == expected["satisfaction_index"]


def test_openapi_documents_the_report_endpoints(report_api):
    paths = report_api.call("GET", "/api/openapi.json").json()["paths"]
    assert "/api/v1/reports" in paths and "/api/v1/reports/export.xlsx" in paths
    assert "/api/v1/dashboard" in paths
    names = {p["name"] for p in paths["/api/v1/reports"]["get"]["parameters"]}
    assert names == {"from", "to", "group", "site", "tier", "per_day"}
