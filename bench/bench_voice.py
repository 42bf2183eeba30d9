"""Time announcement synthesis: cold and cached, beside reading one WAV file; then how long
announcements last and when ten calls are heard, beside the TV before calls were merged.

Run from the repository root: python -m bench.bench_voice [--count 200] [--espeak 20]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from voice.announce import announcement_words
from voice.schedule import Call, audio_measure, plan_announcements, spoken_at
from voice.synth import EspeakEngine, Synthesizer, build_synthesizer

OLD_CALL_S = 7.2  # one call on the TV before: a 1.45 s chime, slow clips, gaps; one at a time


def percentiles(seconds: list[float]) -> str:
    """Format p50 and p99 of durations in milliseconds."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {1000 * statistics.median(ordered):8.3f} ms   p99 {1000 * p99:8.3f} ms"


def time_calls(synthesizer: Synthesizer, calls: list[list[str]]) -> tuple[list[float], int]:
    """Synthesise each call; return the durations and the total bytes produced."""
    durations, total = [], 0
    for phrases in calls:
        start = time.perf_counter()
        total += len(synthesizer.synthesize(phrases))
        durations.append(time.perf_counter() - start)
    return durations, total


def time_file_reads(path: Path, count: int) -> list[float]:
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        path.read_bytes()
        durations.append(time.perf_counter() - start)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--espeak", type=int, default=20, help="calls for espeak-ng; 0 skips")
    args = parser.parse_args()
    rng = random.Random(1)
    calls = [
        announcement_words(f"{rng.choice('ABCD')}{rng.randrange(1000):03d}", rng.randrange(1, 25))
        for _ in range(args.count)
    ]
    synthesizer = build_synthesizer(cache_size=args.count)
    cold, total = time_calls(synthesizer, calls)
    cached, _ = time_calls(synthesizer, calls)
    hits, misses = synthesizer.hits, synthesizer.misses
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "call.wav"
        sample.write_bytes(synthesizer.synthesize(calls[0]))
        baseline = time_file_reads(sample, args.count)
    print(f"{args.count} announcements, clip pack, {total // args.count} bytes each on average")
    print(f"  first call (loads clips)  {1000 * cold[0]:.3f} ms")
    print(f"  cold (render)      {percentiles(cold)}")
    print(f"  cached (memory)    {percentiles(cached)}")
    print(f"  baseline: read one WAV file  {percentiles(baseline)}")
    print(f"  cache hits {hits}, misses {misses}")
    if args.espeak and EspeakEngine().available():
        espeak = build_synthesizer(engine="espeak")
        durations, _ = time_calls(espeak, calls[: args.espeak])
        print(f"  espeak-ng cold ({args.espeak} calls)  {percentiles(durations)}")
    print_schedules(synthesizer, rng)


def print_schedules(synthesizer: Synthesizer, rng: random.Random) -> None:
    """Print one call's length and when the tenth of ten calls is heard, old TV beside."""
    lengths = sorted(synthesizer.announce_calls([(str(rng.randrange(1000, 10000)),
                                                  rng.randrange(1, 21))]).duration
                     for _ in range(500))
    print("one call, 4-digit number, counter 1-20, chime included (500 calls):")
    print(f"  median {statistics.median(lengths):.2f} s, longest {lengths[-1]:.2f} s"
          f"   (baseline, the TV before: {OLD_CALL_S} s)")

    def old_tv(calls, chime):
        return OLD_CALL_S * len(calls), [(0.0, OLD_CALL_S)] * len(calls)

    measure = audio_measure(synthesizer)
    print("ten calls, worst of 20 random sets: the last heard after the first call arrived;"
          " the longest wait from a call to its number heard")
    for name, spacing in (("ten at once", (0.0, 0.0)), ("one every 1-2 s", (1.0, 2.0))):
        now, before = [], []
        for _ in range(20):
            at, calls = 0.0, []
            for index in range(10):
                calls.append(Call(index, str(rng.randrange(1000, 10000)), rng.randrange(1, 21), at))
                at += rng.uniform(*spacing)
            for plan, results in ((plan_announcements(calls, measure), now),
                                  (plan_announcements(calls, old_tv, max_calls=1), before)):
                heard = spoken_at(plan)
                results.append((max(heard.values()),
                                max(heard[call.ticket_id] - call.at for call in calls)))
        last, wait = (max(values) for values in zip(*now, strict=True))
        old_last, old_wait = (max(values) for values in zip(*before, strict=True))
        print(f"  {name:16} last {last:5.1f} s, wait {wait:5.1f} s"
              f"   (baseline, the TV before: {old_last:5.1f} s, {old_wait:5.1f} s)")


if __name__ == "__main__":
    main()
