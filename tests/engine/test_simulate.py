"""The simulator: a small day whose answer is known by hand, replayed through the engine."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from server.engine.day_files import (
    DayFileError,
    check_fields,
    read_arrivals,
    read_counters,
    summarise,
    write_outcomes,
)
from server.engine.simulate import Arrival, Desk, Field, simulate_day
from server.models import utcnow

MONDAY = date(2026, 11, 23)
OFFICE = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
DESKS = [Desk(1, ("DD",), OFFICE), Desk(2, ("DD", "HT"), OFFICE)]
ARRIVALS = [
    Arrival(time(11, 0), "DD", service_s=600),
    Arrival(time(11, 1), "DD", service_s=1200),
    Arrival(time(11, 2), "DD", service_s=300),
    Arrival(time(11, 5), "DD", priority=True, service_s=300),
    Arrival(time(11, 6), "HT", service_s=600),
    Arrival(time(11, 25), "DD", service_s=300),
    Arrival(time(11, 29), "DD", service_s=300),
    Arrival(time(13, 31), "DD", service_s=300, no_show=True),
    Arrival(time(13, 32), "DD", service_s=300),
]
# (number, arrived, estimate, low, high, called, counter, wait_s, served_s, no_show), worked
# out by hand. Counter 1 serves land only, counter 2 land and civil status; both break
# 11:30–13:30 (the roster the simulator enters). The estimate starts from each field's
# default of 300 s and spread 0.5; it learns the day's land pace once five are done. Its
# range plays the day with services −50 % and +75 % (no one ahead: the widest) and is at
# least one service × spread (150 s) wide either side of the likely figure, never below 0.
EXPECTED = [
    ("DD1", "11:00:00", 0, 0, 0, "11:00:00", 1, 0, 600, 0),
    ("DD2", "11:01:00", 0, 0, 0, "11:01:00", 2, 0, 1200, 0),
    # DD1 due done at 11:05 (300 s from 11:00): 180 s, 30–330. Passed by the priority
    # ticket that came later; counter 1 overruns with DD1 until 11:10.
    ("DD3", "11:02:00", 180, 30, 330, "11:15:00", 1, 780, 300, 0),
    # DD1 already 300 s in: an overrun is given 30 s more; priority goes first.
    ("DD4", "11:05:00", 30, 0, 180, "11:10:00", 1, 300, 300, 0),
    # both counters due free at 11:06:30: 1 takes DD4, 2 takes DD3 (earlier than HT1)
    # and is free again at 11:11:30; ×0.5 → 11:09 (180 s), ×1.75 → 11:15:15 (555 s).
    ("HT1", "11:06:00", 330, 180, 555, "11:21:00", 2, 900, 600, 0),
    ("DD5", "11:25:00", 0, 0, 0, "11:25:00", 1, 0, 300, 0),
    # counter 2 is due done with HT1 (default 300 s, 480 s in) at 11:29:30, inside its
    # morning: 30 s. Land's pace is now 4 services (2,400 s) + one default, 540 s, and
    # (×5 + 4 samples of hour 11)/9 = 566.7 s: margin 283 s. HT1 really takes 600 s and
    # counter 2 breaks at 11:31: DD6 waits through lunch, a miss no roster can foresee.
    ("DD6", "11:29:00", 30, 0, 313, "13:30:00", 1, 7260, 300, 0),
    # both counters back at 13:30: counter 2 is free
    ("DD7", "13:31:00", 0, 0, 0, "13:31:00", 2, 0, 0, 1),
    # five land services done: pace 540 s, spread 350/540 = 0.648; counter 1 (DD6 from
    # 13:30) due free at 13:39: 420 s, margin 350 s → 70–770. DD7 is a no-show: 13:33.
    ("DD8", "13:32:00", 420, 70, 770, "13:33:00", 2, 60, 300, 0),
]


def _rows(outcomes):
    lines = write_outcomes(outcomes).splitlines()[1:]
    rows = [line.split(",") for line in lines]
    return [(r[0], r[2], int(r[3]), int(r[4]), int(r[5]), r[6], int(r[7]), int(r[8]),
             int(r[9]), int(r[11])) for r in rows]


def test_a_known_day_gives_every_call_time_and_estimate_worked_out_by_hand():
    outcomes = simulate_day(ARRIVALS, DESKS, day=MONDAY)

    assert _rows(outcomes) == EXPECTED
    assert not any(outcome.warned_closing for outcome in outcomes)


def test_the_estimate_reads_the_counters_hours_as_the_sites_roster():
    # Land takes 15 min; one counter breaks at 11:30. The second citizen's turn comes after
    # the first is done at 11:35, past the break: at 13:30, 2 h 9 min after 11:21.
    desks = [Desk(1, ("DD",), OFFICE)]
    arrivals = [Arrival(time(11, 20), "DD", service_s=900),
                Arrival(time(11, 21), "DD", service_s=900)]

    outcomes = simulate_day(arrivals, desks, day=MONDAY,
                            fields=[Field("DD", default_service_s=900)])

    assert [o.estimate_s for o in outcomes] == [0, 7740]
    assert outcomes[1].wait_s == 7740


def test_before_opening_every_rostered_counter_is_counted_with_its_own_fields():
    # At 07:13 both counters are still closed. Counter 1 (business and land) will take the
    # business citizen of 07:07 at 07:30; counter 2 (land only) the land citizen, at 07:30.
    desks = [Desk(1, ("KD", "DD"), OFFICE), Desk(2, ("DD",), OFFICE)]
    arrivals = [Arrival(time(7, 7), "KD", service_s=300),
                Arrival(time(7, 13), "DD", service_s=300)]

    outcomes = simulate_day(arrivals, desks, day=MONDAY)

    assert [o.estimate_s for o in outcomes] == [23 * 60, 17 * 60]
    assert [o.wait_s for o in outcomes] == [23 * 60, 17 * 60]


def test_ratio_policy_lets_a_normal_ticket_through_after_a_priority_one():
    desks = [Desk(1, ("DD",), OFFICE)]
    arrivals = [Arrival(time(8, 0), "DD", priority=True, service_s=600),
                Arrival(time(8, 1), "DD", service_s=60),
                Arrival(time(8, 2), "DD", priority=True, service_s=60)]

    strict = simulate_day(arrivals, desks, day=MONDAY)
    ratio = simulate_day(arrivals, desks, day=MONDAY, policy="ratio", ratio=1)

    def order(outcomes):
        return [o.number for o in sorted(outcomes, key=lambda o: o.called_at)]

    assert order(strict) == ["DD1", "DD3", "DD2"]
    assert order(ratio) == ["DD1", "DD2", "DD3"]


def test_each_ticket_keeps_the_estimate_asked_at_its_issue_on_the_virtual_clock():
    seen = []

    def estimate(session, ticket):
        seen.append((ticket.number, utcnow()))
        return 0, 100 * len(seen)

    outcomes = simulate_day(ARRIVALS[:3], DESKS, day=MONDAY, estimate=estimate)

    assert [o.estimate_s for o in outcomes] == [100, 200, 300]
    assert seen[2] == ("DD3", datetime(2026, 11, 23, 4, 2, tzinfo=UTC))  # 11:02 in Hà Nội
    assert utcnow() > datetime(2026, 12, 1, tzinfo=UTC)  # the real clock is given back


def test_a_ticket_still_waiting_at_closing_is_counted_as_not_called():
    desks = [Desk(1, ("DD",), ((time(16, 0), time(17, 0)),))]
    arrivals = [Arrival(time(16, 0), "DD", service_s=3600),
                Arrival(time(16, 1), "DD", service_s=300)]

    outcomes = simulate_day(arrivals, desks, day=MONDAY)

    assert [o.called_at is None for o in outcomes] == [False, True]
    assert summarise(outcomes)["not_called"] == 1


def test_a_transferred_ticket_is_served_again_in_its_new_field():
    desks = [Desk(1, ("HT",), OFFICE), Desk(2, ("CT",), OFFICE)]
    arrivals = [Arrival(time(8, 0), "HT", service_s=300, transfer_to="CT", transfer_s=120)]

    (outcome,) = simulate_day(arrivals, desks, day=MONDAY)

    assert (outcome.counter, outcome.served_s) == (1, 420)


ARRIVALS_CSV = ("arrived_at,service,priority,appointment_at,service_s,no_show\n"
                "08:00:00,DD,0,,300,0\n08:05:00,HT,1,08:30,200,0\n")
COUNTERS_CSV = "counter,services,open\n1,DD;HT,07:30-11:30;13:30-17:00\n"


def test_the_files_are_read_as_documented():
    arrivals, desks = read_arrivals(ARRIVALS_CSV), read_counters(COUNTERS_CSV)

    assert arrivals[1] == Arrival(time(8, 5), "HT", True, time(8, 30), 200, False)
    assert desks == [Desk(1, ("DD", "HT"), OFFICE)]


@pytest.mark.parametrize(("arrivals", "counters", "named"), [
    (ARRIVALS_CSV.replace("service_s,", ""), COUNTERS_CSV, "row 1: .*missing column service_s"),
    (ARRIVALS_CSV + "07:59:00,DD,0,,300,0\n", COUNTERS_CSV, "row 4"),
    (ARRIVALS_CSV + "09:00:00,XX,0,,300,0\n", COUNTERS_CSV, "row 4"),
    (ARRIVALS_CSV + "09:00:00,DD,2,,300,0\n", COUNTERS_CSV, "row 4"),
    (ARRIVALS_CSV, COUNTERS_CSV + "2,DD,13:00-12:00\n", "row 3"),
])
def test_a_bad_file_is_refused_naming_its_row(arrivals, counters, named):
    with pytest.raises(DayFileError, match=named):
        check_fields(read_arrivals(arrivals), read_counters(counters), None)


def test_a_past_day_is_read_back_as_arrivals_and_counters(session, site):
    from server.engine.counters import call_next, finish
    from server.engine.day_history import history_day
    from server.engine.issue import issue_ticket
    from server.engine.log import Actor
    from server.models import User
    from tests.support.engine import MORNING, counter

    clerk = Actor(user_id=session.scalar(select(User.id).where(User.username == "clerk1")))
    issue_ticket(session, site, "DD", now=MORNING)
    issue_ticket(session, site, "HT", priority=True, now=MORNING + timedelta(minutes=1))
    desk = counter(session, site, 1)
    call_next(session, desk, clerk, now=MORNING + timedelta(minutes=2))
    finish(session, desk, clerk, now=MORNING + timedelta(minutes=9))

    arrivals, desks, fields, tickets = history_day(session, site, MORNING.date())

    assert arrivals == [Arrival(time(9, 0), "DD", False, None, 420, False),
                        Arrival(time(9, 1), "HT", True, None, 300, False)]
    assert [(d.counter, d.services) for d in desks] == [(1, ("DD",))]
    assert {f.code for f in fields} == {"DD", "HT"} and len(tickets) == 2
