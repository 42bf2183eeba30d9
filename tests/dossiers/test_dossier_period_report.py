"""The dossier report per period: carried over, received by channel, early to overdue."""

from datetime import UTC, date, datetime

from reports.dossier_period import compute_period_report
from reports.dossiers import DossierQuery
from server.engine import Actor
from server.engine.days import VIETNAM
from server.engine.dossiers import Receipt, receive_dossier
from server.engine.handovers import hand_over
from server.models import CounterOutcome, Dossier

NOVEMBER = DossierQuery(date(2026, 11, 1), date(2026, 11, 30), "site")


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


# received, source, due, original due, finished, status, paused
KNOWN_SET = [
    (at(10, 28), "counter", at(11, 3, 17), None, at(11, 2), "ready", None),       # carried, early
    (at(10, 28), "counter", at(10, 30, 17), None, at(10, 30), "returned", None),  # done before
    (at(11, 5), "counter", at(11, 10, 10), None, at(11, 10, 9), "ready", None),   # on time
    (at(11, 5), "integration", at(11, 10, 10), None, at(11, 10, 11), "ready", None),  # late
    (at(11, 6), "counter", at(11, 14, 17), at(11, 11, 17), at(11, 12), "ready", None),
    # ↑ extended, ended within the new time but after the original: late
    (at(11, 20), "import", at(12, 5, 17), None, None, "in_progress", None),      # in progress
    (at(11, 20), "counter", at(11, 25, 17), None, None, "in_progress", None),    # overdue
    (at(11, 20), "counter", at(11, 25, 17), None, None, "supplement_requested", at(11, 22)),
    # ↑ paused before its due time: in progress
    (at(11, 21), "counter", at(11, 25, 17), None, at(11, 22), "withdrawn", None),
    (at(12, 1), "counter", at(12, 3, 17), None, None, "received", None),         # after
    (at(11, 25), "counter", at(11, 27, 17), None, at(12, 2), "ready", None),     # overdue on 30/11
]


def test_known_answers_of_a_period(session, site):
    for number, (received, source, due, original, finished, status, paused) in enumerate(
            KNOWN_SET):
        session.add(Dossier(
            code=f"P-{number:04d}", site_id=site.id, procedure_name="Chứng thực",
            applicant_name="A", source=source, received_at=received,
            channel="in_person" if source == "counter" else "online", due_at=due,
            due_date=due.astimezone(VIETNAM).date(), original_due_at=original,
            finished_at=finished, status=status, status_changed_at=received,
            clock_paused_at=paused))
    session.add_all([CounterOutcome(site_id=site.id, kind=kind, procedure_name="Chứng thực",
                                    at=at(11, day))
                     for kind, day in (("supplement", 3), ("refused", 4), ("received", 4))])
    session.commit()
    report = compute_period_report(session, NOVEMBER, today=date(2026, 12, 7))
    assert report["as_of"] == "2026-11-30"
    assert {name: report["total"][name] for name in (
        "carried_over", "received", "received_by_channel", "early", "on_time", "late",
        "withdrawn", "in_progress", "overdue", "supplement_guidance", "refused",
        "on_time_rate")} == {
        "carried_over": 1, "received": 8,
        "received_by_channel": {"in_person": 6, "online": 2, "post": 0},
        "early": 1, "on_time": 1, "late": 2, "withdrawn": 1, "in_progress": 2, "overdue": 2,
        "supplement_guidance": 1, "refused": 1, "on_time_rate": 33.3}
    assert [row["key"] for row in report["rows"]] == [site.code]
    # Judged on 25/11 instead, the dossier ended on 2/12 is still within time.
    earlier = compute_period_report(session, NOVEMBER, today=date(2026, 11, 25))
    assert earlier["total"]["overdue"] == 0


def test_by_unit_lateness_is_put_down_to_the_unit_that_held_it(session, site):
    actor = Actor()
    late = receive_dossier(session, site, Receipt(procedure_name="Cấp phép", applicant_name="A",
                                                  processing_days=1), actor, now=at(11, 2))
    hand_over(session, late, "Phòng Kinh tế", actor, at=at(11, 2, 10), now=at(11, 2, 10))
    hand_over(session, late, "Sở Xây dựng", actor, at=at(11, 2, 14), now=at(11, 2, 14))
    # Due 3/11 09:00, while the department of construction held it; back through the
    # economic office, which processed it last.
    hand_over(session, late, "Phòng Kinh tế", actor, at=at(11, 4), now=at(11, 4))
    hand_over(session, late, "centre", actor, at=at(11, 6), now=at(11, 6))
    early = receive_dossier(session, site, Receipt(procedure_name="Cấp phép", applicant_name="B",
                                                   processing_days=3), actor, now=at(11, 2))
    hand_over(session, early, "Phòng Kinh tế", actor, at=at(11, 2, 10), now=at(11, 2, 10))
    hand_over(session, early, "centre", actor, at=at(11, 3), now=at(11, 3))
    receive_dossier(session, site, Receipt(procedure_name="Chứng thực", applicant_name="C",
                                           processing_days=1), actor, now=at(11, 20))
    session.commit()
    report = compute_period_report(session, DossierQuery(date(2026, 11, 1), date(2026, 11, 30),
                                                         "unit"), today=date(2026, 12, 7))
    rows = {row["label"]: (row["early"], row["late"], row["overdue"], row["in_progress"])
            for row in report["rows"]}
    assert rows == {"Sở Xây dựng": (0, 1, 0, 0), "Phòng Kinh tế": (1, 0, 0, 0),
                    site.name: (0, 0, 1, 0)}
