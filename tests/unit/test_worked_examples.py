"""The worked examples of rules.md §11 (E1-E10), one row per figure, plus hand-checked edges.

Every row evaluates a profile with the engine and checks one figure of one rule's result under
one counting convention. `FIELD` names a `RuleResult` attribute or one of these:
`check.<id>` / `check_status.<id>` (a check's value or status), `route.<id>` (a citizenship
route's earliest date), `year.<yyyy>` / `year_status.<yyyy>` (a row of the per-year table),
`alternative` (the other convention's headline), `projection.<attribute>` (the same rule in
the projection with planned trips).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.services.days import trip_days
from app.services.engine import evaluate
from app.services.profile import (
    Convention,
    KeyDates,
    PermitKind,
    PermitSpan,
    Profile,
    Status,
    TripSpan,
)
from app.services.results import RuleResult

D = date
GREEN, AMBER, RED = Status.GREEN, Status.AMBER, Status.RED
T365 = "temporary-365"
PERIOD = "temporary-permit-period"
PR = "permanent-residence"
LOSS = "permanent-residence-loss"
CIT = "citizenship"
SCHENGEN = "schengen-90-180"


def trip(left: date, back: date | None, destination: str | None = None) -> TripSpan:
    return TripSpan(left, back, destination)


# --- Profiles ----------------------------------------------------------------------------------

E1_OVERLAP = Profile((trip(D(2025, 7, 1), D(2025, 7, 21)), trip(D(2025, 7, 15), D(2025, 7, 25))))
E1_DUPLICATE = Profile((trip(D(2025, 7, 1), D(2025, 7, 21)),) * 2)

E2 = Profile(
    (trip(D(2025, 1, 10), D(2025, 4, 30)), trip(D(2025, 6, 1), D(2025, 8, 12))),
    (PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
)

MULTI_YEAR = (PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2027, 12, 31)),)
E3A = Profile(
    (trip(D(2024, 9, 1), D(2024, 12, 20)), trip(D(2025, 2, 1), D(2025, 4, 25))), MULTI_YEAR
)
E3B = Profile(
    (trip(D(2024, 1, 1), D(2024, 6, 30)), trip(D(2024, 12, 30), D(2024, 12, 31))), MULTI_YEAR
)

E4 = Profile(
    (trip(D(2025, 6, 15), D(2025, 12, 10)), trip(D(2026, 1, 5), D(2026, 1, 12))),
    (PermitSpan(PermitKind.WORK, D(2025, 3, 1), D(2026, 2, 28)),),
)

E5_TRIPS = (
    trip(D(2023, 6, 20), D(2023, 8, 31)),
    trip(D(2023, 12, 15), D(2024, 1, 20)),
    trip(D(2024, 6, 25), D(2024, 8, 30)),
    trip(D(2025, 3, 1), D(2025, 3, 31)),
)
E5_PERMIT = (PermitSpan(PermitKind.WORK, D(2022, 9, 1), D(2026, 8, 31)),)
E5 = Profile(E5_TRIPS, E5_PERMIT)
E5_PLANNED = Profile((*E5_TRIPS, trip(D(2025, 9, 20), D(2025, 9, 28))), E5_PERMIT)

# E6: expired 2024-05-31, applied 2024-08-15 (76 days); expired 2025-05-31, applied 2025-06-20
# (20 days). Once with new permits starting after the application, once with renewals that
# start the day after the expiry but were applied for late.
E6_LATER = Profile(
    permits=(
        PermitSpan(PermitKind.WORK, D(2022, 6, 1), D(2024, 5, 31)),
        PermitSpan(PermitKind.WORK, D(2024, 9, 1), D(2025, 5, 31), applied_on=D(2024, 8, 15)),
        PermitSpan(PermitKind.WORK, D(2025, 7, 1), D(2027, 6, 30), applied_on=D(2025, 6, 20)),
    )
)
E6_RENEWED = Profile(
    permits=(
        PermitSpan(PermitKind.WORK, D(2022, 6, 1), D(2024, 5, 31)),
        PermitSpan(PermitKind.WORK, D(2024, 6, 1), D(2025, 5, 31), applied_on=D(2024, 8, 15)),
        PermitSpan(PermitKind.WORK, D(2025, 6, 1), D(2027, 5, 31), applied_on=D(2025, 6, 20)),
    )
)

# E7/E8: arrived 2017-08-15 on a permit granted before entry, renewed in time ever since.
E8_PERMITS = (
    PermitSpan(PermitKind.WORK, D(2017, 8, 15), D(2020, 8, 14), granted_before_entry=True),
    PermitSpan(PermitKind.WORK, D(2020, 8, 15), D(2023, 8, 14), applied_on=D(2020, 6, 1)),
    PermitSpan(PermitKind.WORK, D(2023, 8, 15), D(2026, 8, 14), applied_on=D(2023, 6, 1)),
)
E7 = Profile(
    (
        trip(D(2024, 7, 1), D(2024, 8, 31)),
        trip(D(2024, 10, 10), D(2024, 10, 20)),
        trip(D(2025, 12, 27), D(2026, 1, 3)),
    ),
    E8_PERMITS,
    KeyDates(arrived_on=D(2017, 8, 15)),
    sufficient_income=True,
)

PERMANENT_2020 = (PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),)
E9A = Profile((trip(D(2023, 3, 1), D(2025, 3, 5)),), PERMANENT_2020)
E9B = Profile(
    (
        trip(D(2021, 1, 10), D(2021, 12, 20)),
        trip(D(2022, 7, 1), D(2023, 6, 30)),
        trip(D(2024, 1, 2), D(2024, 2, 20)),
    ),
    PERMANENT_2020,
)
E9C = Profile((*E9B.trips[:2], trip(D(2024, 1, 2), D(2024, 3, 10))), PERMANENT_2020)

E10 = Profile(
    (trip(D(2025, 3, 1), D(2025, 4, 14), "SE"), trip(D(2025, 5, 1), D(2025, 6, 14), "DE"))
)
E10_LONGER = Profile((E10.trips[0], trip(D(2025, 5, 1), D(2025, 6, 15), "DE")))

# Edges.
LEAP_YEAR = Profile((trip(D(2023, 7, 1), D(2024, 6, 30)),))
OVER_THE_EDGE = Profile((trip(D(2023, 6, 25), D(2023, 7, 5)),))
SAME_DAY = Profile((trip(D(2025, 9, 5), D(2025, 9, 5)),))
UNDER_WAY = Profile((trip(D(2025, 6, 1), None),))
PLANNED = Profile((trip(D(2025, 3, 1), D(2025, 3, 10)), trip(D(2025, 7, 1), D(2025, 7, 10))))
CROSSING = Profile((trip(D(2025, 5, 25), D(2025, 6, 5)),))


# --- Reading a figure --------------------------------------------------------------------------


def figure(profile: Profile, as_of: date, convention: Convention, rule_id: str, field: str) -> Any:
    """One figure of one rule's result (see the module docstring for `field`)."""
    ev = evaluate(profile, as_of, convention)
    result = ev.rule(rule_id)
    head, _, key = field.partition(".")
    if head == "projection":
        assert ev.projection is not None
        if key in ("through", "planned_trips"):
            return getattr(ev.projection, key)
        result = next(r for r in ev.projection.rules if r.id == rule_id)
        head, _, key = key.partition(".")
    assert isinstance(result, RuleResult), f"{rule_id} does not apply"
    if head in ("check", "check_status"):
        check = next(c for c in result.checks if c.id == key)
        return check.value if head == "check" else check.status
    if head == "route":
        return next(r.earliest_met for r in result.routes if r.id == key)
    if head in ("year", "year_status"):
        row = next(y for y in result.years if y.year == int(key))
        return row.days if head == "year" else row.status
    if head == "alternative":
        assert result.alternative is not None
        return (result.alternative.convention, result.alternative.days_abroad)
    return getattr(result, head)


INC, W, N = "inclusive", "whole_days", "nights"

ROWS = [
    # E1: overlapping entries 07-01→07-21 and 07-15→07-25 merge to 07-01→07-25 (not 21+11).
    pytest.param(E1_OVERLAP, D(2025, 12, 31), INC, T365, "days_abroad", 25, id="E1-overlap-incl"),
    pytest.param(E1_OVERLAP, D(2025, 12, 31), W, T365, "days_abroad", 23, id="E1-overlap-whole"),
    # nights: 07-01 … 07-24
    pytest.param(E1_OVERLAP, D(2025, 12, 31), N, T365, "days_abroad", 24, id="E1-overlap-nights"),
    # the same trip entered twice counts once
    pytest.param(E1_DUPLICATE, D(2025, 12, 31), INC, T365, "days_abroad", 21, id="E1-duplicate"),
    # E2: 111 + 73 = 184 in one 365-day window → breach
    pytest.param(E2, D(2025, 8, 12), INC, T365, "days_abroad", 184, id="E2-incl-days"),
    pytest.param(E2, D(2025, 8, 12), INC, T365, "status", RED, id="E2-incl-status"),
    # the 183rd day abroad
    pytest.param(
        E2, D(2025, 8, 12), INC, T365, "first_breach", D(2025, 8, 11), id="E2-incl-breach"
    ),
    pytest.param(E2, D(2025, 8, 12), INC, T365, "peak_days", 184, id="E2-incl-peak"),
    # "UDI may count 180 (within the limit)"
    pytest.param(E2, D(2025, 8, 12), INC, T365, "alternative", (W, 180), id="E2-incl-alternative"),
    # whole: 109 + 71 = 180 → no breach, 2 days of margin
    pytest.param(E2, D(2025, 8, 12), W, T365, "days_abroad", 180, id="E2-whole-days"),
    pytest.param(E2, D(2025, 8, 12), W, T365, "status", GREEN, id="E2-whole-status"),
    pytest.param(E2, D(2025, 8, 12), W, T365, "first_breach", None, id="E2-whole-no-breach"),
    pytest.param(E2, D(2025, 8, 12), W, T365, "days_left", 2, id="E2-whole-margin"),
    # E3a: the window ending 2025-04-25 starts 2024-04-26 and holds 195 / 191
    pytest.param(E3A, D(2025, 4, 25), INC, T365, "window_start", D(2024, 4, 26), id="E3a-window"),
    pytest.param(E3A, D(2025, 4, 25), INC, T365, "days_abroad", 195, id="E3a-incl-days"),
    pytest.param(E3A, D(2025, 4, 25), INC, T365, "status", RED, id="E3a-incl-status"),
    pytest.param(
        E3A, D(2025, 4, 25), INC, T365, "first_breach", D(2025, 4, 13), id="E3a-incl-breach"
    ),
    pytest.param(E3A, D(2025, 4, 25), W, T365, "days_abroad", 191, id="E3a-whole-days"),
    pytest.param(E3A, D(2025, 4, 25), W, T365, "status", RED, id="E3a-whole-status"),
    pytest.param(
        E3A, D(2025, 4, 25), W, T365, "first_breach", D(2025, 4, 16), id="E3a-whole-breach"
    ),
    # the calendar-year totals that look safe: 2024 111 / 109, 2025 84 / 82
    pytest.param(E3A, D(2025, 4, 25), INC, CIT, "year.2024", 111, id="E3a-incl-2024"),
    pytest.param(E3A, D(2025, 4, 25), INC, CIT, "year.2025", 84, id="E3a-incl-2025"),
    pytest.param(E3A, D(2025, 4, 25), W, CIT, "year.2024", 109, id="E3a-whole-2024"),
    pytest.param(E3A, D(2025, 4, 25), W, CIT, "year.2025", 82, id="E3a-whole-2025"),
    # E3b: 182 + 2; the leap-year window 2024-01-01 … 2024-12-30 (365 days) holds 183
    pytest.param(
        E3B, D(2024, 12, 31), INC, T365, "first_breach", D(2024, 12, 30), id="E3b-incl-breach"
    ),
    pytest.param(E3B, D(2024, 12, 31), INC, T365, "peak_days", 183, id="E3b-incl-peak"),
    pytest.param(
        E3B, D(2024, 12, 31), INC, T365, "peak_date", D(2024, 12, 30), id="E3b-incl-peak-on"
    ),
    # the window ending 12-31 starts 01-02: 181 + 2
    pytest.param(E3B, D(2024, 12, 31), INC, T365, "days_abroad", 183, id="E3b-incl-days"),
    # … while the calendar year 2024 holds 184
    pytest.param(E3B, D(2024, 12, 31), INC, CIT, "year.2024", 184, id="E3b-incl-calendar-year"),
    # whole: 180 + 0 = 180 → no breach
    pytest.param(E3B, D(2024, 12, 31), W, T365, "days_abroad", 180, id="E3b-whole-days"),
    pytest.param(E3B, D(2024, 12, 31), W, T365, "first_breach", None, id="E3b-whole-no-breach"),
    pytest.param(E3B, D(2024, 12, 31), W, T365, "status", GREEN, id="E3b-whole-status"),
    # E4: one-year permit (365 days): 179 + 8 = 187 abroad, cap ⌊365/2⌋ = 182
    pytest.param(E4, D(2026, 2, 28), INC, PERIOD, "days_abroad", 187, id="E4-incl-days"),
    pytest.param(E4, D(2026, 2, 28), INC, PERIOD, "status", RED, id="E4-incl-status"),
    pytest.param(E4, D(2026, 2, 28), INC, PERIOD, "lenient_limit", 182, id="E4-cap"),
    # a "six months" reading could be as low as 180 abroad (§0.3)
    pytest.param(E4, D(2026, 2, 28), INC, PERIOD, "limit", 180, id="E4-conservative-cap"),
    # hand-checked: 179 by 12-10, then 180 on 01-05, 181 on 01-06 (> 180), 183 on 01-08 (> 182)
    pytest.param(
        E4, D(2026, 2, 28), INC, PERIOD, "first_warning", D(2026, 1, 6), id="E4-incl-warn"
    ),
    pytest.param(
        E4, D(2026, 2, 28), INC, PERIOD, "first_breach", D(2026, 1, 8), id="E4-incl-breach"
    ),
    # whole: 177 + 6 = 183, 182 in Norway → breach by one day
    pytest.param(E4, D(2026, 2, 28), W, PERIOD, "days_abroad", 183, id="E4-whole-days"),
    pytest.param(E4, D(2026, 2, 28), W, PERIOD, "status", RED, id="E4-whole-status"),
    # hand-checked: 177 by 12-09, then 01-06 … 01-11 bring 178 … 183
    pytest.param(E4, D(2026, 2, 28), W, PERIOD, "first_warning", D(2026, 1, 9), id="E4-whole-warn"),
    pytest.param(
        E4, D(2026, 2, 28), W, PERIOD, "first_breach", D(2026, 1, 11), id="E4-whole-breach"
    ),
    # E5: window 2022-10-02 … 2025-10-01 (1096 days); 73 + 37 + 67 + 31 = 208 → GREEN
    pytest.param(E5, D(2025, 10, 1), INC, PR, "window_start", D(2022, 10, 2), id="E5-window"),
    pytest.param(E5, D(2025, 10, 1), INC, PR, "days_abroad", 208, id="E5-incl-days"),
    pytest.param(E5, D(2025, 10, 1), INC, PR, "status", GREEN, id="E5-incl-status"),
    # budget 2 days
    pytest.param(E5, D(2025, 10, 1), INC, PR, "days_left", 2, id="E5-incl-budget"),
    # whole: 71 + 35 + 65 + 29 = 200, budget 10
    pytest.param(E5, D(2025, 10, 1), W, PR, "days_abroad", 200, id="E5-whole-days"),
    pytest.param(E5, D(2025, 10, 1), W, PR, "status", GREEN, id="E5-whole-status"),
    pytest.param(E5, D(2025, 10, 1), W, PR, "days_left", 10, id="E5-whole-budget"),
    # §2.5: the first date e ≥ start + 3 years, all tests GREEN
    pytest.param(E5, D(2025, 10, 1), INC, PR, "earliest_met", D(2025, 9, 1), id="E5-incl-met"),
    pytest.param(E5, D(2025, 10, 1), W, PR, "earliest_met", D(2025, 9, 1), id="E5-whole-met"),
    # the planned trip 2025-09-20 → 09-28 seen on 2025-09-01: 208 now, 217 → RED in the plan
    pytest.param(E5_PLANNED, D(2025, 9, 1), INC, PR, "days_abroad", 208, id="E5-plan-now"),
    pytest.param(
        E5_PLANNED, D(2025, 9, 1), INC, PR, "projection.days_abroad", 217, id="E5-plan-incl"
    ),
    pytest.param(
        E5_PLANNED, D(2025, 9, 1), INC, PR, "projection.status", RED, id="E5-plan-incl-red"
    ),
    # whole: 207 → GREEN
    pytest.param(
        E5_PLANNED, D(2025, 9, 1), W, PR, "projection.days_abroad", 207, id="E5-plan-whole"
    ),
    pytest.param(E5_PLANNED, D(2025, 9, 1), W, PR, "projection.status", GREEN, id="E5-plan-green"),
    # the trip taken: 217 on 2025-10-01
    pytest.param(E5_PLANNED, D(2025, 10, 1), INC, PR, "days_abroad", 217, id="E5-taken-incl"),
    pytest.param(E5_PLANNED, D(2025, 10, 1), INC, PR, "status", RED, id="E5-taken-incl-red"),
    # hand-checked: 2023-06-20 … 06-26 must leave the window (7 days): met again 2026-06-26
    pytest.param(
        E5_PLANNED, D(2025, 10, 1), INC, PR, "earliest_met", D(2026, 6, 26), id="E5-taken-met"
    ),
    # whole: 207 stays GREEN, met since 2025-09-01
    pytest.param(E5_PLANNED, D(2025, 10, 1), W, PR, "status", GREEN, id="E5-taken-whole"),
    pytest.param(
        E5_PLANNED, D(2025, 10, 1), W, PR, "earliest_met", D(2025, 9, 1), id="E5-taken-whole-met"
    ),
    # E6: 76 + 20 = 96 days without a permit → RED (> 92); the convention does not matter
    pytest.param(E6_LATER, D(2025, 10, 1), INC, PR, "check.gaps", 96, id="E6-gaps"),
    pytest.param(E6_LATER, D(2025, 10, 1), INC, PR, "check_status.gaps", RED, id="E6-gaps-red"),
    pytest.param(E6_LATER, D(2025, 10, 1), INC, PR, "status", RED, id="E6-status"),
    pytest.param(E6_LATER, D(2025, 10, 1), W, PR, "check.gaps", 96, id="E6-whole-gaps"),
    pytest.param(E6_LATER, D(2025, 10, 1), W, PR, "status", RED, id="E6-whole-status"),
    # late renewals that start the day after the expiry leave the same gaps
    pytest.param(E6_RENEWED, D(2025, 10, 1), INC, PR, "check.gaps", 96, id="E6-renewed-gaps"),
    pytest.param(E6_RENEWED, D(2025, 10, 1), INC, PR, "status", RED, id="E6-renewed-status"),
    # E7: 2024: 62 + 11 = 73 (whole 60 + 9 = 69) → all deducted (RED)
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "year.2024", 73, id="E7-incl-2024"),
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "year_status.2024", RED, id="E7-incl-2024-deducted"),
    pytest.param(E7, D(2026, 3, 1), W, CIT, "year.2024", 69, id="E7-whole-2024"),
    pytest.param(E7, D(2026, 3, 1), W, CIT, "year_status.2024", RED, id="E7-whole-2024-deducted"),
    # 2025: 5 (whole 4) → no deduction
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "year.2025", 5, id="E7-incl-2025"),
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "year_status.2025", GREEN, id="E7-incl-2025-kept"),
    pytest.param(E7, D(2026, 3, 1), W, CIT, "year.2025", 4, id="E7-whole-2025"),
    # 2026: 3 (whole 2) → no deduction; this year's headline
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "year.2026", 3, id="E7-incl-2026"),
    pytest.param(E7, D(2026, 3, 1), W, CIT, "year.2026", 2, id="E7-whole-2026"),
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "days_abroad", 3, id="E7-incl-this-year"),
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "status", GREEN, id="E7-incl-status"),
    # E8: 8 of 11 met 2025-08-14 without deductions; + 73 deducted days → 2025-10-26
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "route.main", D(2025, 10, 26), id="E8-incl-main"),
    # whole: + 69 days → 2025-10-22
    pytest.param(E7, D(2026, 3, 1), W, CIT, "route.main", D(2025, 10, 22), id="E8-whole-main"),
    # evaluated before the goal (the 2025-12-27 trip still planned): the same dates
    pytest.param(E7, D(2025, 6, 1), INC, CIT, "route.main", D(2025, 10, 26), id="E8-early-incl"),
    pytest.param(E7, D(2025, 6, 1), W, CIT, "route.main", D(2025, 10, 22), id="E8-early-whole"),
    # 6 of 10 with income ≥ 3G: 2023-08-14 under both (the 2024 deduction comes later)
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "route.income", D(2023, 8, 14), id="E8-incl-income"),
    pytest.param(E7, D(2026, 3, 1), W, CIT, "route.income", D(2023, 8, 14), id="E8-whole-income"),
    pytest.param(E7, D(2026, 3, 1), INC, CIT, "earliest_met", D(2023, 8, 14), id="E8-earliest"),
    # E9a: 2023-03-01 → 2025-03-05: RED on 2025-02-28, the day before the second anniversary
    pytest.param(E9A, D(2025, 3, 5), INC, LOSS, "status", RED, id="E9a-incl-status"),
    pytest.param(
        E9A, D(2025, 3, 5), INC, LOSS, "first_breach", D(2025, 2, 28), id="E9a-incl-breach"
    ),
    # hand-checked: AMBER from 90 days before that
    pytest.param(
        E9A, D(2025, 3, 5), INC, LOSS, "first_warning", D(2024, 11, 30), id="E9a-incl-warn"
    ),
    # 731 days incl already on 2025-02-28
    pytest.param(E9A, D(2025, 2, 28), INC, LOSS, "check.continuous", 731, id="E9a-731-days"),
    pytest.param(E9A, D(2025, 2, 28), INC, LOSS, "status", RED, id="E9a-red-on-the-day"),
    pytest.param(E9A, D(2025, 2, 27), INC, LOSS, "status", AMBER, id="E9a-amber-the-day-before"),
    # whole: the absence starts 2023-03-02
    pytest.param(E9A, D(2025, 3, 5), W, LOSS, "first_breach", D(2025, 3, 1), id="E9a-whole-breach"),
    pytest.param(E9A, D(2025, 3, 5), W, LOSS, "first_warning", D(2024, 12, 1), id="E9a-whole-warn"),
    # E9b: 345 + 184 + 181 counted, 2024's 50 ignored → 710 ≤ 730, no lapse
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "days_abroad", 710, id="E9b-incl-days"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "peak_days", 710, id="E9b-incl-peak"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "status", GREEN, id="E9b-incl-status"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "first_warning", None, id="E9b-incl-no-warning"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "year.2021", 345, id="E9b-2021"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "year.2022", 184, id="E9b-2022"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "year.2023", 181, id="E9b-2023"),
    pytest.param(E9B, D(2024, 12, 31), INC, LOSS, "year.2024", 50, id="E9b-2024"),
    # whole: 706
    pytest.param(E9B, D(2024, 12, 31), W, LOSS, "days_abroad", 706, id="E9b-whole-days"),
    pytest.param(E9B, D(2024, 12, 31), W, LOSS, "status", GREEN, id="E9b-whole-status"),
    # E9c: 2024 = 69 (whole 67) is counted → 779 (773) > 730 → lapse
    pytest.param(E9C, D(2024, 12, 31), INC, LOSS, "days_abroad", 779, id="E9c-incl-days"),
    pytest.param(E9C, D(2024, 12, 31), INC, LOSS, "status", RED, id="E9c-incl-status"),
    pytest.param(E9C, D(2024, 12, 31), W, LOSS, "days_abroad", 773, id="E9c-whole-days"),
    pytest.param(E9C, D(2024, 12, 31), W, LOSS, "status", RED, id="E9c-whole-status"),
    # crystallises when 2024 reaches 59 days (first_warning) and 62 (first_breach)
    pytest.param(
        E9C, D(2024, 12, 31), INC, LOSS, "first_warning", D(2024, 2, 29), id="E9c-incl-59"
    ),
    pytest.param(E9C, D(2024, 12, 31), INC, LOSS, "first_breach", D(2024, 3, 3), id="E9c-incl-62"),
    pytest.param(E9C, D(2024, 12, 31), W, LOSS, "first_warning", D(2024, 3, 1), id="E9c-whole-59"),
    pytest.param(E9C, D(2024, 12, 31), W, LOSS, "first_breach", D(2024, 3, 4), id="E9c-whole-62"),
    # E10: on 2025-06-14 the window 2024-12-17 … 2025-06-14 holds 45 + 45 = 90 → allowed
    pytest.param(
        E10, D(2025, 6, 14), INC, SCHENGEN, "window_start", D(2024, 12, 17), id="E10-window"
    ),
    pytest.param(E10, D(2025, 6, 14), INC, SCHENGEN, "days_abroad", 90, id="E10-90"),
    pytest.param(E10, D(2025, 6, 14), INC, SCHENGEN, "status", GREEN, id="E10-allowed"),
    pytest.param(E10, D(2025, 6, 14), INC, SCHENGEN, "first_breach", None, id="E10-no-overstay"),
    # always counted inclusive, whatever the convention asked for
    pytest.param(E10, D(2025, 6, 14), W, SCHENGEN, "days_abroad", 90, id="E10-whole-still-90"),
    pytest.param(E10, D(2025, 6, 14), W, SCHENGEN, "convention", INC, id="E10-inclusive"),
    # one more day (back 2025-06-15): 91 → overstay on 2025-06-15
    pytest.param(E10_LONGER, D(2025, 6, 15), INC, SCHENGEN, "days_abroad", 91, id="E10-91"),
    pytest.param(E10_LONGER, D(2025, 6, 15), INC, SCHENGEN, "status", RED, id="E10-overstay"),
    pytest.param(
        E10_LONGER, D(2025, 6, 15), INC, SCHENGEN, "first_breach", D(2025, 6, 15), id="E10-on"
    ),
    # … and seen as a plan on 2025-06-01
    pytest.param(
        E10_LONGER,
        D(2025, 6, 1),
        INC,
        SCHENGEN,
        "projection.first_breach",
        D(2025, 6, 15),
        id="E10-planned-overstay",
    ),
    # the same 90 days count as abroad for §§1-4 (whole: 43 + 43)
    pytest.param(E10, D(2025, 6, 14), INC, T365, "days_abroad", 90, id="E10-also-abroad-incl"),
    pytest.param(E10, D(2025, 6, 14), W, T365, "days_abroad", 86, id="E10-also-abroad-whole"),
    # Edge: 2024-02-29 is inside, so the 365-day window ending 2024-06-30 starts 2023-07-02
    pytest.param(
        LEAP_YEAR, D(2024, 6, 30), INC, T365, "window_start", D(2023, 7, 2), id="leap-window"
    ),
    # … and holds 365 of the trip's 366 days (whole: 2023-07-02 … 2024-06-29)
    pytest.param(LEAP_YEAR, D(2024, 6, 30), INC, T365, "days_abroad", 365, id="leap-incl"),
    pytest.param(LEAP_YEAR, D(2024, 6, 30), W, T365, "days_abroad", 364, id="leap-whole"),
    # Edge: a trip over the window's first day counts only from 2023-07-02 (07-02 … 07-05)
    pytest.param(OVER_THE_EDGE, D(2024, 6, 30), INC, T365, "days_abroad", 4, id="edge-incl"),
    # whole: 07-02 … 07-04; nights: 07-02 … 07-04
    pytest.param(OVER_THE_EDGE, D(2024, 6, 30), W, T365, "days_abroad", 3, id="edge-whole"),
    pytest.param(OVER_THE_EDGE, D(2024, 6, 30), N, T365, "days_abroad", 3, id="edge-nights"),
    # one day later the window starts 2023-07-03
    pytest.param(OVER_THE_EDGE, D(2024, 7, 1), INC, T365, "days_abroad", 3, id="edge-next-day"),
    # Edge: a same-day trip is 1 day inclusive, 0 whole
    pytest.param(SAME_DAY, D(2025, 9, 5), INC, T365, "days_abroad", 1, id="same-day-incl"),
    pytest.param(SAME_DAY, D(2025, 9, 5), W, T365, "days_abroad", 0, id="same-day-whole"),
    pytest.param(SAME_DAY, D(2025, 9, 5), N, T365, "days_abroad", 0, id="same-day-nights"),
    # Edge: under way since 2025-06-01, evaluated 2025-06-10: abroad through as_of
    pytest.param(UNDER_WAY, D(2025, 6, 10), INC, T365, "days_abroad", 10, id="under-way-incl"),
    pytest.param(UNDER_WAY, D(2025, 6, 10), W, T365, "days_abroad", 9, id="under-way-whole"),
    pytest.param(UNDER_WAY, D(2025, 6, 10), N, T365, "days_abroad", 10, id="under-way-nights"),
    # … not yet left on the day before
    pytest.param(UNDER_WAY, D(2025, 5, 31), INC, T365, "days_abroad", 0, id="under-way-not-yet"),
    # Edge: a trip after as_of is not counted, but is in the projection (10 + 10)
    pytest.param(PLANNED, D(2025, 6, 1), INC, T365, "days_abroad", 10, id="planned-not-counted"),
    pytest.param(
        PLANNED, D(2025, 6, 1), INC, T365, "projection.days_abroad", 20, id="planned-in-plan"
    ),
    pytest.param(PLANNED, D(2025, 6, 1), W, T365, "projection.days_abroad", 16, id="planned-whole"),
    pytest.param(
        PLANNED, D(2025, 6, 1), INC, T365, "projection.planned_trips", 1, id="planned-count"
    ),
    pytest.param(
        PLANNED,
        D(2025, 6, 1),
        INC,
        T365,
        "projection.through",
        D(2025, 7, 10),
        id="planned-through",
    ),
    # Edge: a trip crossing as_of counts through as_of (05-25 … 06-01), all of it when planned
    pytest.param(CROSSING, D(2025, 6, 1), INC, T365, "days_abroad", 8, id="crossing-now"),
    pytest.param(
        CROSSING, D(2025, 6, 1), INC, T365, "projection.days_abroad", 12, id="crossing-plan"
    ),
    # whole: 05-26 … 06-01 now, 05-26 … 06-04 planned
    pytest.param(CROSSING, D(2025, 6, 1), W, T365, "days_abroad", 7, id="crossing-now-whole"),
    pytest.param(
        CROSSING, D(2025, 6, 1), W, T365, "projection.days_abroad", 10, id="crossing-whole"
    ),
]


@pytest.mark.parametrize(("profile", "as_of", "convention", "rule_id", "field", "expected"), ROWS)
def test_worked_example(
    profile: Profile,
    as_of: date,
    convention: Convention,
    rule_id: str,
    field: str,
    expected: object,
) -> None:
    assert figure(profile, as_of, convention, rule_id, field) == expected


@pytest.mark.parametrize(
    ("left", "back", "incl", "whole", "nights"),
    [
        # E1: a three-week trip
        (D(2025, 7, 1), D(2025, 7, 21), 21, 19, 20),
        # E1: same-day trip
        (D(2025, 9, 5), D(2025, 9, 5), 1, 0, 0),
        # E1: overnight trip
        (D(2025, 9, 5), D(2025, 9, 6), 2, 0, 1),
        # over 29 February
        (D(2024, 2, 28), D(2024, 3, 1), 3, 1, 2),
    ],
)
def test_e1_counting_one_trip(left: date, back: date, incl: int, whole: int, nights: int) -> None:
    one = TripSpan(left, back)
    counts = [trip_days(one, c, D(2025, 12, 31)) for c in ("inclusive", "whole_days", "nights")]
    assert counts == [incl, whole, nights]


def test_e4_one_year_permit_replaces_the_365_day_rule() -> None:
    # E4 is judged on the permit period, not on rolling 365-day windows.
    ev = evaluate(E4, D(2026, 2, 28))
    assert ev.rule(T365) is None
    assert T365 in {n.id for n in ev.not_applicable}


def test_e10_next_full_stay() -> None:
    # E10: the earliest entry allowing a fresh full 90-day stay is 2025-09-13.
    result = evaluate(E10, D(2025, 6, 14)).rule(SCHENGEN)
    assert result is not None
    assert any("2025-09-13" in note for note in result.notes)


def test_schengen_days_count_from_the_day_a_state_joins() -> None:
    # rules.md §6: S is the dates spent in Schengen states other than Norway. Bulgaria is
    # Schengen from 2024-03-31 (resources/countries.json), so a stay there from 2024-03-30 to
    # 2024-06-30 has 92 Schengen days (2024-03-31 … 06-30); the 91st is 2024-06-29. Membership
    # is decided per day, not once per trip on its departure date (an earlier engine bug).
    profile = Profile((trip(D(2024, 3, 30), D(2024, 6, 30), "BG"),))
    result = evaluate(profile, D(2024, 7, 1)).rule(SCHENGEN)
    assert result is not None
    assert (result.days_abroad, result.status, result.first_breach) == (92, RED, D(2024, 6, 29))
