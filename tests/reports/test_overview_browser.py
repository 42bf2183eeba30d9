"""The leaders' overview page in Chromium with a province of 100 sites: it holds at both desk
sizes, sorts, totals like the API, draws a named trend chart and drills down to a site."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from server.db import make_engine
from server.provision import migrate
from tests.screens.layout_checks import accessibility_problems, layout_problems
from tests.support.browser import log_in
from tests.support.clients import Api
from tests.support.server import LiveServer

from .province_set import FIRST_DAY, LAST_DAY, PASSWORD, build_province

pytestmark = [pytest.mark.live, pytest.mark.browser]

PERIOD = f"from={FIRST_DAY.isoformat()}&to={LAST_DAY.isoformat()}"


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    instance = tmp_path_factory.mktemp("province-instance")
    url = f"sqlite:///{instance / 'qms.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        build_province(session)
        session.commit()
    engine.dispose()
    server = LiveServer(instance).start()
    api = Api(server.url)
    token = api.staff_token("lanhdao", PASSWORD)
    yield server.url, api.call("GET", "/api/v1/reports/overview", token,
                               params={"from": FIRST_DAY.isoformat(),
                                       "to": LAST_DAY.isoformat()}).json()
    server.stop()


def open_overview(browser, url: str, size: tuple[int, int], username: str = "lanhdao"):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, url, username, PASSWORD, f"/reports/overview?{PERIOD}")
    page.wait_for_function("() => (document.body.dataset.loaded || '').includes('from=')")
    return context, page


def shown_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#overview-table tbody tr, #overview-table tfoot tr",
        "rows => rows.map(r => [r.dataset.key || r.className, ...Array.from(r.cells, "
        "c => c.textContent)])")


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["desk", "wall"])
def test_a_hundred_sites_hold_at_both_sizes(browser, province, tmp_path, size):
    url, report = province
    context, page = open_overview(browser, url, size)
    try:
        page.evaluate("document.fonts.ready")
        folder = Path(os.environ.get("QMS_SCREENSHOT_DIR") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"overview-{size[0]}.png"))
        rows = shown_rows(page)
        assert len(rows) == 100 + 2 + 1  # sites, a subtotal per tier, the total
        assert rows[0][0] == "TINH" and rows[1][0] == "subtotal" and rows[-1][0] == "total"
        assert rows[-1][1] == "Tổng cộng (100 đơn vị)"
        assert rows[-1][2] == f"{report['total']['issued']:,}".replace(",", ".")
        chart = page.locator("#chart-trend svg")
        assert chart.get_attribute("role") == "img"
        name = page.locator("#" + chart.get_attribute("aria-labelledby")).text_content()
        assert name.startswith("Xu hướng theo tuần: Số phiếu đã cấp")
        assert chart.locator("rect").count() == 8
        problems = layout_problems(page, fixed_screen=False) + accessibility_problems(page)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_sorting_by_a_heading_orders_each_tier_and_the_exports(browser, province):
    url, report = province
    context, page = open_overview(browser, url, (1366, 768))
    try:
        page.click("th[data-sort=avg_wait_s] button")
        expect(page.locator("th[data-sort=avg_wait_s]")).to_have_attribute("aria-sort",
                                                                           "descending")
        communes = [row[0] for row in shown_rows(page)[2:-2]]
        expected = sorted((row for row in report["rows"] if row["tier"] == "commune"),
                          key=lambda row: -row["avg_wait_s"])
        assert communes == [row["key"] for row in expected]
        assert "sort=avg_wait_s&desc=1" in page.get_attribute("#export-csv", "href")
        page.click("th[data-sort=avg_wait_s] button")
        expect(page.locator("th[data-sort=avg_wait_s]")).to_have_attribute("aria-sort",
                                                                           "ascending")
        assert [row[0] for row in shown_rows(page)[2:-2]] == communes[::-1]
        page.select_option("#trend-metric", "satisfaction_index")
        assert "Chỉ số hài lòng" in page.locator("#trend-title").text_content()
    finally:
        context.close()


def test_a_site_drills_down_to_its_own_report_for_the_same_period(browser, province):
    url, report = province
    context, page = open_overview(browser, url, (1366, 768))
    try:
        site = report["rows"][5]
        page.click(f"#overview-table tr[data-key={site['key']}] a")
        page.wait_for_url(re.compile(r"/reports/\?site="))
        page.wait_for_function("() => (document.body.dataset.loaded || '').includes('site=')")
        assert page.input_value("input[name=from]") == f"{FIRST_DAY:%d/%m/%Y}"
        assert page.input_value("select[name=site]") == site["key"]
        assert page.input_value("select[name=group]") == "service"
        total = page.locator("#report-table tr.total td").nth(1).text_content()
        assert total == f"{site['issued']:,}".replace(",", ".")
    finally:
        context.close()


def test_a_commune_manager_sees_one_site_and_english_on_the_toggle(browser, province):
    url, _report = province
    context, page = open_overview(browser, url, (1366, 768), "quanlyxa")
    try:
        rows = shown_rows(page)
        assert [row[0] for row in rows] == ["X001", "total"]
        assert rows[-1][1] == "Tổng cộng (1 đơn vị)"
        assert page.locator("select[name=tier]").count() == 0
        page.click("#lang-toggle")
        expect(page.locator("h1")).to_have_text("Overview of all one-stop centres")
        assert shown_rows(page)[-1][1] == "Total (1 site)"
        assert page.locator("#trend-title").text_content().startswith("Trend per week: Tickets")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["desk", "wall"])
def test_a_bad_period_or_a_lost_connection_says_why_in_both_languages(browser, province,
                                                                      tmp_path, size):
    url, _report = province
    context, page = open_overview(browser, url, size)
    error = page.locator("#overview-error")
    try:
        page.fill("input[name=from]", (LAST_DAY + timedelta(days=1)).isoformat())
        page.click("#overview-form button[type=submit]")
        expect(error).to_contain_text("“Từ ngày” không được sau “Đến ngày”")
        folder = Path(os.environ.get("QMS_SCREENSHOT_DIR") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"overview-error-{size[0]}.png"))
        problems = layout_problems(page, fixed_screen=False) + accessibility_problems(page)
        page.click("#lang-toggle")
        expect(error).to_contain_text("“From” must not be after “To”")
        page.click("#lang-toggle")
        page.route("**/api/v1/reports/overview?*", lambda route: route.abort())
        page.fill("input[name=from]", FIRST_DAY.isoformat())
        page.click("#overview-form button[type=submit]")
        expect(error).to_have_text("Không tải được báo cáo, vui lòng thử lại.")
        page.unroute("**/api/v1/reports/overview?*")
        page.click("#overview-form button[type=submit]")
        expect(error).to_be_hidden()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
