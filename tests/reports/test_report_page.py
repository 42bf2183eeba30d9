"""The /reports page in Chromium shows the same numbers as the API and links the exports."""

import pytest

from .conftest import show_report

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_report_page_table_and_charts_agree_with_the_api(page, report_api, manager):
    api_report = report_api.call("GET", "/api/v1/reports", manager, params={
        "from": "2026-03-02", "to": "2026-03-03", "group": "counter"}).json()
    show_report(page, report_api, "counter")

    headings = page.eval_on_selector_all("#report-table th",
                                         "cells => cells.map(c => c.textContent)")
    rows = page.eval_on_selector_all(
        "#report-table tbody tr",
        "rows => rows.map(r => [r.dataset.key, ...Array.from(r.cells, c => c.textContent)])")
    column = {name: index + 1 for index, name in enumerate(headings)}
    expected = [*api_report["rows"], api_report["total"]]
    assert len(rows) == len(expected)
    for shown, row in zip(rows, expected, strict=True):
        assert shown[0] == (row["key"] or "")
        assert int(shown[column["Đã phục vụ"]]) == row["served"]
        assert int(shown[column["Vắng mặt"]]) == row["no_show"]
        wait = shown[column["Chờ TB (phút)"]]
        assert wait == ("—" if row["avg_wait_s"] is None else _js_number(row["avg_wait_s"] / 60))
        assert int(shown[column["Rất hài lòng"]]) == row["votes"]["4"]
        index = shown[column["Chỉ số hài lòng"]]
        assert index == ("—" if row["satisfaction_index"] is None
                         else _js_number(row["satisfaction_index"]))
    assert page.locator("#chart-votes svg rect").count() == 4 * len(api_report["rows"])
    href = page.get_attribute("#export-xlsx", "href")
    assert href.startswith("/api/v1/reports/export.xlsx?") and "group=counter" in href
    download = page.request.get(report_api.base_url + href)
    assert download.ok and download.body()[:2] == b"PK"


def _js_number(value: float) -> str:
    """Format like the page in Vietnamese: 1.234,5 — two decimals at most, no trailing zeros."""
    rounded = round(value, 2)
    text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
