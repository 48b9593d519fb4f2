"""Which rules apply to whom, and the shape of what the engine returns."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.services.engine import evaluate, evaluation_to_json, format_status_text
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, Status, TripSpan

D = date


def applying(profile: Profile, as_of: date) -> set[str]:
    return {r.id for r in evaluate(profile, as_of).rules}


@pytest.mark.parametrize(
    ("permits", "expected"),
    [
        # No permit recorded: 182/365 over all trips, and Schengen.
        ((), {"temporary-365", "schengen-90-180"}),
        # A three-year work permit: 182/365, PR and citizenship.
        (
            (PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
            {"temporary-365", "permanent-residence", "citizenship", "schengen-90-180"},
        ),
        # A one-year permit: the half-the-period rule instead of 182/365.
        (
            (PermitSpan(PermitKind.WORK, D(2025, 3, 1), D(2026, 2, 28)),),
            {"temporary-permit-period", "permanent-residence", "citizenship", "schengen-90-180"},
        ),
        # A student: no PR basis, but citizenship time.
        (
            (PermitSpan(PermitKind.STUDY, D(2024, 8, 1), D(2027, 7, 31)),),
            {"temporary-365", "citizenship", "schengen-90-180"},
        ),
        # Protection: exempt from the actual-stay requirement.
        (
            (PermitSpan(PermitKind.PROTECTION, D(2024, 1, 1), D(2026, 12, 31)),),
            {"permanent-residence", "citizenship", "schengen-90-180"},
        ),
        # Permanent residence: the loss rule instead of the temporary and PR rules.
        (
            (
                PermitSpan(PermitKind.WORK, D(2019, 1, 1), D(2021, 12, 31)),
                PermitSpan(PermitKind.PERMANENT, D(2022, 1, 1)),
            ),
            {"permanent-residence-loss", "citizenship", "schengen-90-180"},
        ),
    ],
)
def test_rules_that_apply(permits: tuple[PermitSpan, ...], expected: set[str]) -> None:
    assert applying(Profile(permits=permits), D(2025, 6, 1)) == expected


def test_not_applicable_rules_say_why() -> None:
    ev = evaluate(
        Profile(permits=(PermitSpan(PermitKind.PERMANENT, D(2022, 1, 1)),)), D(2025, 1, 1)
    )
    reasons = {n.id: n.reason for n in ev.not_applicable}
    assert reasons["permanent-residence"] == "You already hold permanent residence."
    assert "permanent residence" in reasons["temporary-365"]
    assert all(r.endswith(".") for r in reasons.values())


def test_five_year_track_for_protection() -> None:
    permit = PermitSpan(PermitKind.PROTECTION, D(2020, 12, 1), D(2026, 11, 30))
    trips = (TripSpan(D(2022, 1, 1), D(2022, 9, 30)),)  # 273 days: over 7 months, under 10
    result = evaluate(Profile(trips, (permit,)), D(2025, 6, 1)).rule("permanent-residence")
    assert result is not None
    assert (result.limit, result.lenient_limit) == (300, 306)
    assert result.status is Status.GREEN
    assert result.days_abroad == 273
    assert result.earliest_met == D(2025, 12, 1)  # start + 5 years


def test_skilled_worker_exception_needs_employer_months() -> None:
    permit = PermitSpan(PermitKind.SKILLED_WORKER, D(2021, 1, 1), D(2026, 12, 31))
    private = TripSpan(D(2022, 1, 1), D(2022, 3, 31))  # 90 days
    work = TripSpan(D(2022, 6, 1), D(2023, 1, 31), purpose="employer_assignment")  # 245 days
    as_of = D(2024, 6, 1)
    with_work = evaluate(Profile((private, work), (permit,)), as_of).rule("permanent-residence")
    assert with_work is not None
    assert with_work.days_abroad == 335
    assert with_work.status is Status.GREEN  # ≤ 450 in all and ≥ 245 for the employer
    untagged = TripSpan(work.departure, work.return_date)
    plain = evaluate(Profile((private, untagged), (permit,)), as_of).rule("permanent-residence")
    assert plain is not None
    assert plain.status is Status.RED


def test_loss_permission_to_stay_abroad_suppresses_warnings() -> None:
    permits = (PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),)
    trips = (TripSpan(D(2023, 3, 1), D(2025, 3, 5)),)  # E9a: lapses on 2025-02-28
    plain = evaluate(Profile(trips, permits), D(2025, 3, 5)).rule("permanent-residence-loss")
    assert plain is not None
    assert plain.status is Status.RED
    allowed = Profile(trips, permits, KeyDates(abroad_permission_until=D(2026, 1, 1)))
    result = evaluate(allowed, D(2025, 3, 5)).rule("permanent-residence-loss")
    assert result is not None
    assert result.status is Status.GREEN
    assert result.first_breach is None
    assert any("permission" in note for note in result.notes)


def test_planned_trips_are_a_projection_only() -> None:
    permit = PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2027, 12, 31))
    trips = (TripSpan(D(2025, 3, 1), D(2025, 3, 10)), TripSpan(D(2025, 6, 1), D(2025, 12, 15)))
    ev = evaluate(Profile(trips, (permit,)), D(2025, 5, 1))
    now = ev.rule("temporary-365")
    assert now is not None
    assert now.days_abroad == 10
    assert now.status is Status.GREEN
    assert ev.projection is not None
    assert ev.projection.through == D(2025, 12, 15)
    assert ev.projection.planned_trips == 1
    future = next(r for r in ev.projection.rules if r.id == "temporary-365")
    assert future.first_breach == D(2025, 11, 20)  # 10 + 173 days (06-01…11-20) is 183
    assert future.status is Status.RED


def test_trip_under_way_counts_through_as_of_and_its_planned_end_is_projected() -> None:
    trips = (TripSpan(D(2025, 5, 20), D(2025, 6, 10)),)
    ev = evaluate(Profile(trips), D(2025, 5, 31))
    result = ev.rule("temporary-365")
    assert result is not None
    assert result.days_abroad == 12
    assert ev.projection is not None
    assert ev.projection.rules[0].days_abroad == 22


def test_status_json_contract() -> None:
    permit = PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31))
    trips = (
        TripSpan(D(2025, 1, 10), D(2025, 4, 30)),
        TripSpan(D(2025, 6, 1), D(2025, 8, 12), "SE"),
        TripSpan(D(2026, 2, 1), D(2026, 2, 10)),
    )
    doc = evaluation_to_json(evaluate(Profile(trips, (permit,)), D(2025, 12, 31)))
    json.dumps(doc)  # serialisable as is
    assert doc["as_of"] == "2025-12-31"
    assert doc["convention"] == "inclusive"
    rules = {r["id"]: r for r in doc["rules"]}
    for rule in rules.values():
        for key in ("id", "status", "days_abroad", "limit", "window_start", "window_end"):
            assert key in rule
        assert rule["status"] in ("green", "amber", "red")
    temporary = rules["temporary-365"]
    assert temporary["peak_days"] == 184
    assert temporary["first_breach"] == "2025-08-11"
    assert temporary["alternative"] == {
        "convention": "whole_days",
        "days_abroad": 180,
        "status": "green",
    }
    assert doc["projection"]["planned_trips"] == 1
    assert {r["id"] for r in doc["projection"]["rules"]} >= {"temporary-365"}


def test_status_text_names_every_rule_and_the_disclaimer() -> None:
    ev = evaluate(Profile((TripSpan(D(2025, 1, 1), D(2025, 1, 5)),)), D(2025, 6, 1))
    text = format_status_text(ev)
    assert "Temporary permit: 182 days in any 365: OK (green)" in text
    assert "Counting only whole days abroad: 3 (green)." in text
    assert text.rstrip().endswith("Borte is not legal advice. udi.no is the authority.")


def test_empty_profile_evaluates() -> None:
    ev = evaluate(Profile(), D(2026, 11, 23))
    result = ev.rule("temporary-365")
    assert result is not None
    assert result.days_abroad == 0
    assert result.peak_days == 0
    assert ev.projection is None


def test_citizenship_uses_the_rule_in_force_on_the_goal_date() -> None:
    # Evaluated in 2020, the goal date falls after 2022-01-01, so 8 of 11 years applies.
    profile = Profile(
        permits=(PermitSpan(PermitKind.WORK, D(2017, 8, 1), None, granted_before_entry=True),),
        key_dates=KeyDates(arrived_on=D(2017, 8, 15)),
    )
    result = evaluate(profile, D(2020, 6, 1)).rule("citizenship")
    assert result is not None
    main = next(r for r in result.routes if r.id == "main")
    assert main.earliest_met == D(2025, 8, 14)


def test_student_years_do_not_count_toward_permanent_residence() -> None:
    # rules.md §2.1: only permits that form a basis count. Work 2020 (366 days), study
    # 2021-2022 (730 days), work from 2023: on 2024-12-31 the basis days are 366 + 731 = 1097,
    # one more than the 1096 days of the last three years, so the period is complete then.
    permits = (
        PermitSpan(PermitKind.WORK, D(2020, 1, 1), D(2020, 12, 31)),
        PermitSpan(PermitKind.STUDY, D(2021, 1, 1), D(2022, 12, 31)),
        PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2025, 12, 31)),
    )
    result = evaluate(Profile(permits=permits), D(2023, 6, 1)).rule("permanent-residence")
    assert result is not None
    assert result.earliest_met == D(2024, 12, 31)
    residence = next(c for c in result.checks if c.id == "residence")
    assert residence.value == (D(2023, 6, 1) - D(2020, 1, 1)).days + 1 - 730


def test_365_day_windows_do_not_reach_back_into_a_one_year_permit() -> None:
    # The days abroad under the earlier one-year permit were judged by its own rule (§1.1).
    permits = (
        PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2023, 12, 31)),
        PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),
    )
    trips = (TripSpan(D(2023, 7, 1), D(2023, 12, 31)),)
    result = evaluate(Profile(trips, permits), D(2024, 1, 2)).rule("temporary-365")
    assert result is not None
    assert result.days_abroad == 0
    assert result.first_breach is None
    assert result.window_start == D(2024, 1, 1)
    # A renewal of a multi-year permit does not cut the windows.
    renewed = (
        PermitSpan(PermitKind.WORK, D(2021, 1, 1), D(2023, 12, 31)),
        PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),
    )
    result = evaluate(Profile(trips, renewed), D(2024, 1, 2)).rule("temporary-365")
    assert result is not None
    assert result.days_abroad == 184
