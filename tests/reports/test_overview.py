"""The leaders' overview: known answers per site, tier and total on SQLite and PostgreSQL, the
week/month trend, the order of the sites, who may see what over HTTP, and the exports."""

import collections
import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.overview import OverviewQuery, compute_overview, sort_rows, trend_buckets
from server.db import make_engine
from server.engine import call_next, issue_ticket
from server.engine.log import Actor
from server.models import Counter, Dossier, Service, Site, Ticket, User
from server.provision import add_device, add_user, migrate
from tests.support.clients import Api
from tests.support.server import LiveServer

from .conftest import loaded
from .dataset import EXPECTED_SITES, EXPECTED_TOTAL, PASSWORD, local

pytestmark = pytest.mark.live

PERIOD = {"from": "2026-03-02", "to": "2026-03-03"}
TODAY = date(2026, 3, 20)
FORMULA_SITE = "=HYPERLINK(\"http://x\")"
QUEUE_FIGURES = ("issued", "served", "no_show", "overdue", "avg_wait_s", "p90_wait_s",
                 "votes", "satisfaction_index")
CITY = {**EXPECTED_SITES["CITY"], "avg_service_s": 368.6, "overdue_share": 44.4}
COMMUNE = {**EXPECTED_SITES["COMMUNE"], "avg_service_s": 300.0, "overdue_share": 50.0}
TOTAL = {name: EXPECTED_TOTAL[name] for name in QUEUE_FIGURES} | {
    "avg_service_s": 360.0, "overdue_share": 45.5}
# The dossier report per period's figures: the overdue open dossier counts late in the rate;
# the one returned took 2/3 09:00 → 3/3 15:00, 690 office minutes of 450 a day.
CITY_DOSSIERS = {"carried_over": 0, "received": 3, "early": 0, "on_time": 1, "late": 0,
                 "in_progress": 1, "overdue": 1, "withdrawn": 0, "guidance": 0, "refusals": 0,
                 "on_time_rate": 50.0, "avg_processing_days": 1.53}
EMPTY = {"issued": 0, "served": 0, "no_show": 0, "overdue": 0, "avg_wait_s": None,
         "p90_wait_s": None, "avg_service_s": None, "overdue_share": None,
         "votes": {"1": 0, "2": 0, "3": 0, "4": 0}, "satisfaction_index": None}


def add_dossiers_and_an_idle_site(session) -> None:
    """CITY receives dossiers (on time, overdue, in progress, one after the period); a third,
    commune-level site whose name a spreadsheet would run as a formula has no tickets."""
    session.add(Site(code="IDLE", name=FORMULA_SITE, rollover_at=time(0, 0), tier="commune"))
    city = session.scalar(select(Site).where(Site.code == "CITY"))
    for number, (received, due, finished, status) in enumerate([
            ("03-02 09:00", date(2026, 3, 3), "03-03 15:00", "returned"),
            ("03-02 10:00", date(2026, 3, 2), None, "received"),
            ("03-03 10:00", date(2026, 3, 10), None, "in_progress"),
            ("03-05 10:00", date(2026, 3, 9), None, "received")]):
        session.add(Dossier(code=f"OV-{number}", site_id=city.id, procedure_name="Chứng thực",
                            applicant_name="Nguyễn Văn An", received_at=local(received),
                            due_date=due, status=status, status_changed_at=local(received),
                            finished_at=local(finished) if finished else None))
    session.flush()


def pick(row: dict, names=(*QUEUE_FIGURES, "avg_service_s", "overdue_share")) -> dict:
    return {name: row[name] for name in names}


@pytest.fixture(scope="module")
def overview_session(report_session):
    add_dossiers_and_an_idle_site(report_session)
    return report_session


def test_sites_tiers_and_total_match_the_known_answers(overview_session):
    report = compute_overview(overview_session, OverviewQuery(date(2026, 3, 2), date(2026, 3, 3)),
                              TODAY, now=datetime(2026, 3, 20, tzinfo=UTC))
    rows = {row["key"]: row for row in report["rows"]}
    assert [row["key"] for row in report["rows"]] == ["CITY", "IDLE", "COMMUNE"]
    assert [row["tier"] for row in report["rows"]] == ["province", "commune", "commune"]
    assert pick(rows["CITY"]) == CITY
    assert pick(rows["COMMUNE"]) == COMMUNE
    assert pick(rows["IDLE"]) == EMPTY
    assert rows["CITY"]["dossiers"] == CITY_DOSSIERS
    assert rows["COMMUNE"]["dossiers"] is None and rows["IDLE"]["dossiers"] is None
    tiers = {tier["key"]: tier for tier in report["tiers"]}
    assert list(tiers) == ["province", "commune"]
    assert (tiers["province"]["sites"], tiers["commune"]["sites"]) == (1, 2)
    assert pick(tiers["province"]) == CITY and pick(tiers["commune"]) == COMMUNE
    assert tiers["province"]["dossiers"] == CITY_DOSSIERS and tiers["commune"]["dossiers"] is None
    assert pick(report["total"]) == TOTAL
    assert report["total"]["sites"] == 3 and report["total"]["dossiers"] == CITY_DOSSIERS
    assert report["as_of"] == "2026-03-03"


def test_site_rows_count_each_sites_own_tickets(overview_session):
    """Counted in SQL here, not through the report's own tally."""
    start, end = date(2026, 3, 2), date(2026, 3, 3)
    report = compute_overview(overview_session, OverviewQuery(start, end), TODAY)
    counted = defaultdict(collections.Counter)
    for code, status in overview_session.execute(
            select(Site.code, Ticket.status).join(Ticket, Ticket.site_id == Site.id)
            .where(Ticket.service_day.between(start, end))):
        counted[code].update(["issued", status])
    assert counted["CITY"]["issued"] and counted["COMMUNE"]["issued"]
    for row in report["rows"]:
        tickets = counted[row["key"]]
        assert (row["issued"], row["served"], row["no_show"]) == (
            tickets["issued"], tickets["done"], tickets["no_show"]), row["key"]


@pytest.mark.parametrize("trend", ["week", "month"])
def test_the_overview_from_rollups_equals_the_raw_tally(overview_session, trend):
    query = OverviewQuery(date(2026, 2, 23), date(2026, 3, 8), trend=trend)
    now = datetime(2026, 3, 20, tzinfo=UTC)
    assert compute_overview(overview_session, query, TODAY, now) == compute_overview(
        overview_session, query, TODAY, now, rollups=False)


def test_a_tier_row_is_computed_over_its_tickets_not_averaged(overview_session):
    report = compute_overview(overview_session, OverviewQuery(date(2026, 3, 2), date(2026, 3, 3)),
                              TODAY)
    # p90 of all 10 called tickets (950 s) is neither site's p90 (1200 s, 800 s).
    assert report["total"]["p90_wait_s"] == 950.0
    assert {row["p90_wait_s"] for row in report["rows"]} == {1200.0, 800.0, None}


def test_trend_splits_the_period_by_week_and_by_month(overview_session):
    weekly = compute_overview(overview_session, OverviewQuery(
        date(2026, 2, 23), date(2026, 3, 8), trend="week"), TODAY)
    assert weekly["trend_unit"] == "week"
    assert [(point["from"], point["to"]) for point in weekly["trend"]] == [
        ("2026-02-23", "2026-03-01"), ("2026-03-02", "2026-03-08")]
    assert pick(weekly["trend"][0]) == EMPTY
    # The second week also holds the ticket issued at 00:30 on 4 March.
    assert weekly["trend"][1]["issued"] == weekly["total"]["issued"] == 12
    monthly = compute_overview(overview_session, OverviewQuery(
        date(2026, 1, 1), date(2026, 3, 31)), TODAY)
    assert monthly["trend_unit"] == "month"
    assert [point["issued"] for point in monthly["trend"]] == [0, 0, 12]


def test_trend_buckets_are_clipped_weeks_and_calendar_months():
    assert trend_buckets(date(2026, 3, 4), date(2026, 3, 17), "week") == [
        (date(2026, 3, 4), date(2026, 3, 8)), (date(2026, 3, 9), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 17))]
    assert trend_buckets(date(2025, 11, 15), date(2026, 2, 3), "month") == [
        (date(2025, 11, 15), date(2025, 11, 30)), (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 3))]
    assert OverviewQuery(date(2026, 1, 1), date(2026, 3, 3)).trend_unit == "week"
    assert OverviewQuery(date(2026, 1, 1), date(2026, 3, 4)).trend_unit == "month"


def test_sorting_keeps_tiers_together_and_empty_values_last():
    def row(key, tier, wait, received=None):
        return {"key": key, "label": key, "tier": tier, "avg_wait_s": wait,
                "dossiers": {"received": received} if received is not None else None}
    rows = [row("Phường Đức Xuân", "commune", 300, 4), row("Phường 10", "commune", None),
            row("Phường 2", "commune", 900, 1), row("Tỉnh", "province", 100),
            row("Phường Bắc", "commune", 600)]
    assert [r["key"] for r in sort_rows(rows, "avg_wait_s", descending=True)] == [
        "Tỉnh", "Phường 2", "Phường Bắc", "Phường Đức Xuân", "Phường 10"]
    assert [r["key"] for r in sort_rows(rows, "name")] == [
        "Tỉnh", "Phường 2", "Phường 10", "Phường Bắc", "Phường Đức Xuân"]
    assert [r["key"] for r in sort_rows(rows, "dossiers_received")][:3] == [
        "Tỉnh", "Phường 2", "Phường Đức Xuân"]


# --- over HTTP -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def overview_api(tmp_path_factory):
    """A live server over the data set with dossiers, a site admin of the commune and devices."""
    instance = tmp_path_factory.mktemp("overview-instance")
    tokens = {}
    with loaded(f"sqlite:///{instance / 'qms.sqlite3'}") as session:
        add_dossiers_and_an_idle_site(session)
        commune = session.scalar(select(Site).where(Site.code == "COMMUNE"))
        city = session.scalar(select(Site).where(Site.code == "CITY"))
        add_user(session, "admin-commune", PASSWORD, "admin", site=commune)
        for kind, options in (("kiosk", {}), ("display", {}), ("vote-pad", {"counter_number": 1}),
                              ("integration", {}), ("print-agent", {"printer_uri": "agent://"})):
            _device, tokens[kind] = add_device(session, city, "kiosk" if kind == "print-agent"
                                               else kind, f"Thiết bị {kind}", **options)
        session.commit()
    server = LiveServer(instance).start()
    api = Api(server.url)
    yield api, tokens
    server.stop()


def get(api, token, path="/api/v1/reports/overview", **params):
    return api.call("GET", path, token, params={**PERIOD, **params})


@pytest.mark.parametrize(("username", "sites"), [
    ("admin-all", ["CITY", "IDLE", "COMMUNE"]),      # the province's administrator
    ("manager-all", ["CITY", "IDLE", "COMMUNE"]),    # a province-level leader
    ("manager-city", ["CITY"]),                      # the provincial centre's manager
    ("admin-commune", ["COMMUNE"]),                  # a commune's administrator
])
def test_each_role_sees_the_sites_it_may(overview_api, username, sites):
    api, _tokens = overview_api
    response = get(api, api.staff_token(username, PASSWORD))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [row["key"] for row in body["rows"]] == sites
    assert body["total"]["sites"] == len(sites)
    if sites == ["CITY"]:
        assert pick(body["total"]) == CITY and body["total"]["dossiers"] == CITY_DOSSIERS


def test_one_tier_exports_no_subtotal_that_repeats_the_total(overview_api):
    api, _tokens = overview_api
    response = get(api, api.staff_token("manager-city", PASSWORD),
                   "/api/v1/reports/overview/export.csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in table[1:table.index([])]] == [
        "Trung tâm thành phố", "Tổng cộng (1 đơn vị)"]


def test_a_site_user_cannot_reach_another_site(overview_api):
    api, _tokens = overview_api
    token = api.staff_token("manager-city", PASSWORD)
    response = get(api, token, site="COMMUNE")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "other_site"
    assert get(api, token, "/api/v1/reports/overview/export.csv",
               site="COMMUNE").status_code == 403


def test_tier_narrows_a_province_wide_overview(overview_api):
    api, _tokens = overview_api
    body = get(api, api.staff_token("manager-all", PASSWORD), tier="commune").json()
    assert [row["key"] for row in body["rows"]] == ["IDLE", "COMMUNE"]
    assert [tier["key"] for tier in body["tiers"]] == ["commune"]
    assert pick(body["total"]) == COMMUNE


def test_clerks_are_refused(overview_api):
    api, _tokens = overview_api
    clerk = api.staff_token("clerk-city-1", PASSWORD)
    for path in ("/api/v1/reports/overview", "/api/v1/reports/overview/export.xlsx"):
        response = get(api, clerk, path)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "wrong_role"


@pytest.mark.parametrize("kind", ["kiosk", "display", "vote-pad", "integration", "print-agent"])
def test_devices_are_refused(overview_api, kind):
    api, tokens = overview_api
    response = get(api, tokens[kind])
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "device_not_allowed"


def test_without_a_login_the_answer_is_401(overview_api):
    api, _tokens = overview_api
    assert get(api, None).status_code == 401


@pytest.mark.parametrize(("params", "field_message"), [
    ({"from": "2026-03-04"}, "“Từ ngày” không được sau “Đến ngày”"),
    ({"from": "2026-02-30"}, "ngày có thật"),
    ({"trend": "year"}, "theo tuần hoặc theo tháng"),
    ({"sort": "password"}, "sắp xếp"),
    ({"tier": "district"}, "Cấp"),
    ({"colour": "red"}, "vui lòng chọn lại"),
])
def test_bad_parameters_get_a_422_that_names_the_field(overview_api, params, field_message):
    api, _tokens = overview_api
    response = get(api, api.staff_token("manager-all", PASSWORD), **params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_payload"
    assert field_message in error["message"] and error["message_en"]


def test_csv_export_follows_the_api_with_subtotals_and_neutral_formulas(overview_api):
    api, _tokens = overview_api
    token = api.staff_token("manager-all", PASSWORD)
    body = get(api, token, sort="avg_wait_s", desc="1").json()
    response = get(api, token, "/api/v1/reports/overview/export.csv", sort="avg_wait_s",
                   desc="1")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert "bao-cao-tong-hop-2026-03-02-2026-03-03.csv" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:4] == ["Cấp", "Đơn vị", "Mã đơn vị", "Số phiếu đã cấp"]
    sites = table[1:table.index([])]
    assert [row[2] for row in sites] == ["CITY", "", "COMMUNE", "IDLE", "", ""]
    assert [row[2] for row in sites if row[2]] == [row["key"] for row in body["rows"]]
    assert sites[3][1] == "'" + FORMULA_SITE
    assert sites[1][1] == "Cộng trung tâm cấp tỉnh (1 đơn vị)"
    assert sites[-1][1] == "Tổng cộng (3 đơn vị)"
    column = {name: index for index, name in enumerate(table[0])}
    assert sites[-1][column["Số phiếu đã cấp"]] == "11"
    assert sites[-1][column["Thời gian chờ TB (phút)"]] == str(round(484.0 / 60, 2))
    assert sites[-1][column["Tỷ lệ chờ quá thời gian mục tiêu (%)"]] == "45.5"
    assert sites[0][column["Hồ sơ quá hạn chưa giải quyết"]] == "1"
    assert sites[2][column["Hồ sơ tiếp nhận"]] == ""  # no dossiers at the commune
    trend = table[table.index([]) + 1:]
    assert trend[0][:3] == ["Tuần", "Từ ngày", "Đến ngày"]
    assert trend[1][:4] == ["1", "02/03/2026", "03/03/2026", "11"]


def test_xlsx_export_has_numbers_text_and_the_trend_sheet(overview_api):
    api, _tokens = overview_api
    response = get(api, api.staff_token("admin-all", PASSWORD),
                   "/api/v1/reports/overview/export.xlsx", trend="week")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tổng hợp"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0].startswith("Tổng hợp tình hình phục vụ") and "02/03/2026" in values[0][0]
    assert values[2][:3] == ["Cấp", "Đơn vị", "Mã đơn vị"]
    by_code = {row[2]: row for row in values[3:] if row[2]}
    assert by_code["CITY"][3] == 9 and isinstance(by_code["CITY"][3], int)
    idle = next(cell for cell in sheet["B"] if cell.value == "'" + FORMULA_SITE)
    assert idle.data_type == "s"
    assert values[-1][1] == "Tổng cộng (3 đơn vị)" and values[-1][3] == 11
    trend = [list(row) for row in workbook["Xu hướng"].iter_rows(values_only=True)]
    assert trend[2][:3] == ["Tuần", "Từ ngày", "Đến ngày"]
    assert trend[3][1].date() == date(2026, 3, 2) and trend[3][3] == 11


def test_openapi_documents_the_overview(overview_api):
    api, _tokens = overview_api
    paths = api.call("GET", "/api/openapi.json").json()["paths"]
    for path in ("", "/export.csv", "/export.xlsx"):
        operation = paths["/api/v1/reports/overview" + path]["get"]
        assert {p["name"] for p in operation["parameters"]} == {
            "from", "to", "site", "tier", "trend", "sort", "desc"}


# 09:00 in Hà Nội on Wednesday 25 November; the week before holds one closed ticket a site.
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.mark.postgres
@pytest.mark.slow
def test_todays_open_tickets_count_once_in_rows_tiers_total_and_trend(tmp_path):
    url = f"sqlite:///{tmp_path / 'today.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        for code, tier in (("TINH", "province"), ("XA1", "commune"), ("XA2", "commune")):
            site = Site(code=code, name=f"Một cửa {code}", tier=tier)
            session.add(site)
            session.flush()
            service = Service(site_id=site.id, code="DD", name="Đất đai", number_start=1001,
                              number_end=1999, target_wait_s=600)
            session.add(service)
            session.flush()
            counter = Counter(site_id=site.id, number=1, name="Quầy 1", services=[service])
            clerk = User(username=f"{code.lower()}-quay1", password_hash="!", role="clerk",
                         site_id=site.id)
            session.add_all([counter, clerk])
            session.flush()
            actor = Actor(user_id=clerk.id)
            # One from Friday, served as today's calls begin; today one served, one at the
            # counter, one waiting.
            for minutes in (-5 * 24 * 60, -60, -50, -40):
                issue_ticket(session, site, "DD", now=NOW + timedelta(minutes=minutes))
            for minutes in (-5 * 24 * 60 + 5, -30, -20):
                call_next(session, counter, actor, now=NOW + timedelta(minutes=minutes))
        session.commit()
        query = OverviewQuery(date(2026, 11, 19), date(2026, 11, 25), trend="week")
        report = compute_overview(session, query, NOW.date(), NOW)
        assert report == compute_overview(session, query, NOW.date(), NOW, rollups=False)
    engine.dispose()
    assert [(row["issued"], row["served"]) for row in report["rows"]] == [(4, 2)] * 3
    assert [(tier["key"], tier["issued"], tier["served"]) for tier in report["tiers"]] == [
        ("province", 4, 2), ("commune", 8, 4)]
    assert (report["total"]["issued"], report["total"]["served"]) == (12, 6)
    assert [point["issued"] for point in report["trend"]] == [3, 9]
