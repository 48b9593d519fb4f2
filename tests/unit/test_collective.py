"""Tables for temporary collective protection (rules.md §1.3a) and the two corrections of
issue 14 (§4.2 item 5: gap and deducted days as a union; §2.5: the earliest date).

Every expected figure is worked by hand in the row's comment.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.services.engine import evaluate
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, Status, TripSpan
from app.services.results import RuleResult

D = date
CP = PermitKind.COLLECTIVE_PROTECTION
# One permit year, 2025-03-01 to 2026-02-28: 365 days, so at most ⌊365/2⌋ = 182 abroad, AMBER
# from 181; the extension window is the same 365 days (GREEN ≤ 180, AMBER 181–184, RED ≥ 185).
YEAR_2025 = PermitSpan(CP, D(2025, 3, 1), D(2026, 2, 28))
UKRAINE_SOURCE = "can-i-return-home-to-ukraine"


def collective(profile: Profile, as_of: date) -> RuleResult:
    found = evaluate(profile, as_of).rule("collective-protection")
    assert found is not None
    return found


def checks(result: RuleResult) -> dict[str, tuple[int, Status]]:
    return {c.id: (c.value, c.status) for c in result.checks}


@pytest.mark.parametrize(
    ("trip", "permit", "half", "extension", "overall"),
    [
        # 2025-04-01 → 09-17: Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 17 = 170.
        (TripSpan(D(2025, 4, 1), D(2025, 9, 17), "PL"), YEAR_2025,
         (170, Status.GREEN), (170, Status.GREEN), Status.GREEN),
        # 2025-04-01 → 09-30: 183 > 182 (half the 365-day year) → RED; extension 183: AMBER.
        (TripSpan(D(2025, 4, 1), D(2025, 9, 30), "PL"), YEAR_2025,
         (183, Status.RED), (183, Status.AMBER), Status.RED),
        # 2025-04-01 → 10-07: 183 + 7 = 190: over half, and ≥ 185 for the extension.
        (TripSpan(D(2025, 4, 1), D(2025, 10, 7), "PL"), YEAR_2025,
         (190, Status.RED), (190, Status.RED), Status.RED),
        # A 366-day permit year (2023-03-01 → 2024-02-29): half is 183, so 183 is AMBER only.
        (TripSpan(D(2023, 4, 1), D(2023, 9, 30), "PL"),
         PermitSpan(CP, D(2023, 3, 1), D(2024, 2, 29)),
         (183, Status.AMBER), (183, Status.AMBER), Status.AMBER),
    ],
)  # fmt: skip
def test_days_abroad_in_a_permit_year(
    trip: TripSpan,
    permit: PermitSpan,
    half: tuple[int, Status],
    extension: tuple[int, Status],
    overall: Status,
) -> None:
    assert permit.valid_to is not None
    result = collective(Profile(trips=(trip,), permits=(permit,)), permit.valid_to)
    found = checks(result)
    assert found["half-time"] == half
    assert found["extension"] == extension
    assert found["ukraine"] == (0, Status.GREEN)
    assert result.status == overall
    assert any("may not be extended" in note for note in result.notes)


@pytest.mark.parametrize(
    ("trip", "days"),
    [
        (TripSpan(D(2025, 6, 10), D(2025, 6, 10), "UA"), 1),  # a same-day trip: 1 day
        (TripSpan(D(2025, 6, 10), D(2025, 7, 19), "UA"), 40),  # Jun 10–30 (21) + Jul 1–19 (19)
    ],
)
def test_any_trip_to_ukraine_during_collective_protection_is_red(trip: TripSpan, days: int) -> None:
    result = collective(Profile(trips=(trip,), permits=(YEAR_2025,)), D(2025, 8, 1))
    assert result.status == Status.RED
    found = checks(result)
    assert found["ukraine"] == (1, Status.RED)
    assert found["half-time"] == (days, Status.GREEN)  # the count itself is far from the limit
    assert result.first_breach == trip.departure
    assert "UDI may open a case to revoke your permit" in result.summary
    assert any(
        "UDI may open a case to revoke your permit" in n and UKRAINE_SOURCE in n
        for n in result.notes
    )


def test_ukraine_trips_before_the_rule_or_on_another_permit_are_not_flagged() -> None:
    permits = (
        PermitSpan(CP, D(2023, 3, 1), D(2024, 2, 29)),
        PermitSpan(PermitKind.WORK, D(2024, 3, 1), D(2027, 2, 28)),
    )
    trips = (
        TripSpan(D(2023, 6, 1), D(2023, 6, 5), "UA"),  # before 2023-12-12: UDI's practice
        TripSpan(D(2024, 5, 1), D(2024, 5, 3), "UA"),  # under the work permit
    )
    ev = evaluate(Profile(trips=trips, permits=permits[:1]), D(2023, 12, 1))
    result = ev.rule("collective-protection")
    assert result is not None
    assert checks(result)["ukraine"] == (0, Status.GREEN)
    # A trip that straddles 2023-12-12 is flagged.
    late = TripSpan(D(2023, 12, 10), D(2023, 12, 14), "UA")
    assert checks(collective(Profile((late,), permits[:1]), D(2024, 1, 1)))["ukraine"][0] == 1
    # On the work permit the rule does not apply at all.
    ev = evaluate(Profile(trips=trips, permits=permits), D(2024, 6, 1))
    assert ev.rule("collective-protection") is None


def test_a_planned_trip_to_ukraine_shows_in_the_projection() -> None:
    planned = TripSpan(D(2025, 9, 1), D(2025, 9, 3), "UA")
    ev = evaluate(Profile(trips=(planned,), permits=(YEAR_2025,)), D(2025, 8, 1))
    now = ev.rule("collective-protection")
    assert now is not None
    assert now.status == Status.GREEN
    assert ev.projection is not None
    [projected] = [r for r in ev.projection.rules if r.id == "collective-protection"]
    assert projected.status == Status.RED


def test_switch_from_collective_protection_to_a_basis_permit_starts_the_pr_period() -> None:
    # Three yearly collective permits from 2022-03-15, then a work permit from 2025-03-15.
    permits = (
        PermitSpan(CP, D(2022, 3, 15), D(2023, 3, 14)),
        PermitSpan(CP, D(2023, 3, 15), D(2024, 3, 14)),
        PermitSpan(CP, D(2024, 3, 15), D(2025, 3, 14)),
        # Even a decision letter ticked "forms a basis" does not make § 34 days count.
        PermitSpan(PermitKind.WORK, D(2025, 3, 15), D(2028, 3, 14)),
    )
    permits = (*permits[:2], PermitSpan(CP, D(2024, 3, 15), D(2025, 3, 14), True), permits[3])
    profile = Profile(permits=permits, key_dates=KeyDates(arrived_on=D(2022, 3, 10)))
    ev = evaluate(profile, D(2025, 6, 1))
    pr = ev.rule("permanent-residence")
    assert pr is not None
    assert "Your qualifying period starts on 2025-03-15." in pr.notes
    # 3-year track: met when e ≥ start + 3 years, so 2028-03-15 (not 2025-03-15 from 2022).
    assert pr.earliest_met == D(2028, 3, 15)
    assert ev.rule("collective-protection") is None  # the permit held is the work permit
    citizenship = ev.rule("citizenship")
    assert citizenship is not None
    assert "Residence counts from 2025-03-15." in citizenship.notes
    assert any(n.startswith("Open question:") for n in citizenship.notes)


def test_on_collective_protection_only_pr_does_not_apply_and_says_why() -> None:
    ev = evaluate(Profile(permits=(YEAR_2025,)), D(2025, 6, 1))
    [reason] = [n.reason for n in ev.not_applicable if n.id == "permanent-residence"]
    assert "Collective protection does not form a basis" in reason
    temporary = {n.id for n in ev.not_applicable}
    assert {"temporary-365", "temporary-permit-period"} <= temporary


# --- §4.2 item 5: gap days and deducted days are subtracted as a union ---------------------
# Work permit 2015-01-01 → 2019-12-31; the next one applied for 2020-02-29, from 2020-03-01:
# gap 2020-01-01 … 02-29 = 31 + 29 = 60 days. Trip 2020-01-10 → 03-19.
#  inclusive: 2020 abroad = 22 + 29 + 19 = 70 (≥ 63: all deducted); 51 of them (Jan 10–31,
#    Feb) are gap days too. Union = 60 + 70 − 51 = 79 (not 130). Main rule 8 of 11: met when
#    (e − 8 y) − start + 1 ≥ 79, i.e. e − 8 y ≥ 2015-01-01 + 78 days = 2015-03-20 → 2023-03-20
#    (counting 130 twice would give 2015-05-10 → 2023-05-10).
#  whole days: 21 + 29 + 18 = 68 deducted, 50 also gap days: union 78 → 2023-03-19.
UNION_PERMITS = (
    PermitSpan(PermitKind.WORK, D(2015, 1, 1), D(2019, 12, 31)),
    PermitSpan(PermitKind.WORK, D(2020, 3, 1), D(2030, 12, 31), applied_on=D(2020, 2, 29)),
)


@pytest.mark.parametrize(
    ("convention", "earliest"),
    [("inclusive", D(2023, 3, 20)), ("whole_days", D(2023, 3, 19))],
)
def test_a_gap_day_abroad_in_a_deducted_year_is_subtracted_once(
    convention: str, earliest: date
) -> None:
    profile = Profile(
        trips=(TripSpan(D(2020, 1, 10), D(2020, 3, 19), "US"),),
        permits=UNION_PERMITS,
        key_dates=KeyDates(arrived_on=D(2015, 1, 1)),
    )
    result = evaluate(profile, D(2022, 6, 1), convention).rule("citizenship")  # type: ignore[arg-type]
    assert result is not None
    routes = {r.id: r.earliest_met for r in result.routes}
    assert routes["main"] == earliest


# --- §2.5: the earliest date is the first day of the met period that reaches the evaluation date
# Work permit from 2019-01-01: the 3-year test is first met on 2022-01-01. A trip 2022-06-01 →
# 2023-01-31 (214 + 31 = 245 days) then breaks it until the window (e − 3 y, e] holds ≤ 210 of
# those days: from a window start of 2022-07-06 (Jul 6–31 = 26, + 153 + 31 = 210), i.e. e =
# 2025-07-05. Evaluated on 2026-01-01 the earliest date is 2025-07-05, not 2022-01-01.
def test_the_pr_earliest_date_is_the_start_of_the_met_period_reaching_the_evaluation_date() -> None:
    profile = Profile(
        trips=(TripSpan(D(2022, 6, 1), D(2023, 1, 31), "US"),),
        permits=(PermitSpan(PermitKind.WORK, D(2019, 1, 1), D(2030, 12, 31)),),
    )
    pr = evaluate(profile, D(2026, 1, 1)).rule("permanent-residence")
    assert pr is not None
    assert pr.earliest_met == D(2025, 7, 5)
    assert any("first day of the unbroken period" in note for note in pr.notes)
    before = evaluate(profile, D(2022, 3, 1)).rule("permanent-residence")
    assert before is not None
    assert before.earliest_met == D(2022, 1, 1)


def test_a_reminder_before_the_permit_ends_says_it_may_not_be_extended() -> None:
    from app.services.reminders import reminders

    trip = TripSpan(D(2025, 4, 1), D(2025, 9, 17), "PL")  # 170 days
    found = reminders(Profile(trips=(trip,), permits=(YEAR_2025,)), D(2025, 10, 1))
    [reminder] = [r for r in found if r.kind == "collective-extension"]
    assert reminder.on == D(2025, 11, 28)  # three months before 2026-02-28
    assert "170 days" in reminder.detail
    assert "may not be extended" in reminder.detail
    assert "who-does-not-get-an-extension" in reminder.source


@pytest.mark.parametrize("days", [1, 40])
def test_the_planner_flags_a_trip_to_ukraine_before_it_is_added(days: int) -> None:
    from datetime import timedelta

    from app.services.planner import Planner

    planner = Planner(Profile(permits=(YEAR_2025,)), D(2025, 5, 1))
    departure = D(2025, 6, 10)
    plan = planner.plan(departure, departure + timedelta(days=days - 1), "UA")
    [verdict] = [v for v in plan.verdicts if v.id == "collective-protection"]
    assert verdict.status == Status.RED
    assert "UDI may open a case to revoke your permit" in verdict.message
    assert UKRAINE_SOURCE in verdict.message
    assert plan.status == Status.RED
    # The same trip to Poland is fine.
    poland = planner.plan(departure, departure + timedelta(days=days - 1), "PL")
    [verdict] = [v for v in poland.verdicts if v.id == "collective-protection"]
    assert verdict.status == Status.GREEN


def test_the_daily_series_follows_the_worse_test_on_each_date() -> None:
    """A short permit after a longer one: in its last months the extension window (the year
    before it ends, reaching into the earlier permit) is worse than the half-time count, and
    the chart's daily series shows that count, as the engine does on each date."""
    import numpy as np

    from app.services.ruledata import load_rule_data
    from app.services.rules.context import build_context
    from app.services.rules.registry import unit

    cp = PermitKind.COLLECTIVE_PROTECTION
    profile = Profile(
        trips=(
            TripSpan(D(2023, 8, 1), D(2023, 12, 20), "PL"),
            TripSpan(D(2024, 3, 1), D(2024, 4, 19), "DE"),
        ),
        permits=(
            PermitSpan(cp, D(2023, 1, 1), D(2023, 12, 31)),
            PermitSpan(cp, D(2024, 1, 1), D(2024, 6, 30)),
        ),
    )
    as_of = D(2024, 6, 1)
    on_days = (D(2023, 9, 1), D(2024, 2, 1), D(2024, 5, 1), D(2024, 6, 1), D(2024, 8, 1))
    days = np.array([d.toordinal() for d in on_days], np.int64)
    daily = unit("collective-protection").daily
    assert daily is not None
    found = daily(build_context(profile, as_of, "inclusive", load_rule_data()), days)
    worse_extension = 0
    for index, on in enumerate(on_days):
        result = collective(profile, on)
        assert found.applies[index]
        assert int(found.values[index]) == result.days_abroad, on
        period = next(c for c in result.checks if c.id == "half-time").value
        worse_extension += result.days_abroad != period
    assert worse_extension  # the case the series must follow


def test_the_headline_names_the_ukraine_trip_not_an_over_limit_count() -> None:
    """Red for a trip to Ukraine, with 10 days abroad against 182: the headline says why
    ("UDI may open a case…"), never "over the limit now, 10 days against a limit of 182"."""
    from app.services.assessment.build import assess

    trip = TripSpan(D(2025, 6, 1), D(2025, 6, 10), "UA")
    assessment = assess(Profile(trips=(trip,), permits=(YEAR_2025,)), D(2025, 8, 1))
    assert assessment.headline.status == Status.RED
    assert "UDI may open a case to revoke your permit" in assessment.headline.text
    assert "over the limit" not in assessment.headline.text
