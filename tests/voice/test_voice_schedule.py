"""The TV's announcement schedule, planned with the real audio lengths of the built-in pack."""

import random

import pytest

from tests.support.services import require_program
from voice.schedule import (
    CHIME_AFTER_S,
    GATHER_S,
    MAX_CALLS,
    Call,
    audio_measure,
    plan_announcements,
    spoken_at,
)
from voice.synth import build_synthesizer

BUDGET_S = 30.0
OLD_CALL_S = 7.2  # one call as the TV spoke it before: long clips, a chime every time


@pytest.fixture(scope="module")
def measure():
    return audio_measure(build_synthesizer(cache_size=512))


def sequential_7_2_s(calls, chime):
    """The old TV: every call alone, 7.2 s each."""
    return OLD_CALL_S * len(calls), [(0.0, OLD_CALL_S)] * len(calls)


def opening_calls():
    """Ten counters call at once at opening: the first tickets of five fields."""
    numbers = ["1001", "2001", "3001", "1002", "4001", "2002", "5001", "1003", "3002", "4002"]
    return [Call(index, number, index + 1, 0.0) for index, number in enumerate(numbers)]


def random_calls(seed, spacing=(0.0, 0.0)):
    """Ten 4-digit tickets called to counters 1-20, `spacing` seconds apart."""
    rng, at, calls = random.Random(seed), 0.0, []
    for index in range(10):
        calls.append(Call(index, str(rng.randrange(1000, 10000)), rng.randrange(1, 21), at))
        at += rng.uniform(*spacing)
    return calls


@pytest.mark.parametrize("calls", [opening_calls(), *(random_calls(seed) for seed in range(5))])
def test_ten_calls_at_once_are_all_spoken_within_30_s(measure, calls):
    plan = plan_announcements(calls, measure)
    spoken = spoken_at(plan)
    assert sorted(spoken) == list(range(10))
    assert max(spoken.values()) <= BUDGET_S
    assert len(plan) == -(-10 // MAX_CALLS)  # merged: two sentences, not ten
    assert [announcement.chime for announcement in plan] == [True, False]
    old = spoken_at(plan_announcements(calls, sequential_7_2_s, max_calls=1))
    assert max(old.values()) > BUDGET_S  # the old TV: the tenth citizen over a minute late


@pytest.mark.parametrize("seed", range(5))
def test_calls_every_one_to_two_seconds_are_each_spoken_within_30_s(measure, seed):
    calls = random_calls(seed, spacing=(1.0, 2.0))
    spoken = spoken_at(plan_announcements(calls, measure))
    delays = [spoken[call.ticket_id] - call.at for call in calls]
    assert max(delays) <= BUDGET_S
    assert spoken[9] - calls[0].at <= BUDGET_S
    old = spoken_at(plan_announcements(calls, sequential_7_2_s, max_calls=1))
    assert max(old[call.ticket_id] - call.at for call in calls) > BUDGET_S


def test_a_lone_call_is_spoken_after_the_gather_pause_with_the_chime(measure):
    plan = plan_announcements([Call(1, "1023", 3, 10.0)], measure)
    assert len(plan) == 1 and plan[0].chime
    assert plan[0].start == pytest.approx(10.0 + GATHER_S)
    assert plan[0].end - plan[0].start <= 4.5


def test_calls_arriving_while_the_tv_speaks_follow_without_a_chime(measure):
    calls = [Call(1, "1023", 3, 0.0), Call(2, "2005", 5, 1.0), Call(3, "3010", 7, 2.0)]
    first, second = plan_announcements(calls, measure)
    assert [call.ticket_id for call in first.calls] == [1]
    assert [call.ticket_id for call in second.calls] == [2, 3]
    assert second.start == first.end and not second.chime
    later = plan_announcements([*calls, Call(4, "1024", 2, second.end + CHIME_AFTER_S + 1)],
                               measure)
    assert later[-1].chime  # after a quiet spell the chime opens the call again


def test_a_recall_of_a_ticket_still_waiting_is_spoken_once(measure):
    calls = [Call(1, "1023", 3, 0.0), Call(2, "2005", 5, 1.0), Call(3, "3010", 7, 1.5),
             Call(2, "2005", 5, 2.0)]  # the clerk at counter 5 recalls before it was spoken
    plan = plan_announcements(calls, measure)
    spoken_ids = [call.ticket_id for announcement in plan for call in announcement.calls]
    assert spoken_ids == [1, 2, 3]
    assert plan[1].calls[0].at == 2.0  # the recall took the waiting call's place


def test_spans_follow_the_sentence(measure):
    plan = plan_announcements(opening_calls(), measure)
    for announcement in plan:
        ends = [announcement.start, *(end for _start, end in announcement.spans)]
        assert all(before <= start < end <= announcement.end
                   for before, (start, end) in zip(ends[:-1], announcement.spans, strict=True))


def test_the_espeak_engine_keeps_the_same_budget():
    require_program("espeak-ng")
    synthesizer = build_synthesizer(engine="espeak", cache_size=64)
    assert synthesizer.announce_calls([("3233", 13)]).duration <= 4.5
    spoken = spoken_at(plan_announcements(random_calls(0), audio_measure(synthesizer)))
    assert max(spoken.values()) <= BUDGET_S
