"""Dashboard and reports in Chromium: dd/mm/yyyy, vi-VN numbers, durations with their units."""

import os
import re
from pathlib import Path

import pytest

from reports.export import minutes
from tests.support.browser import log_in

from .conftest import show_report
from .dataset import PASSWORD

pytestmark = [pytest.mark.live, pytest.mark.browser]

ISO_DATE = re.compile(r"\b20\d\d-[01]\d-[0-3]\d\b")
CLOCK_LIKE = re.compile(r"(?<![\d:])\d{1,3}:\d\d(?![\d:])")


def screenshot(page, tmp_path: Path, name: str) -> None:
    """Save what the screen shows; QMS_SCREENSHOTS=folder keeps them for a person to look at."""
    folder = Path(os.environ.get("QMS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_report_page_per_day_writes_vietnamese_dates_and_numbers(page, report_api, tmp_path):
    log_in(page, report_api.base_url, "manager-all", PASSWORD, "/reports/")
    # Day fields are dd/mm/yyyy text, not the browser's own date picker (its locale's order).
    assert page.get_attribute("input[name=from]", "type") == "text"
    assert re.fullmatch(r"\d\d/\d\d/20\d\d", page.input_value("input[name=to]"))
    page.fill("input[name=from]", "02/03/2026")
    page.fill("input[name=to]", "3/3/2026")
    page.select_option("select[name=group]", "service")
    page.check("input[name=per_day]")
    page.click("#report-form button[type=submit]")
    page.wait_for_function("() => (document.body.dataset.loaded || '').includes('per_day=1')")
    assert "from=2026-03-02&to=2026-03-03" in page.evaluate("document.body.dataset.loaded")
    screenshot(page, tmp_path, "reports-per-day-1366x768")
    table = page.inner_text("#report-table")
    charts = page.inner_text(".charts")
    assert "02/03/2026" in table and "02/03/2026" in charts
    assert not ISO_DATE.search(table) and not ISO_DATE.search(charts)
    waits = page.eval_on_selector_all(
        "#report-table tbody td", "cells => cells.map(c => c.textContent)")
    assert any(re.fullmatch(r"\d+,\d{1,2}", text) for text in waits)  # 12,35 not 12.35
    assert not any(re.fullmatch(r"\d+\.\d{1,2}", text) for text in waits)
    heading = page.inner_text("h1")
    assert heading == "Báo cáo tình hình cấp số, phục vụ và mức độ hài lòng"
    assert "Phân vị 90: 90% số người dân chờ không lâu hơn mức này" in page.inner_text("main")

    page.fill("input[name=from]", "04/03/2026")
    page.click("#report-form button[type=submit]")
    page.locator("#report-error", has_text="“Từ ngày” không được sau “Đến ngày”").wait_for()


def test_dashboard_shows_durations_with_units(page, report_api, tmp_path):
    log_in(page, report_api.base_url, "manager-all", PASSWORD, "/dashboard/")
    page.wait_for_function(
        "() => Number(document.getElementById('dashboard').dataset.refreshes) >= 1")
    # Today has no visits in this data set: the page's own formatter, on a busy morning's figures.
    shown = page.evaluate("() => [725, 3 * 3600 + 65, 0].map(window.qmsFormat.duration)")
    assert shown == ["12 phút 05 giây", "3 giờ 01 phút", "0 phút 00 giây"]
    assert page.evaluate("() => [1234, 12.346, null].map(v => window.qmsFormat.number(v))") == [
        "1.234", "12,35", "—"]
    day = page.inner_text("#service-day")
    assert re.fullmatch(r"\d\d/\d\d/20\d\d", day), day
    text = page.inner_text("#dashboard")
    assert not CLOCK_LIKE.search(text) and not ISO_DATE.search(text)
    assert "Chỉ số hài lòng hôm nay" in text
    assert re.search(r"Rất hài lòng: \d+\s+Hài lòng: \d+\s+Bình thường: \d+\s+"
                     r"Không hài lòng: \d+", text)
    screenshot(page, tmp_path, "dashboard-1366x768")


ROW_NAMES = "#report-table tbody tr:not(.total) td:first-child"


def test_report_by_procedure_names_its_column_and_the_tickets_without_one(page, report_api):
    show_report(page, report_api, "procedure")
    assert page.inner_text("#report-table thead th >> nth=0") == "Thủ tục"
    first_cells = page.eval_on_selector_all(ROW_NAMES, "cells => cells.map(c => c.textContent)")
    assert "Không gắn thủ tục" in first_cells and "Chưa được gọi" not in first_cells
    page.click("#lang-toggle")
    assert page.inner_text("#report-table thead th >> nth=0") == "Procedure"
    first_cells = page.eval_on_selector_all(ROW_NAMES, "cells => cells.map(c => c.textContent)")
    assert "No procedure" in first_cells and "Not called" not in first_cells


SECONDS = [14.7, 0, 0.3, 29.7, 44.7, 89.7, 123.45, 599.7, 3600, 7325.1]


def test_minutes_on_the_page_are_the_minutes_of_the_exports(page, report_api):
    log_in(page, report_api.base_url, "manager-all", PASSWORD, "/reports/")
    shown = page.evaluate("(seconds) => seconds.map(window.qmsFormat.minutes)", SECONDS)
    assert shown == [minutes(s) for s in SECONDS]
    assert minutes(14.7) == 0.25  # 0.245 min: 0,25 on the page, and no longer 0.24 in the CSV
