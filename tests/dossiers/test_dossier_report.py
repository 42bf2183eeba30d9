"""A known-answer set of dossiers gives exact counts per period on SQLite and PostgreSQL; a
period's carried-over is the previous period's still open; the page, the API, the CSV and the
Excel file agree."""

import csv
import io
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from reports.dossier_period import compute_period_report, period_state
from reports.dossiers import DossierQuery
from server.models import CounterOutcome, Dossier, Site, User
from server.storage import unit_of_work
from tests.support.browser import log_in
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer
from tests.support.staff import StaffBrowser
from tests.support.tiers import POSTGRES

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screenshots"))

HANOI = timezone(timedelta(hours=7))
PERIOD = {"from": "2026-10-01", "to": "2026-10-31"}


def at(day: str, clock: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=HANOI)


# site, received, due, finished (local), status, procedure
KNOWN_SET = [
    ("TPBK", at("2026-10-05"), "2026-10-08", at("2026-10-07"), "returned", "Cấp phép xây dựng"),
    # A due date alone is due at the close of office, 17:00: ready at 16:59 is on time.
    ("TPBK", at("2026-10-05"), "2026-10-08", at("2026-10-08", "16:59"), "ready",
     "Cấp phép xây dựng"),
    ("TPBK", at("2026-10-06"), "2026-10-09", at("2026-10-10"), "returned", "Chứng thực"),  # late
    ("TPBK", at("2026-10-20"), "2026-11-05", None, "in_progress", "Chứng thực"),  # within time
    ("TPBK", at("2026-10-10"), "2026-10-20", None, "received", "=HYPERLINK(\"x\")"),  # overdue
    ("TPBK", at("2026-10-12"), "2026-10-20", at("2026-11-02"), "ready", "Chứng thực"),
    # ↑ ended after the period: overdue as of 31/10
    ("DUCXUAN", at("2026-10-15"), "2026-10-16", at("2026-10-16"), "returned", "Hộ tịch"),
    ("DUCXUAN", at("2026-10-15"), "2026-10-16", at("2026-10-15"), "withdrawn", "Hộ tịch"),
    ("DUCXUAN", at("2026-09-30", "23:30"), "2026-10-02", None, "received", "Hộ tịch"),  # before
    ("DUCXUAN", at("2026-10-31", "23:59"), "2026-11-03", None, "received", "Hộ tịch"),  # inside
    ("TPBK", at("2026-11-01", "00:10"), "2026-11-04", None, "received", "Chứng thực"),  # after
]
# Papers not received at the counter: site, kind, when (local), procedure.
KNOWN_OUTCOMES = [
    ("TPBK", "supplement", at("2026-10-05", "10:00"), "Chứng thực"),
    ("TPBK", "supplement", at("2026-10-31", "16:00"), "Chứng thực"),
    ("TPBK", "refused", at("2026-10-06"), "Cấp phép xây dựng"),
    ("TPBK", "received", at("2026-10-06"), "Chứng thực"),  # counted as its dossier, not here
    ("TPBK", "supplement", at("2026-11-01", "08:00"), "Chứng thực"),  # after the period
]
# Channels other than in person, by row of KNOWN_SET.
CHANNELS = {3: "online", 9: "post"}
EXPECTED = {
    "TPBK": {"carried_over": 0, "received": 6, "in_person": 5, "online": 1, "post": 0,
             "early": 1, "on_time": 1, "late": 1, "withdrawn": 0, "in_progress": 1,
             "overdue": 2, "supplement_guidance": 2, "refused": 1, "on_time_rate": 40.0,
             "avg_processing_days": 3.2},
    "DUCXUAN": {"carried_over": 1, "received": 3, "in_person": 2, "online": 0, "post": 1,
                "early": 0, "on_time": 1, "late": 0, "withdrawn": 1, "in_progress": 1,
                "overdue": 1, "supplement_guidance": 0, "refused": 0, "on_time_rate": 50.0,
                "avg_processing_days": 1.0},
    None: {"carried_over": 1, "received": 9, "in_person": 7, "online": 1, "post": 1,
           "early": 1, "on_time": 2, "late": 1, "withdrawn": 1, "in_progress": 2, "overdue": 3,
           "supplement_guidance": 2, "refused": 1, "on_time_rate": 42.9,
           "avg_processing_days": 2.65},
}
FIGURES = list(EXPECTED[None])


def seed_known_set(centre) -> None:
    app = centre.app()
    with unit_of_work(app) as session:
        sites = {site.code: site.id for site in session.scalars(select(Site))}
        clerk = session.scalar(select(User).where(User.username == "quay6"))
        for number, (site, received, due, finished, status, procedure) in enumerate(KNOWN_SET):
            session.add(Dossier(
                code=f"KA-{number:04d}", site_id=sites[site], procedure_name=procedure,
                applicant_name="Nguyễn Văn An", received_at=received,
                due_date=date.fromisoformat(due), status=status, status_changed_at=received,
                finished_at=finished, clerk_id=clerk.id if site == "TPBK" else None,
                channel=CHANNELS.get(number, "in_person")))
        for site, kind, moment, procedure in KNOWN_OUTCOMES:
            session.add(CounterOutcome(site_id=sites[site], kind=kind, at=moment,
                                       procedure_name=procedure, clerk_id=clerk.id))
    app.extensions["qms_engine"].dispose()


def number(cell: str, decimal: str = "."):
    """Read a figure as written in a CSV cell (1234.5) or on the page (1.234,5; – for none)."""
    if cell in ("", "–"):
        return None
    if decimal == ",":
        cell = cell.replace(".", "").replace(",", ".")
    return float(cell) if "." in cell else int(cell)


def figures(row: dict) -> dict:
    flat = row | row["received_by_channel"]
    return {name: flat[name] for name in FIGURES}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def reporting(request, tmp_path_factory):
    if request.param == "postgresql":
        with temporary_database() as url:
            yield from _serve(tmp_path_factory.mktemp("report-pg"), url)
    else:
        yield from _serve(tmp_path_factory.mktemp("report-sqlite"), None)


def _serve(instance, url):
    centre = provision_demo(instance, url)
    seed_known_set(centre)
    server = LiveServer(centre.instance, env={"QMS_DATABASE_URL": centre.database_url}).start()
    api = Api(server.url)
    yield centre, server, api, api.staff_token("quanly", centre.password)
    server.stop()


def test_known_answers_by_site(reporting):
    _centre, _server, api, manager = reporting
    report = api.call("GET", "/api/v1/reports/dossiers", manager,
                      params=PERIOD | {"group": "site"}).json()
    assert report["as_of"] == "2026-10-31"
    assert {row["key"]: figures(row) for row in report["rows"]} == {
        "TPBK": EXPECTED["TPBK"], "DUCXUAN": EXPECTED["DUCXUAN"]}
    assert figures(report["total"]) == EXPECTED[None]
    # The next period starts with what this one left open.
    november = api.call("GET", "/api/v1/reports/dossiers", manager,
                        params={"from": "2026-11-01", "to": "2026-11-30"}).json()
    assert november["total"]["carried_over"] == (
        report["total"]["in_progress"] + report["total"]["overdue"]) == 5
    assert november["total"]["received"] == 1


def test_page_csv_and_excel_agree_with_the_api(reporting):
    centre, server, api, manager = reporting
    params = PERIOD | {"group": "procedure"}
    report = api.call("GET", "/api/v1/reports/dossiers", manager, params=params).json()
    assert figures(report["total"]) == EXPECTED[None]
    by_label = {(row["label"], row["site"]): row for row in report["rows"]}
    assert figures(by_label[("Chứng thực", "TPBK")]) == {
        "carried_over": 0, "received": 3, "in_person": 2, "online": 1, "post": 0, "early": 0,
        "on_time": 0, "late": 1, "withdrawn": 0, "in_progress": 1, "overdue": 1,
        "supplement_guidance": 2, "refused": 0, "on_time_rate": 0.0, "avg_processing_days": 3.8}

    csv_rows = list(csv.reader(io.StringIO(api.call(
        "GET", "/api/v1/reports/dossiers/export.csv", manager, params=params
    ).content.decode("utf-8-sig"))))
    assert csv_rows[0][:4] == ["Thủ tục", "Mã đơn vị", "Kỳ trước chuyển sang",
                               "Tiếp nhận trong kỳ"]
    workbook = load_workbook(io.BytesIO(api.call(
        "GET", "/api/v1/reports/dossiers/export.xlsx", manager, params=params).content))
    sheet_rows = [list(row) for row in workbook.active.iter_rows(min_row=4, values_only=True)]
    assert "31/10/2026" in workbook.active["A1"].value

    page = StaffBrowser(server.url, "quanly", centre.password).get(
        "/reports/dossiers?" + "&".join(f"{k}={v}" for k, v in params.items())).text
    page_rows = re.findall(r'<tr\s+(?:class="total"\s+)?data-key="[^"]*">(.*?)</tr>', page, re.S)
    assert len(page_rows) == len(report["rows"]) + 1 == len(csv_rows) - 1 == len(sheet_rows)

    for row, csv_row, sheet_row, page_row in zip(
            [*report["rows"], report["total"]], csv_rows[1:], sheet_rows, page_rows,
            strict=True):
        expected = list(figures(row).values())
        assert [number(cell) for cell in csv_row[2:2 + len(FIGURES)]] == expected
        assert sheet_row[2:2 + len(FIGURES)] == expected
        shown = re.findall(r'data-figure="[a-z_.]+">([^<]*)</td>', page_row)
        assert [number(cell, decimal=",") for cell in shown[:len(FIGURES)]] == expected
    # Text from the public is escaped in the page and kept out of Excel formulas.
    assert "=HYPERLINK" not in page.replace("&#34;", '"').split("data-key")[0]
    assert "=HYPERLINK(&#34;x&#34;)" in page or "=HYPERLINK(&quot;x&quot;)" in page
    assert any(cell == "'=HYPERLINK(\"x\")" for row in sheet_rows for cell in row[:1])
    assert "42,9" in StaffBrowser(server.url, "quanly", centre.password).get(
        "/reports/dossiers?from=2026-10-01&to=2026-10-31&group=site").text


def test_reports_need_a_manager_of_the_site(reporting):
    centre, _server, api, _manager = reporting
    clerk = api.staff_token("quay6", centre.password)
    ward = api.staff_token("ducxuan", centre.password)
    assert api.call("GET", "/api/v1/reports/dossiers", clerk, params=PERIOD).status_code == 403
    assert api.call("GET", "/api/v1/reports/dossiers", None, params=PERIOD).status_code == 401
    assert api.call("GET", "/api/v1/reports/dossiers", ward, params=PERIOD).status_code == 403
    bad = api.call("GET", "/api/v1/reports/dossiers", _manager,
                   params={"from": "2026-10-31", "to": "2026-10-01"})
    assert bad.status_code == 422 and "“Từ ngày”" in bad.json()["error"]["message"]


def test_state_is_judged_as_of_a_day(session, site):
    dossier = Dossier(code="X-000001", site_id=site.id, procedure_name="P",
                      applicant_name="A", received_at=at("2026-10-01"),
                      due_date=date(2026, 10, 5), status="ready",
                      status_changed_at=at("2026-10-06"), finished_at=at("2026-10-06"))
    assert period_state(dossier, date(2026, 10, 5)) == "in_progress"
    assert period_state(dossier, date(2026, 10, 6)) == "late"
    # Ready the evening of the due date: after the close of office, so late.
    dossier.finished_at = at("2026-10-05", "17:30")
    assert period_state(dossier, date(2026, 10, 6)) == "late"
    dossier.finished_at = at("2026-10-06")
    session.add(dossier)
    session.commit()
    report = compute_period_report(session, DossierQuery(
        date(2026, 10, 1), date(2026, 10, 31), "clerk"), today=date(2026, 10, 3))
    assert report["as_of"] == "2026-10-03"
    assert figures(report["total"]) == {
        "carried_over": 0, "received": 1, "in_person": 1, "online": 0, "post": 0, "early": 0,
        "on_time": 0, "late": 0, "withdrawn": 0, "in_progress": 1, "overdue": 0,
        "supplement_guidance": 0, "refused": 0, "on_time_rate": None,
        "avg_processing_days": None}


def test_report_page_fits_the_manager_screen(reporting, browser):
    centre, server, _api, _manager = reporting
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server.url, "quanly", centre.password,
           "/reports/dossiers?from=2026-10-01&to=2026-10-31&group=procedure")
    table = page.locator("#dossier-table")
    assert table.locator("tr.total td[data-figure=received]").inner_text() == "9"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"reports-dossiers-{centre.database_url[:6]}-1366x768.png")
    page.click("#lang-toggle")  # in English, the group-by choices and headings are English
    options = page.eval_on_selector_all("select[name=group] option", "os => os.map(o => o.text)")
    assert options == ["Site", "Field", "Procedure", "Unit responsible", "Receiving clerk"]
    assert table.locator("thead th").first.inner_text() == "Procedure"
    assert table.locator("thead th[data-en]").count() == table.locator("thead th").count()
    context.close()
