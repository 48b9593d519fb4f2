"""Rule evaluation speed on synthetic histories, beside a naive day-by-day count.

Run: .venv/bin/python -m bench.bench_rules
Prints, per history size, the median time of `engine.evaluate` (every rule, both conventions,
and the projection of planned trips) and of a naive count of the 365-day rule alone that looks
at every day of every window. The target (issue 2) is 2,000 trips in under 20 ms.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from app.services.engine import evaluate
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan

DESTINATIONS = ("SE", "DE", "ES", "GB", "US", "SJ", "TH")


def synthetic_profile(trips: int, seed: int = 7) -> tuple[Profile, date]:
    """`trips` back-to-back short trips (one every ~3.6 days, so 2,000 span ~20 years) ending in
    2026, a work permit from the first day, and an evaluation date before the last three
    (planned) trips."""
    rng = random.Random(seed)
    offsets: list[tuple[int, int]] = []
    day = 0
    for _ in range(trips):
        day += rng.randint(1, 3)
        back = day + rng.randint(0, 2)
        offsets.append((day, back))
        day = back
    start = date(2026, 12, 31) - timedelta(days=day + 1)
    spans = [
        TripSpan(start + timedelta(days=a), start + timedelta(days=b), rng.choice(DESTINATIONS))
        for a, b in offsets
    ]
    as_of = spans[-3].departure - timedelta(days=1)
    permits = (PermitSpan(PermitKind.WORK, start, None),)
    return Profile(tuple(spans), permits, KeyDates(arrived_on=start)), as_of


def naive_peak_365(profile: Profile, as_of: date) -> int:
    """The 365-day rule's peak the slow way: a set of abroad days, every window counted."""
    abroad: set[date] = set()
    for trip in profile.trips:
        last = min(trip.return_date or as_of, as_of)
        day = trip.departure
        while day <= last:
            abroad.add(day)
            day += timedelta(days=1)
    first = min(abroad)
    peak = 0
    day = first
    while day <= as_of:
        count = sum(1 for k in range(365) if day - timedelta(days=k) in abroad)
        peak = max(peak, count)
        day += timedelta(days=1)
    return peak


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    print(f"{'trips':>8} {'days':>9} {'evaluate ms':>12} {'per 1k days':>12} {'naive ms':>10}")
    for size in (100, 2_000, 100_000):
        profile, as_of = synthetic_profile(size)
        span = (as_of - profile.trips[0].departure).days
        evaluate(profile, as_of)  # warm-up: imports, rule data
        repeat = 21 if size <= 2_000 else 3
        fast = median_ms(lambda p=profile, a=as_of: evaluate(p, a), repeat)
        if size <= 2_000:
            naive = f"{median_ms(lambda p=profile, a=as_of: naive_peak_365(p, a), 1):10.0f}"
            fast_peak = evaluate(profile, as_of).rule("temporary-365")
            assert fast_peak is not None
            assert fast_peak.peak_days == naive_peak_365(profile, as_of)
        else:
            naive = f"{'skipped':>10}"
        print(f"{size:>8} {span:>9} {fast:>12.1f} {fast / span * 1000:>12.3f} {naive}")


if __name__ == "__main__":
    main()
