"""Trip planner speed on synthetic histories (issue 6: under 100 ms per query at 2,000 trips).

Run: .venv/bin/python -m bench.bench_planner
Uses the synthetic history of `bench.bench_rules` (back-to-back short trips, a work permit from
the first day, the last three trips planned). Prints the median time of:

- baseline: building a `Planner` (the engine's projection, once per change to the record);
- plan: `Planner.answer` with a return date, what the panel runs on each edit (verdicts, the
  latest safe return under every rule, the permanent-residence and citizenship dates);
- length: `Planner.answer` with a length (the same plus the earliest departure search);
- no date: the earliest departure when none exists within five years (a 200-day trip; the
  citizenship year line rejects every departure at once);
- worst: the same with no permit recorded, so only the rolling 182/365 and Schengen windows
  can reject, and every one of the 1,827 departures is tried against both;
- PR holder: `plan` for a permanent resident, whose loss rule is asked through the engine;
- from assessment: building a `Planner` on the window's assessment of the record
  (`Planner.of(assessment.basis)`), what the planner tab adds to a refresh.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app.services.assessment import assess
from app.services.planner import Planner
from app.services.profile import PermitKind, PermitSpan, Profile
from app.services.rules.basis import Basis
from bench.bench_rules import median_ms, synthetic_profile


def measure(size: int) -> tuple[float, float, float, float, float, float, float]:
    """The seven medians, in milliseconds, for a history of `size` trips."""
    profile, as_of = synthetic_profile(size)
    departure = as_of + timedelta(days=20)
    back = departure + timedelta(days=13)
    repeat = 11 if size <= 2_000 else 3
    baseline = median_ms(lambda: Planner(profile, as_of), repeat)
    planner = Planner(profile, as_of)
    plan = median_ms(lambda: planner.answer(departure, return_date=back, destination="DE"), repeat)
    length = median_ms(lambda: planner.answer(departure, days=14, destination="DE"), repeat)
    # 200 days can never fit 182 in any 365: the search tries every departure.
    assert planner.earliest_departure(200, "DE").departure is None
    none = median_ms(lambda: planner.earliest_departure(200, "DE"), repeat)
    bare = replace(profile, permits=(), key_dates=replace(profile.key_dates, arrived_on=None))
    rolling = Planner(bare, as_of)
    assert rolling.earliest_departure(183, "DE").departure is None
    worst = median_ms(lambda: rolling.earliest_departure(183, "DE"), repeat)
    start = profile.trips[0].departure
    holder = replace(
        profile,
        permits=(
            PermitSpan(PermitKind.WORK, start, start + timedelta(days=3 * 365)),
            PermitSpan(PermitKind.PERMANENT, start + timedelta(days=3 * 365 + 1)),
        ),
    )
    resident = Planner(holder, as_of)
    pr_holder = median_ms(
        lambda: resident.answer(departure, return_date=back, destination="DE"), repeat
    )
    # A fresh assessment for each run, made before the clock starts.
    bases = iter([_basis(profile, as_of) for _ in range(repeat)])
    shared = median_ms(lambda: Planner.of(next(bases)), repeat)
    return baseline, plan, length, none, worst, pr_holder, shared


def _basis(profile: Profile, as_of: date) -> Basis:
    """The record as the window's assessment prepares it (its rules already evaluated)."""
    basis = assess(profile, as_of).basis
    assert basis is not None
    return basis


WIDTHS = (12, 8, 10, 11, 9, 13, 10)


def main() -> None:
    """Print the figures."""
    print(
        f"{'trips':>7} {'baseline ms':>12} {'plan ms':>8} {'length ms':>10} "
        f"{'no date ms':>11} {'worst ms':>9} {'PR holder ms':>13} {'shared ms':>10}"
    )
    for size in (100, 2_000, 10_000):
        figures = measure(size)
        print(
            f"{size:>7} "
            + " ".join(
                f"{f:>{w}.1f}" for f, w in zip(figures, (12, 8, 10, 11, 9, 13, 10), strict=True)
            )
        )


if __name__ == "__main__":
    main()
