"""The trip planner on hand-computed cases (rules.md §11 worked examples and the issue's table).

Each case says how its expected dates were worked out. "incl" is the default convention
(departure and return days count), "whole" counts only whole days abroad.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.engine import evaluate
from app.services.errors import ValidationError
from app.services.planner import Planner, SafeReturn
from app.services.profile import (
    Convention,
    PermitKind,
    PermitSpan,
    Profile,
    Status,
    TripSpan,
)

D = date
WORK = PermitKind.WORK


def latest(planner: Planner, departure: date, rule_id: str, to: str | None = None) -> SafeReturn:
    found = {s.rule_id: s for s in planner.latest_safe_returns(departure, to)}
    return found[rule_id]


# ---------------------------------------------------------------------------------------------
# 182 days in any 365


E2 = Profile(
    trips=(TripSpan(D(2025, 1, 10), D(2025, 4, 30)),),
    permits=(PermitSpan(WORK, D(2024, 1, 1), D(2026, 12, 31)),),
)


@pytest.mark.parametrize(
    ("convention", "expected"),
    [
        # E2: 111 days (incl) before; 111 + (R − 06-01 + 1) ≤ 182 gives R ≤ 08-10.
        ("inclusive", D(2025, 8, 10)),
        # whole: 109 before; the trip adds 06-02 … R−1, so R − 06-02 ≤ 73 gives R ≤ 08-14.
        ("whole_days", D(2025, 8, 14)),
    ],
)
def test_e2_latest_safe_return(convention: Convention, expected: date) -> None:
    planner = Planner(E2, D(2025, 5, 15), convention)
    assert latest(planner, D(2025, 6, 1), "temporary-365") == SafeReturn(
        "temporary-365", expected, expected, horizon_hit=False
    )


def test_e2_verdict_first_breach_and_days_over() -> None:
    # E2: with the trip 06-01 → 08-12 the 183rd day is 2025-08-11; the peak is 111 + 73 = 184.
    plan = Planner(E2, D(2025, 5, 15)).plan(D(2025, 6, 1), D(2025, 8, 12))
    verdict = plan.verdict("temporary-365")
    assert verdict is not None
    assert (verdict.status, verdict.first_breach, verdict.peak_days, verdict.over_by) == (
        Status.RED,
        D(2025, 8, 11),
        184,
        2,
    )
    assert "2025-08-11" in verdict.message
    assert "2 days more than 182" in verdict.message


def test_e2_under_whole_days_is_fine() -> None:
    plan = Planner(E2, D(2025, 5, 15), "whole_days").plan(D(2025, 6, 1), D(2025, 8, 12))
    verdict = plan.verdict("temporary-365")
    assert verdict is not None
    assert verdict.status == Status.GREEN
    assert verdict.peak_days == 180


@pytest.mark.parametrize(
    ("departure", "expected"),
    [
        # E3(b), leap year: the 365-day window ending 2024-12-30 starts 2024-01-01 and already
        # holds the 182 days of 01-01 … 06-30, so even a same-day trip is the 183rd day.
        (D(2024, 12, 30), None),
        # From 12-31 the window starts 2024-01-02: each day added drops one from the spring
        # until the window passes 06-30 (2025-06-29); alone the new trip reaches 183 on 07-01.
        (D(2024, 12, 31), D(2025, 6, 30)),
    ],
)
def test_leap_year_window(departure: date, expected: date | None) -> None:
    planner = Planner(Profile(trips=(TripSpan(D(2024, 1, 1), D(2024, 6, 30)),)), D(2024, 7, 15))
    assert latest(planner, departure, "temporary-365").latest == expected


def test_trip_under_way_plans_the_way_home() -> None:
    # Away since 05-01 with no return yet: 182 days incl run 05-01 … 10-29.
    profile = Profile(trips=(TripSpan(D(2025, 5, 1), None, "US"),))
    planner = Planner(profile, D(2025, 6, 30))
    assert latest(planner, D(2025, 5, 1), "temporary-365").latest == D(2025, 10, 29)
    plan = planner.plan(D(2025, 5, 1), D(2025, 7, 15), "US")
    assert plan.status == Status.GREEN
    assert not any("abroad now" in note for note in plan.notes)
    # A new trip from tomorrow instead gets a note pointing at the trip under way.
    other = planner.plan(D(2025, 7, 1), D(2025, 7, 5), "US")
    assert any("since 2025-05-01" in note for note in other.notes)


def test_departure_today_without_a_trip_under_way_is_refused() -> None:
    planner = Planner(E2, D(2025, 5, 15))
    with pytest.raises(ValidationError, match="leaves after today"):
        planner.plan(D(2025, 5, 15), D(2025, 5, 20))


def test_planned_trip_already_unsafe() -> None:
    # A planned trip of 213 days (09-01 → 04-01) is RED on its 183rd day, 2026-03-02, and the
    # windows stay over 182 until 2026-09-30. A proposed trip is judged on the dates it makes RED.
    profile = Profile(
        trips=(TripSpan(D(2025, 9, 1), D(2026, 4, 1), "US"),),
        permits=(PermitSpan(WORK, D(2024, 1, 1), D(2028, 12, 31)),),
    )
    planner = Planner(profile, D(2025, 6, 1))
    cases = {
        # Ten days before it: 173 + 10 = 183 on 2026-02-20, ten days before the record's own.
        (D(2025, 7, 1), D(2025, 7, 10)): (Status.RED, D(2026, 2, 20), 10),
        # Five days in June 2026: the window ending 2026-10-01 holds 182 + 5.
        (D(2026, 6, 1), D(2026, 6, 5)): (Status.RED, D(2026, 10, 1), 5),
        # In 2027 the planned trip has left every window the new one touches.
        (D(2027, 1, 1), D(2027, 1, 5)): (Status.GREEN, None, 0),
    }
    for (departure, back), (status, breach, over) in cases.items():
        verdict = planner.plan(departure, back).verdict("temporary-365")
        assert verdict is not None
        assert (verdict.status, verdict.first_breach, verdict.over_by) == (status, breach, over)
        assert verdict.already_breached == D(2026, 3, 2)
        assert "already breaks this rule on 2026-03-02" in verdict.message


# ---------------------------------------------------------------------------------------------
# Half the permit period, on a trip under way (today 2026-12-02, abroad since today − k + 1)

SHORT = PermitSpan(WORK, D(2026, 6, 1), D(2027, 3, 31))  # 304 days: at most ⌊304/2⌋ = 152
ONE_YEAR = PermitSpan(WORK, D(2026, 3, 1), D(2027, 2, 28))  # 365 days: AMBER > 180, RED > 182
NOW = D(2026, 12, 2)


def away(permit: PermitSpan, days: int) -> tuple[Planner, date]:
    departure = NOW - timedelta(days=days - 1)
    profile = Profile(trips=(TripSpan(departure, None, "US"),), permits=(permit,))
    return Planner(profile, NOW), departure


@pytest.mark.parametrize(
    ("permit", "days", "safe", "green"),
    [
        # k days through today; each day home from 12-03 on adds one: k + (R − 12-02) ≤ 152.
        (SHORT, 148, D(2026, 12, 6), D(2026, 12, 6)),
        (SHORT, 151, D(2026, 12, 3), D(2026, 12, 3)),
        # At the limit or over it, returning tomorrow is one day (more) over: no safe return
        # (it used to be the search horizon once over, since a RED period could not be raised).
        (SHORT, 152, None, None),
        (SHORT, 154, None, None),
        (SHORT, 170, None, None),
        # One year: RED above 182, AMBER above 180; inside the AMBER band every day is one more.
        (ONE_YEAR, 179, D(2026, 12, 5), D(2026, 12, 3)),
        (ONE_YEAR, 181, D(2026, 12, 3), None),
        (ONE_YEAR, 182, None, None),
        (ONE_YEAR, 190, None, None),
    ],
)
def test_period_latest_return_while_away(
    permit: PermitSpan, days: int, safe: date | None, green: date | None
) -> None:
    planner, departure = away(permit, days)
    found = latest(planner, departure, "temporary-permit-period", "US")
    assert (found.latest, found.latest_green, found.horizon_hit) == (safe, green, False)


def test_period_over_already_a_later_return_is_one_more_day_over() -> None:
    # 154 days of 152: coming home on 12-05 adds 12-03, 12-04 and 12-05, each one day more over.
    planner, departure = away(SHORT, 154)
    verdict = planner.plan(departure, D(2026, 12, 5), "US").verdict("temporary-permit-period")
    assert verdict is not None
    assert (verdict.status, verdict.first_breach, verdict.peak_days) == (
        Status.RED,
        D(2026, 12, 3),
        157,
    )


# ---------------------------------------------------------------------------------------------
# Schengen 90/180


E10 = (TripSpan(D(2025, 3, 1), D(2025, 4, 14), "DE"), TripSpan(D(2025, 5, 1), D(2025, 6, 14), "FR"))


def test_e10_latest_return_and_overstay() -> None:
    planner = Planner(Profile(trips=E10[:1]), D(2025, 4, 20))
    assert latest(planner, D(2025, 5, 1), "schengen-90-180", "DE").latest == D(2025, 6, 14)
    verdict = planner.plan(D(2025, 5, 1), D(2025, 6, 15), "DE").verdict("schengen-90-180")
    assert verdict is not None
    assert (verdict.status, verdict.first_breach, verdict.peak_days, verdict.over_by) == (
        Status.RED,
        D(2025, 6, 15),
        91,
        1,
    )


def test_e10_earliest_fresh_90_days() -> None:
    # E10: a fresh stay of the full 90 days is possible from 2025-09-13; 90 days back then
    # (2025-09-13 … 12-11) also keeps 180 of 365 (45 + 45 + 90).
    planner = Planner(Profile(trips=E10), D(2025, 6, 20))
    found = planner.earliest_departure(90, "DE")
    assert (found.departure, found.return_date) == (D(2025, 9, 13), D(2025, 12, 11))


def test_non_schengen_destination_is_not_affected() -> None:
    planner = Planner(Profile(trips=E10), D(2025, 6, 20))
    plan = planner.plan(D(2025, 6, 21), D(2025, 7, 30), "US")
    verdict = plan.verdict("schengen-90-180")
    assert verdict is not None
    assert not verdict.affected
    assert verdict.safe_return is None
    assert "not another Schengen state" in verdict.message
    rules = {s.rule_id for s in planner.latest_safe_returns(D(2025, 6, 21), "US")}
    assert rules == {"temporary-365"}


def test_destination_joining_schengen_during_the_trip() -> None:
    # Bulgaria joined on 2024-03-31: a trip from 03-20 has Schengen days from 03-31 on, so the
    # 91st is 2024-06-29 (03-31 + 90), whatever the departure date says.
    planner = Planner(Profile(), D(2024, 3, 1))
    assert latest(planner, D(2024, 3, 20), "schengen-90-180", "BG").latest == D(2024, 6, 28)
    plan = planner.plan(D(2024, 3, 20), D(2024, 7, 10), "BG")
    verdict = plan.verdict("schengen-90-180")
    assert verdict is not None
    assert (verdict.first_breach, verdict.peak_days) == (D(2024, 6, 29), 102)
    after = evaluate(
        Profile(trips=(TripSpan(D(2024, 3, 20), D(2024, 7, 10), "BG"),)), D(2024, 3, 1)
    )
    assert after.projection is not None
    engine = next(r for r in after.projection.rules if r.id == "schengen-90-180")
    assert engine.first_breach == verdict.first_breach
    # A trip over before it joined has no Schengen days at all.
    before = Planner(Profile(), D(2024, 1, 1)).plan(D(2024, 2, 1), D(2024, 3, 30), "BG")
    assert not before.schengen
    unaffected = before.verdict("schengen-90-180")
    assert unaffected is not None
    assert not unaffected.affected


def test_svalbard_counts_abroad_but_not_schengen() -> None:
    planner = Planner(Profile(trips=E10), D(2025, 6, 20))
    rules = {s.rule_id for s in planner.latest_safe_returns(D(2025, 6, 21), "SJ")}
    assert rules == {"temporary-365"}


def test_overlapping_planned_trips_count_days_once() -> None:
    # Planned 08-01 → 08-20 (FR); the proposal 08-10 → 08-25 adds only 08-21 … 08-25, so the
    # 180-day window holds 45 (May–June) + 25 = 70. Returning R keeps 45 + (R − 08-01 + 1) ≤ 90
    # while the May stay is in the window: R ≤ 09-14.
    profile = Profile(trips=(E10[1], TripSpan(D(2025, 8, 1), D(2025, 8, 20), "FR")))
    planner = Planner(profile, D(2025, 7, 1))
    verdict = planner.plan(D(2025, 8, 10), D(2025, 8, 25), "DE").verdict("schengen-90-180")
    assert verdict is not None
    assert verdict.peak_days == 70
    assert verdict.status == Status.GREEN
    assert latest(planner, D(2025, 8, 10), "schengen-90-180", "DE").latest == D(2025, 9, 14)
    assert planner.plan(D(2025, 8, 10), D(2025, 8, 25), "DE").planned_trips == 1


# ---------------------------------------------------------------------------------------------
# No permit recorded, horizons, inputs


def test_no_permit_recorded() -> None:
    # Only the 182-day and Schengen rules apply; no goal dates, as evaluate says.
    plan = Planner(Profile(), D(2025, 1, 1)).plan(D(2025, 2, 1), D(2025, 2, 10), "SE")
    assert [v.id for v in plan.verdicts] == ["temporary-365", "schengen-90-180"]
    assert plan.goals == ()
    # Nothing recorded: the 182-day limit allows 02-01 … 08-01 (182 days incl).
    assert latest(Planner(Profile(), D(2025, 1, 1)), D(2025, 2, 1), "temporary-365").latest == D(
        2025, 8, 1
    )


def test_horizon_is_reported() -> None:
    # A permanent resident with no travel: within one year nothing limits a trip...
    profile = Profile(permits=(PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),))
    found = latest(
        Planner(profile, D(2025, 1, 1), horizon_days=365),
        D(2025, 2, 1),
        "permanent-residence-loss",
        "US",
    )
    assert found == SafeReturn("permanent-residence-loss", D(2026, 2, 1), D(2026, 2, 1), True)
    # ...within two years the continuous-absence test does: RED from the day before the
    # second anniversary (2027-01-31), AMBER 90 days before that (from 2026-11-02).
    found = latest(Planner(profile, D(2025, 1, 1)), D(2025, 2, 1), "permanent-residence-loss", "US")
    assert found == SafeReturn("permanent-residence-loss", D(2027, 1, 30), D(2026, 11, 1), False)


def test_earliest_departure_none_within_five_years() -> None:
    # 200 days can never fit 182 in any 365.
    found = Planner(E2, D(2025, 5, 15)).earliest_departure(200)
    assert found.departure is None
    assert found.searched_until == D(2030, 5, 15)


@pytest.mark.parametrize(
    ("departure", "back", "destination", "message"),
    [
        (D(2025, 6, 1), D(2025, 5, 31), None, "before the departure"),
        (D(2025, 5, 10), D(2025, 5, 15), None, "leaves after today"),
        (D(2025, 6, 1), D(2025, 6, 5), "NO", "Norway is home"),
        (D(2025, 6, 1), D(2025, 6, 5), "XX", "not a known country"),
        (D(2025, 6, 1), D(2036, 6, 5), None, "within 10 years"),
    ],
)
def test_bad_inputs_are_sentences(
    departure: date, back: date, destination: str | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Planner(E2, D(2025, 5, 15)).plan(departure, back, destination)


def test_answer_without_a_return_is_the_longest_safe_trip() -> None:
    # E2 in 2026: the 111 days of 2025 have left the 365-day window by 2026-05-01 and 2026 has
    # none, so citizenship allows 58 days in 2026: 05-01 … 06-27.
    answer = Planner(E2, D(2026, 4, 20)).answer(D(2026, 5, 1))
    assert not answer.return_given
    assert answer.plan.return_date == D(2026, 6, 27)
    assert answer.plan.status == Status.GREEN


def test_answer_without_a_return_in_a_deducted_year_is_the_shortest_trip() -> None:
    # E2's 2025 holds 111 days abroad, all deducted for citizenship: every further day abroad
    # in 2025 is one more day deducted, so no return keeps citizenship OK (the 182-day rule
    # alone would allow 08-10).
    answer = Planner(E2, D(2025, 5, 15)).answer(D(2025, 6, 1))
    assert not answer.return_given
    assert answer.plan.return_date == D(2025, 6, 1)
    verdict = answer.plan.verdict("citizenship")
    assert verdict is not None
    assert verdict.status == Status.RED
    assert latest(Planner(E2, D(2025, 5, 15)), D(2025, 6, 1), "temporary-365").latest == D(
        2025, 8, 10
    )
    with pytest.raises(ValidationError, match="not both"):
        Planner(E2, D(2025, 5, 15)).answer(D(2025, 6, 1), return_date=D(2025, 6, 2), days=2)
