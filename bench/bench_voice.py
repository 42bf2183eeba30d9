"""Time announcement synthesis: cold and cached, beside reading one WAV file.

Run from the repository root: python -m bench.bench_voice [--count 200] [--espeak 20]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from voice.announce import announcement_words
from voice.synth import EspeakEngine, Synthesizer, build_synthesizer


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


if __name__ == "__main__":
    main()
