"""Small statistics used by every report: mean, 90th percentile, satisfaction index."""

import math
from collections.abc import Sequence

RATING_VALUES = (1, 2, 3, 4)


def mean(values: Sequence[float]) -> float | None:
    """Return the arithmetic mean rounded to 0.1, or None for no values."""
    if not values:
        return None
    return round(sum(values) / len(values), 1)


def percentile_nearest_rank(values: Sequence[float], percent: float = 90) -> float | None:
    """Return the ``percent``-th percentile by the nearest-rank method.

    Sort the n values ascending and take the one at rank ceil(percent/100 × n) (1-based):
    always an observed value, no interpolation, so SQLite and PostgreSQL agree exactly.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent * len(ordered) / 100))  # 0.9 × 70 would round up to 64
    return round(ordered[rank - 1], 1)


def satisfaction_index(votes: dict[str, int]) -> float | None:
    """Map the mean rating (1..4) to 0..100: (mean − 1) / 3 × 100, rounded to 0.1.

    1 "Không hài lòng" gives 0, 4 "Rất hài lòng" gives 100; None when nobody voted.
    """
    count = sum(votes.values())
    if not count:
        return None
    total = sum(int(rating) * n for rating, n in votes.items())
    return round((total / count - 1) / 3 * 100, 1)


def empty_votes() -> dict[str, int]:
    """Return a vote tally with every rating at zero."""
    return {str(rating): 0 for rating in RATING_VALUES}
