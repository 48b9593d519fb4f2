"""The cases of issue 10, each as a table row: what a new user asked and the answer every view
must give (the engine, the projection, the series, the planner and the read model agree).

Dates are worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.services.assessment import assess, banner_sentences, come_home
from app.services.assessment.output import format_assessment_text
from app.services.engine import evaluate
from app.services.planner import Planner
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, Status, TripSpan
from app.services.series import ChartSource, DateRange, rolling_absence

D = date
WORK = PermitKind.WORK

# Case 1: 50 days abroad in 2026 (03-01 → 04-19 incl), a planned trip 2026-12-05 → 12-28
# (24 days: 2026 reaches 74, more than 62, so the whole year is deducted) and a short trip in
# February 2027. Checking only the last year of the plans (2027) says OK: wrong. Arrived
# 2019-03-01: 8 years are met in 2027, and the 74 deducted days move that date 2.5 months.
CITIZEN = Profile(
    trips=(
        TripSpan(D(2026, 3, 1), D(2026, 4, 19)),
        TripSpan(D(2026, 12, 5), D(2026, 12, 28)),
        TripSpan(D(2027, 2, 10), D(2027, 2, 14)),
    ),
    permits=(PermitSpan(WORK, D(2019, 3, 1), D(2030, 12, 31)),),
    key_dates=KeyDates(arrived_on=D(2019, 3, 1)),
)
TODAY = D(2026, 12, 1)


def test_case1_projection_judges_every_calendar_year_the_plans_reach() -> None:
    evaluation = evaluate(CITIZEN, TODAY)
    assert evaluation.projection is not None
    projected = {r.id: r for r in evaluation.projection.rules}
    assert projected["citizenship"].status == Status.RED
    years = {y.year: y.days for y in projected["citizenship"].years}
    assert years[2026] == 74


def test_case1_headline_and_reminder_say_the_plans_move_the_date() -> None:
    assessment = assess(CITIZEN, TODAY)
    assert assessment.headline.status == Status.RED
    assert "2026" in assessment.headline.text
    reminder = next(r for r in assessment.reminders if r.kind == "citizenship")
    plain = evaluate(
        Profile(trips=CITIZEN.trips[:1], permits=CITIZEN.permits, key_dates=CITIZEN.key_dates),
        TODAY,
    ).rule("citizenship")
    assert plain is not None
    assert plain.earliest_met is not None
    assert plain.earliest_met.isoformat() in reminder.detail  # "moves it from X"


# Case 2: permanent residence already met, no application recorded; a 300-day trip from
# tomorrow. Applied for on the return (2027-09-27), the expected decision (24 months later)
# falls with the whole trip inside the last 3 years: 300 > 215, RED.
PR_MET = Profile(
    trips=(TripSpan(D(2024, 7, 1), D(2024, 7, 10)),),
    permits=(PermitSpan(WORK, D(2021, 1, 1), D(2027, 12, 31)),),
)


def test_case2_long_trip_with_pr_met_and_no_application_fails_pr() -> None:
    planner = Planner(PR_MET, TODAY)
    plan = planner.answer(D(2026, 12, 2), days=300).plan
    verdict = plan.verdict("permanent-residence")
    assert verdict is not None
    assert verdict.status == Status.RED
    assert "apply before you leave" in verdict.message.lower()
    # The engine on the record with the trip says the same on the dates that matter.
    with_trip = Profile(
        trips=(*PR_MET.trips, TripSpan(D(2026, 12, 2), D(2027, 9, 27))), permits=PR_MET.permits
    )
    projection = evaluate(with_trip, TODAY).projection
    assert projection is not None
    pr = next(r for r in projection.rules if r.id == "permanent-residence")
    assert pr.status == Status.RED
    assert any("return" in e.label for e in pr.evaluations)


# Case 3: the year named is the year whose days the trip fills. 2026 holds 50 days; a trip
# 2026-12-20 → 2027-09-16 adds 12 days to 2026 (62: borderline) and 259 to 2027 (deducted).
def test_case3_planner_names_each_year_with_its_own_count() -> None:
    profile = Profile(trips=CITIZEN.trips[:1], permits=CITIZEN.permits, key_dates=CITIZEN.key_dates)
    plan = Planner(profile, TODAY).plan(D(2026, 12, 20), D(2027, 9, 16))
    verdict = plan.verdict("citizenship")
    assert verdict is not None
    assert verdict.status == Status.RED
    assert "2027 would reach 259 days" in verdict.message
    assert "2026 would reach 62 days" in verdict.message
    assert "2026 would reach 259" not in verdict.message


# Case 4: "latest return within every limit" is the cautious figure. Nothing abroad in 2027; a
# trip from 2027-07-01: 58 days (back 08-27) keeps citizenship free of any deduction, 62 days
# (back 08-31) only on the lenient reading.
def test_case4_latest_return_within_every_limit_is_the_cautious_one() -> None:
    profile = Profile(permits=CITIZEN.permits, key_dates=CITIZEN.key_dates)
    plan = Planner(profile, D(2027, 6, 1)).answer(D(2027, 7, 1)).plan
    assert plan.latest_safe_return == D(2027, 8, 27)
    assert plan.latest_lenient_return == D(2027, 8, 31)
    assert plan.return_date == D(2027, 8, 27)
    assert plan.status == Status.GREEN


# Case 6: a trip under way. On 2026-12-01, abroad since 2026-11-01 with 100 more days in the
# 365-day window: "assuming you are back today", and the day to come home by for the 182-day
# rule: 182 − (100 + 31) = 51 more days from tomorrow: 2027-01-21.
UNDER_WAY = Profile(
    trips=(TripSpan(D(2026, 3, 1), D(2026, 6, 8)), TripSpan(D(2026, 11, 1), None)),
    permits=(PermitSpan(WORK, D(2025, 1, 1), D(2028, 12, 31)),),
)


def test_case6_trip_under_way_says_assuming_back_today_and_come_home_by() -> None:
    assessment = assess(UNDER_WAY, TODAY)
    assert assessment.under_way is not None
    assert assessment.under_way.since == D(2026, 11, 1)
    rule = assessment.rule("temporary-365")
    assert rule is not None
    assert rule.come_home_by == D(2027, 1, 21)
    assert "assuming you are back today" in rule.explanation.text.lower()
    # 2026 holds 131 days abroad already: deducted for citizenship, so every further day abroad
    # is one more day deducted, and today is the day to be back. The banner says when to be
    # back; the headline says where the rules stand, without repeating it.
    citizenship = assessment.rule("citizenship")
    assert citizenship is not None
    assert citizenship.come_home_by == TODAY
    found = come_home(assessment, warning_margin=14)
    assert found is not None
    assert (found.by, found.rule_status) == (TODAY, Status.RED)
    assert banner_sentences(found)[1].startswith(
        "Citizenship: residence time is over its limit already: come home as soon as you can"
    )
    assert assessment.headline.text.startswith("2026 has 131 days abroad")
    assert "come home" not in assessment.headline.text.lower()


def test_case6_status_text_gives_every_rule_its_come_home_date_with_the_lenient_beside() -> None:
    """`borte status` abroad now: one line per rule with the cautious date first; it was cut
    from the explanation by splitting on '. ', which left only the lenient sentence for the
    rules that have one."""
    assessment = assess(UNDER_WAY, TODAY)
    text = format_assessment_text(assessment)
    for rule in assessment.rules:
        if rule.come_home_by is None or rule.come_home_by <= TODAY:
            continue
        line = f"Come home by {rule.come_home_by.isoformat()} to keep this rule OK."
        assert line in text, rule.id
        lenient = rule.come_home_by_lenient
        if lenient is not None and lenient != rule.come_home_by:
            assert f"{line} On the lenient reading: by {lenient.isoformat()}." in text


# Case 7: a one-year permit for 2020, then a permit for 2021–2024, and a trip June–December
# 2020. On 2021-03-01 the 182-day rule counts from 2021-01-01: 0 days. The chart and the
# planner must say the same.
CHAIN = Profile(
    trips=(TripSpan(D(2020, 6, 1), D(2020, 12, 20)),),
    permits=(
        PermitSpan(WORK, D(2020, 1, 1), D(2020, 12, 31)),
        PermitSpan(WORK, D(2021, 1, 1), D(2024, 12, 31)),
    ),
)
CHAIN_DAY = D(2021, 3, 1)


def test_case7_engine_series_and_planner_agree_after_a_one_year_permit() -> None:
    engine = evaluate(CHAIN, CHAIN_DAY).rule("temporary-365")
    assert engine is not None
    assert engine.days_abroad == 0
    assert engine.status == Status.GREEN
    source = ChartSource(CHAIN, CHAIN_DAY)
    chart = rolling_absence(source, DateRange(D(2021, 1, 1), D(2021, 3, 1)))
    assert chart.record is not None
    assert chart.record.at(CHAIN_DAY) == 0
    plan = Planner(CHAIN, CHAIN_DAY).plan(D(2021, 4, 1), D(2021, 4, 3))
    verdict = plan.verdict("temporary-365")
    assert verdict is not None
    assert verdict.status == Status.GREEN


@pytest.mark.parametrize("profile", [CITIZEN, PR_MET, UNDER_WAY, CHAIN])
def test_status_json_has_headline_and_explanations(profile: Profile) -> None:
    from app.services.assessment import assessment_to_json

    document = assessment_to_json(assess(profile, TODAY))
    assert isinstance(document["headline"], str)
    assert document["headline"]
    for rule in document["rules"]:
        assert isinstance(rule["explanation"], dict)
        assert rule["explanation"]["text"]


def test_with_no_permit_recorded_the_headline_asks_for_it_instead_of_saying_ok() -> None:
    """Trips but no permit: the engine's 182-day window is one day long and green, so the
    headline must not say "Every rule is OK"; it asks for the permit."""
    trip = TripSpan(date(2026, 10, 1), date(2026, 10, 20), "SE")
    headline = assess(Profile(trips=(trip,)), date(2026, 12, 1)).headline
    assert headline.status == Status.AMBER
    assert headline.text.startswith("Record your residence permit")
