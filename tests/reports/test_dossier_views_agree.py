"""The Decision 766 view and the leaders' overview count dossiers as the period report does.

A known set over October and November 2026 at one site, built through the engine (receipt,
supplement request and return, end of the work), judged on 7/12/2026.
"""

from datetime import UTC, date, datetime

import pytest

from reports.decision766 import Query766, compute_766
from reports.dossier_period import compute_period_report
from reports.dossiers import DossierQuery
from reports.overview import OverviewQuery, compute_overview
from server.engine import Actor
from server.engine.days import VIETNAM
from server.engine.dossiers import Receipt, change_status, receive_dossier
from server.models import CounterOutcome
from tests.support import engine as engine_fixtures

session, site = engine_fixtures.session, engine_fixtures.site  # the engine's fixtures

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
TODAY = date(2026, 12, 7)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM).astimezone(UTC)


# received, working days, channel, then (status, when) in order; office hours 07:30–11:30,
# 13:30–17:00 (7.5 h a day), no Saturdays.
KNOWN_SET = {
    # Wed 28/10, due Wed 4/11 09:00, ready Mon 2/11: carried over, early, 3 days.
    "A": (at(10, 28), 5, "in_person", [("ready", at(11, 2))]),
    # Wed 28/10, due Fri 30/10 09:00, ready 30/10 08:00: October's, on time, 1.87 days.
    "G": (at(10, 28), 2, "in_person", [("ready", at(10, 30, 8))]),
    # Thu 29/10, due Fri 30/10 09:00, ready Tue 3/11: overdue in October, late in November.
    "I": (at(10, 29), 1, "in_person", [("ready", at(11, 3))]),
    # Mon 2/11, due Thu 5/11 09:00, ready 5/11 08:00: on time, 2.87 days.
    "B": (at(11, 2), 3, "in_person", [("ready", at(11, 5, 8))]),
    # Mon 2/11, due Wed 4/11 09:00, ready Fri 6/11: late, 4 days.
    "C": (at(11, 2), 2, "in_person", [("ready", at(11, 6))]),
    # Mon 9/11, due Thu 12/11; papers asked for Tue 10/11, back Mon 16/11 (4 working days
    # paused), so due Wed 18/11 09:00; ready 18/11 08:00: on time, 6.87 days of office
    # time of which 4 waited for the citizen: 2.87 days.
    "D": (at(11, 9), 3, "in_person", [("supplement_requested", at(11, 10)),
                                      ("in_progress", at(11, 16)), ("ready", at(11, 18, 8))]),
    # Mon 23/11 online, due Wed 25/11 09:00, still open: overdue.
    "E": (at(11, 23), 2, "online", [("in_progress", at(11, 23, 10))]),
    # Tue 24/11, due Fri 27/11; papers asked for Wed 25/11, not back: in progress.
    "J": (at(11, 24), 3, "in_person", [("supplement_requested", at(11, 25))]),
    # Mon 30/11, due Mon 7/12: in progress.
    "F": (at(11, 30), 5, "in_person", []),
}
FIGURES = ("carried_over", "received", "early", "on_time", "late", "in_progress", "overdue",
           "withdrawn", "on_time_rate", "avg_processing_days")
NOVEMBER_FIGURES = {"carried_over": 2, "received": 6, "early": 1, "on_time": 2, "late": 2,
                    "in_progress": 2, "overdue": 1, "withdrawn": 0, "on_time_rate": 50.0,
                    "avg_processing_days": 3.15}  # (3 + 2.87 + 4 + 2.87 + 3) / 5
OCTOBER_FIGURES = {"carried_over": 0, "received": 3, "early": 0, "on_time": 1, "late": 0,
                   "in_progress": 1, "overdue": 1, "withdrawn": 0, "on_time_rate": 50.0,
                   "avg_processing_days": 1.87}


@pytest.fixture
def known_set(session, site):
    actor = Actor(user_id=None)
    for name, (received, days, channel, steps) in KNOWN_SET.items():
        dossier = receive_dossier(session, site, Receipt(
            procedure_name="Chứng thực", applicant_name=name, processing_days=days), actor,
            channel=channel, now=received)
        for status, when in steps:
            change_status(session, dossier, status, actor, "Thiếu giấy tờ", now=when)
    session.add_all([CounterOutcome(site_id=site.id, kind=kind, procedure_name="Chứng thực",
                                    at=at(11, day)) for kind, day in (("supplement", 3),
                                                                      ("refused", 4))])
    session.commit()
    return site


def three_views(session, period: tuple[date, date]) -> tuple[dict, dict, dict]:
    """The site's dossier figures in the period report, the 766 view and the overview."""
    start, end = period
    report = compute_period_report(session, DossierQuery(start, end, "site"), TODAY)
    (row_766,) = compute_766(session, Query766(start, end), TODAY)["rows"]
    overview = compute_overview(session, OverviewQuery(start, end), TODAY, now=at(12, 7))
    (site_row,) = overview["rows"]
    assert overview["total"]["dossiers"] == site_row["dossiers"]
    assert [tier["dossiers"] for tier in overview["tiers"]] == [site_row["dossiers"]]
    return report["total"], row_766, site_row["dossiers"]


@pytest.mark.parametrize("period, known", [(NOVEMBER, NOVEMBER_FIGURES),
                                           (OCTOBER, OCTOBER_FIGURES)])
def test_the_766_view_and_the_overview_count_as_the_period_report(session, known_set,
                                                                  period, known):
    report, row_766, overview = three_views(session, period)
    assert row_766["on_time_rate"] == overview["on_time_rate"] == report["on_time_rate"]
    assert {name: report[name] for name in FIGURES} == known
    assert {name: overview[name] for name in FIGURES} == known
    assert overview["guidance"] == report["supplement_guidance"]
    assert overview["refusals"] == report["refused"]
    assert (row_766["on_time_rate"], row_766["avg_processing_days"]) == (
        known["on_time_rate"], known["avg_processing_days"])
    assert row_766["counts"]["dossiers_resolved"] == known["early"] + known["on_time"] + known[
        "late"]
    assert row_766["counts"]["dossiers_on_time"] == known["early"] + known["on_time"]
    assert row_766["counts"]["dossiers_overdue"] == known["overdue"]


def test_november_carries_over_what_october_left_open(session, known_set):
    october, _, _ = three_views(session, OCTOBER)
    november, _, overview = three_views(session, NOVEMBER)
    assert november["carried_over"] == october["in_progress"] + october["overdue"] == 2
    assert november["received_by_channel"] == {"in_person": 5, "online": 1, "post": 0}
    assert (overview["guidance"], overview["refusals"]) == (1, 1)


def test_the_time_waiting_for_the_citizens_papers_is_not_processing_time(session, site):
    actor = Actor(user_id=None)
    received, days, channel, steps = KNOWN_SET["D"]
    dossier = receive_dossier(session, site, Receipt(
        procedure_name="Chứng thực", applicant_name="D", processing_days=days), actor,
        channel=channel, now=received)
    for status, when in steps:
        change_status(session, dossier, status, actor, "Thiếu giấy tờ", now=when)
    session.commit()
    # The return moved the due time by the 4 working days paused.
    assert dossier.due_at == at(11, 18)
    report, row_766, overview = three_views(session, NOVEMBER)
    # 9/11 09:00 → 18/11 08:00 is 7 working days less an hour; less the pause 10/11 09:00 →
    # 16/11 09:00 (4 working days): 2 days 6.5 hours = 2.87 days, not 6.87.
    assert (report["on_time"], report["avg_processing_days"]) == (1, 2.87)
    assert overview["avg_processing_days"] == row_766["avg_processing_days"] == 2.87
