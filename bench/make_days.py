"""Write the simulator's sample days (server/samples/days/): reproducible, seeded.

Run from the repository root: python -m bench.make_days
Each day is an arrivals file and a counters file shaped like a commune-level one-stop centre:
fields of very different lengths (land 12–25 min, business 8–12, civil status 4–7,
certification 2–4), a morning peak, the lunch break 11:30–13:30 (citizens keep arriving
before it and wait through it), one ticket in ten priority, one in twenty booked, one in
twenty a no-show, and now and then a transfer to another field.
"""

import csv
import random
from datetime import timedelta
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "server" / "samples" / "days"
# code → (share of arrivals, median service seconds, spread)
FIELDS = {"DD": (0.25, 1080, 0.35), "KD": (0.15, 600, 0.25), "HT": (0.30, 330, 0.3),
          "CT": (0.30, 170, 0.3)}
OFFICE = "07:30-11:30;13:30-17:00"
# Arrivals per half hour from 07:00 (index 0) to 17:00; the Monday peak is early morning.
ORDINARY = [2, 6, 8, 8, 7, 6, 6, 5, 4, 2, 0, 0, 1, 3, 6, 6, 5, 4, 2, 1]
MONDAY = [4, 12, 14, 12, 9, 7, 6, 5, 4, 2, 0, 0, 1, 3, 6, 6, 5, 3, 2, 1]
LUNCH = [2, 5, 6, 6, 6, 6, 6, 8, 10, 4, 0, 1, 4, 4, 6, 5, 4, 3, 2, 1]
MONTH_END = [2, 6, 8, 9, 8, 7, 7, 6, 5, 2, 0, 0, 2, 5, 8, 9, 9, 8, 6, 2]
COUNTERS = [(1, "DD"), (2, "DD"), (3, "KD;DD"), (4, "HT;CT"), (5, "HT;CT"), (6, "CT;HT;KD")]

DAYS = {
    "monday_rush": (MONDAY, 260, COUNTERS, {}),
    "lunch_break": (LUNCH, 200, COUNTERS, {6: "07:30-11:00;14:00-17:00"}),
    "month_end": (MONTH_END, 300, COUNTERS, {2: "07:30-11:30"}),
    "ordinary_wednesday": (ORDINARY, 170, COUNTERS[:5], {}),
}


def arrivals(weights: list[int], count: int, rng: random.Random) -> list[dict]:
    """Draw ``count`` citizens over the half hours weighted by ``weights``."""
    rows = []
    codes, shares = list(FIELDS), [spec[0] for spec in FIELDS.values()]
    for _ in range(count):
        slot = rng.choices(range(len(weights)), weights)[0]
        seconds = 7 * 3600 + slot * 1800 + rng.randrange(1800)
        code = rng.choices(codes, shares)[0]
        _share, typical, spread = FIELDS[code]
        row = {"arrived_at": _clock(seconds), "service": code,
               "priority": int(rng.random() < 0.10), "appointment_at": "",
               "service_s": max(60, int(rng.lognormvariate(0, spread) * typical)),
               "no_show": int(rng.random() < 0.05), "transfer_to": "", "transfer_s": 0}
        if rng.random() < 0.05 and 7 * 3600 + 1800 <= seconds <= 16 * 3600:
            slot_at = (seconds // 900 + 1) * 900  # booked for the next quarter hour
            row["appointment_at"] = _clock(slot_at)[:5]
        if code == "HT" and rng.random() < 0.03:
            row["transfer_to"], row["transfer_s"] = "CT", int(rng.lognormvariate(0, 0.3) * 170)
        rows.append(row)
    return sorted(rows, key=lambda row: row["arrived_at"])


def _clock(seconds: int) -> str:
    return str(timedelta(seconds=seconds)).zfill(8)


def write_day(name: str, weights, count, counters, hours, seed: int) -> None:
    rng = random.Random(seed)
    rows = arrivals(weights, count, rng)
    with (FOLDER / f"{name}.arrivals.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with (FOLDER / f"{name}.counters.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["counter", "services", "open"])
        for number, services in counters:
            writer.writerow([number, services, hours.get(number, OFFICE)])


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for seed, (name, (weights, count, counters, hours)) in enumerate(DAYS.items(), start=1):
        write_day(name, weights, count, counters, hours, seed)
        print(f"{name}: {count} arrivals, {len(counters)} counters")



if __name__ == "__main__":
    main()
