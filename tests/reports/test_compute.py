"""Report figures over the generated data set, on SQLite and PostgreSQL."""

from datetime import date

from sqlalchemy import select

from reports.compute import ReportQuery, compute_report
from reports.stats import percentile_nearest_rank, satisfaction_index
from server.models import Site, Ticket

from .dataset import (
    CLERK_OF_COUNTER,
    END,
    EXPECTED_COUNTERS,
    EXPECTED_SERVICES,
    EXPECTED_SITES,
    EXPECTED_TOTAL,
    START,
    local,
)

FIGURES = ("issued", "served", "no_show", "transferred", "overdue", "avg_wait_s", "p90_wait_s",
           "avg_service_s", "p90_service_s", "votes", "satisfaction_index")


def figures(row: dict, keys=FIGURES) -> dict:
    return {key: row[key] for key in keys}


def by_key(report: dict) -> dict:
    return {row["key"]: row for row in report["rows"]}


def test_counter_rows_and_total_match_the_hand_worked_answers(report_session):
    report = compute_report(report_session, ReportQuery(START, END, "counter"))
    rows = by_key(report)
    assert set(rows) == set(EXPECTED_COUNTERS)
    for key, expected in EXPECTED_COUNTERS.items():
        assert figures(rows[key]) == expected, key
    assert figures(report["total"]) == EXPECTED_TOTAL


def test_clerk_rows_equal_their_counters_rows(report_session):
    counters = by_key(compute_report(report_session, ReportQuery(START, END, "counter")))
    clerks = by_key(compute_report(report_session, ReportQuery(START, END, "clerk")))
    for counter_key, clerk_key in CLERK_OF_COUNTER.items():
        assert figures(clerks[clerk_key]) == figures(counters[counter_key])


def test_consolidated_site_rows_and_service_rows(report_session):
    sites = by_key(compute_report(report_session, ReportQuery(START, END, "site")))
    assert [key for key in sites] == ["CITY", "COMMUNE"]
    for code, expected in EXPECTED_SITES.items():
        assert figures(sites[code], expected) == expected
    services = by_key(compute_report(report_session, ReportQuery(START, END, "service")))
    for key, (issued, served, overdue) in EXPECTED_SERVICES.items():
        assert (services[key]["issued"], services[key]["served"],
                services[key]["overdue"]) == (issued, served, overdue)


def test_one_site_report_leaves_other_sites_out(report_session):
    city = report_session.scalar(select(Site).where(Site.code == "CITY"))
    report = compute_report(report_session, ReportQuery(START, END, "counter", (city.id,)))
    assert set(by_key(report)) == {"CITY/1", "CITY/2", None}
    assert report["total"]["issued"] == 9


def test_days_are_vietnam_service_days_not_utc_dates(report_session):
    query = ReportQuery(START, date(2026, 3, 4), "counter", per_day=True)
    rows = [row for row in compute_report(report_session, query)["rows"] if row["key"] == "CITY/2"]
    assert [(row["day"], row["issued"]) for row in rows] == [
        ("2026-03-02", 2), ("2026-03-03", 1), ("2026-03-04", 1)]
    # The 00:30 ticket was issued on 03-03 in UTC, yet reports count it on 03-04.
    assert local("03-04 00:30").date() == date(2026, 3, 3)
    assert rows[2]["votes"] == {"1": 0, "2": 0, "3": 0, "4": 1}


def test_still_waiting_ticket_becomes_overdue_once_past_target(report_session):
    city = report_session.scalar(select(Site).where(Site.code == "CITY"))
    service = city.services[0]  # A, target 600 s
    ticket = Ticket(site_id=city.id, service_id=service.id, original_service_id=service.id,
                    service_day=date(2026, 3, 5), sequence=1, number="W1", public_code="wait-1",
                    status="waiting", issued_at=local("03-05 10:00"),
                    queued_at=local("03-05 10:00"))
    report_session.add(ticket)
    report_session.flush()
    try:
        query = ReportQuery(date(2026, 3, 5), date(2026, 3, 5), "site", (city.id,))
        early = compute_report(report_session, query, now=local("03-05 10:05"))
        late = compute_report(report_session, query, now=local("03-05 10:11"))
        assert (early["total"]["overdue"], late["total"]["overdue"]) == (0, 1)
    finally:
        report_session.rollback()


def test_idle_counters_show_as_zero_rows(report_session):
    report = compute_report(report_session, ReportQuery(date(2026, 1, 1), date(2026, 1, 1),
                                                        "counter"))
    assert [row["key"] for row in report["rows"]] == ["CITY/1", "CITY/2", "COMMUNE/1"]
    assert all(row["issued"] == 0 and row["avg_wait_s"] is None for row in report["rows"])


def test_nearest_rank_percentile_and_index():
    assert percentile_nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 9
    assert percentile_nearest_rank([5]) == 5
    assert percentile_nearest_rank([3, 1, 2]) == 3
    assert percentile_nearest_rank([]) is None
    assert satisfaction_index({"1": 1, "2": 0, "3": 0, "4": 1}) == 50.0
    assert satisfaction_index({"1": 0, "2": 0, "3": 0, "4": 0}) is None
