"""Abroad now, over random records: when to be back is the planner's answer, a booked return's
verdict is the engine's, and the latest safe return never moves later as the days abroad grow.

- the banner's come-home date (`come_home`, what the banner, `borte status` and the notification
  say) equals the planner's latest safe return for the way home (`Planner.answer` from the
  trip's departure), with a booked return or without;
- the verdict on a booked return equals what the engine says when the booked days are added to
  the record as though the person came home today (`home_today`), read as in
  test_planner_property; and a booked return is OK exactly when it is no later than the
  come-home date;
- citizenship (rules.md §4.2: a year over two months loses *all* its days abroad): as the trip
  under way grows by a day, its latest safe return (cautious and lenient) never moves later, and
  each is where the engine says the rule first gets worse.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from app.services.assessment import assess, come_home
from app.services.planner import Planner
from app.services.profile import (
    Convention,
    KeyDates,
    PermitKind,
    PermitSpan,
    Profile,
    Status,
    TripSpan,
    home_today,
)
from app.services.results import RuleResult
from tests.property.test_planner_property import (
    already,
    clear,
    introduced,
    projected,
    worse_years,
)

ONE_DAY = timedelta(days=1)
LEVELS = (Status.GREEN, Status.AMBER, Status.RED)
CONVENTIONS: tuple[Convention, ...] = ("inclusive", "whole_days")


@st.composite
def abroad_now(draw: st.DrawFn) -> tuple[Profile, date]:
    """A resident (a work permit from some years back) with trips before this one, perhaps a
    planned trip after it, and a trip under way: with no return date, or a booked one."""
    as_of = draw(st.dates(min_value=date(2024, 3, 1), max_value=date(2026, 12, 20)))
    start = as_of - timedelta(days=draw(st.integers(400, 3 * 365 + 200)))
    end = draw(st.none() | st.just(as_of + timedelta(days=draw(st.integers(150, 900)))))
    permits = (PermitSpan(PermitKind.WORK, start, end),)
    since = as_of - timedelta(days=draw(st.integers(0, 70)))
    trips: list[TripSpan] = []
    # Earlier trips, ending before the trip under way: this year's and the year before.
    cursor = since - timedelta(days=2)
    for _ in range(draw(st.integers(0, 3))):
        length = draw(st.integers(1, 60))
        back = cursor - timedelta(days=draw(st.integers(0, 90)))
        departure = back - timedelta(days=length - 1)
        if departure <= start:
            break
        trips.append(TripSpan(departure, back, draw(st.sampled_from(("GB", "SE", "US")))))
        cursor = departure - timedelta(days=2)
    booked = draw(st.none() | st.integers(1, 120))
    back = None if booked is None else as_of + timedelta(days=booked)
    destination = draw(st.sampled_from(("US", "DE", "GB")))
    trips.append(TripSpan(since, back, destination))
    if back is not None and draw(st.booleans()):
        later = back + timedelta(days=draw(st.integers(2, 60)))
        trips.append(TripSpan(later, later + timedelta(days=draw(st.integers(0, 20))), "SE"))
    return Profile(tuple(trips), permits, KeyDates(arrived_on=start)), as_of


@settings(max_examples=30)
@given(abroad_now(), st.sampled_from(CONVENTIONS))
def test_come_home_date_is_the_planners_and_the_booked_verdict_the_engines(
    record: tuple[Profile, date], convention: Convention
) -> None:
    profile, as_of = record
    assessment = assess(profile, as_of, convention)
    found = come_home(assessment, warning_margin=14)
    under = assessment.under_way
    assert found is not None
    assert under is not None
    trip = next(t for t in profile.trips if t.departure == under.since)
    assert under.booked_return == trip.return_date
    # The planner's answer for the way home, asked as `borte plan --departure SINCE` does.
    plan = Planner(profile, as_of, convention).answer(under.since, destination=trip.destination)
    safe = [v.safe_return for v in plan.plan.verdicts if v.safe_return is not None]
    if all(s.horizon_hit for s in safe):
        assert found.by is None
    else:
        assert found.by == (plan.plan.latest_safe_return or as_of)
    if trip.return_date is None:
        event("no return booked")
        assert under.booked is None
        return
    booked = under.booked
    assert booked is not None
    # Booked OK exactly when no later than the come-home date.
    if found.by is not None:
        assert (booked.status is Status.GREEN) == (trip.return_date <= found.by)
    # The engine: the record as it stands (with the booked days) against coming home today.
    home = home_today(profile, as_of)
    assume(clear(already(home, as_of, convention)))
    base = projected(home, as_of, convention)
    after = projected(profile, as_of, convention)
    level = max(introduced(r, base[r], after[r], home) for r in base)
    event(f"booked return: {LEVELS[level]}")
    assert booked.status is LEVELS[level]
    if level:
        assert booked.rule_id is not None
        assert introduced(booked.rule_id, base[booked.rule_id], after[booked.rule_id], home)


@st.composite
def citizenship_year(draw: st.DrawFn) -> tuple[Profile, date, int, tuple[int, ...]]:
    """A resident whose calendar year holds `earlier` days abroad before a trip under way, and
    growing lengths for that trip (days so far), around the 58/62-day lines."""
    jan = date(draw(st.integers(2024, 2026)), 1, 1)
    as_of = jan + timedelta(days=draw(st.integers(90, 350)))
    start = as_of - timedelta(days=draw(st.integers(400, 2000)))
    permits = (PermitSpan(PermitKind.WORK, start, None),)
    earlier = draw(st.integers(0, 40))
    trips: tuple[TripSpan, ...] = ()
    if earlier:
        trips = (TripSpan(jan, jan + timedelta(days=earlier - 1), "GB"),)
    room = (as_of - jan).days + 1 - earlier - 1  # the trip under way starts after that one
    # Mostly around the lines (58 and 62 days in the year), sometimes anywhere.
    near = st.integers(max(1, 54 - earlier), min(room, 66 - earlier))
    lengths = draw(st.lists(near | st.integers(1, room), min_size=2, max_size=5, unique=True))
    return (
        Profile(trips, permits, KeyDates(arrived_on=start)),
        as_of,
        earlier,
        tuple(sorted(lengths)),
    )


def _citizenship_level(profile: Profile, home: Profile, as_of: date, convention: Convention) -> int:
    """What the engine says coming home on the last trip's return does to citizenship."""
    base = projected(home, as_of, convention)["citizenship"]
    after = projected(profile, as_of, convention)["citizenship"]
    assert isinstance(base, RuleResult)
    assert isinstance(after, RuleResult)
    return max(worse_years(base, after).values(), default=0)


@settings(max_examples=20)
@given(citizenship_year(), st.sampled_from(CONVENTIONS))
def test_citizenship_latest_safe_return_never_moves_later_as_days_abroad_grow(
    case: tuple[Profile, date, int, tuple[int, ...]], convention: Convention
) -> None:
    record, as_of, earlier, lengths = case
    tomorrow = as_of + ONE_DAY
    previous: tuple[date, date] | None = None
    for days in lengths:
        since = as_of - timedelta(days=days - 1)
        home = replace(record, trips=(*record.trips, TripSpan(since, None, "US")))
        [safe] = [
            s
            for s in Planner(home, as_of, convention).latest_safe_returns(since, "US")
            if s.rule_id == "citizenship"
        ]
        assert not safe.horizon_hit
        cautious, lenient = safe.latest_green or as_of, safe.latest or as_of
        event(f"{earlier + days} days: {'home today' if cautious == as_of else 'a date'}")
        if previous is not None:
            assert cautious <= previous[0], (days, cautious, previous)
            assert lenient <= previous[1], (days, lenient, previous)
        previous = (cautious, lenient)
        # The engine: returning on the date keeps the level below the line, a day later does not.
        for found, line in ((safe.latest_green, 1), (safe.latest, 2)):
            if found is not None:
                keep = replace(home, trips=(*record.trips, TripSpan(since, found, "US")))
                assert _citizenship_level(keep, home, as_of, convention) < line
            first_bad = tomorrow if found is None else found + ONE_DAY
            bad = replace(home, trips=(*record.trips, TripSpan(since, first_bad, "US")))
            assert _citizenship_level(bad, home, as_of, convention) >= line
