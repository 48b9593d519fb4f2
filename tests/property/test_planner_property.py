"""The planner against a brute force that runs `engine.evaluate` once per candidate date.

The brute force adds the proposed trip to the profile, evaluates, and reads the projection the
way a user would read the status screen: a rule is broken when its projection shows a first
breach (or, for permanent residence, when the application or decision date turns RED or the
earliest date moves; for citizenship, when a calendar year goes over a line or, over one
already, gains days). It tries every return
date from the first possible one until each rule breaks, and every departure from tomorrow
until one keeps every rule GREEN. The planner gets the same small horizons, so "no limit
within the horizon" is compared too.

The planner does not hold breaches the record already has against a new trip, which the
projection cannot tell apart; examples whose record already breaches a count rule from
tomorrow on are therefore checked only for that (`already_breached`), not for return dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, event, given
from hypothesis import strategies as st

from app.services.countries import schengen_since
from app.services.dates import add_years
from app.services.engine import evaluate
from app.services.planner import Planner, SafeReturn
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
from app.services.rules.registry import RULES

ONE_DAY = timedelta(days=1)
LEVEL = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}
# Schengen states, Bulgaria (joined 2024-03-31, inside the generated years), other countries,
# Svalbard and "not recorded".
DESTINATIONS = ("SE", "DE", "FR", "BG", "GB", "US", "SJ", None)
CONVENTIONS: tuple[Convention, ...] = ("inclusive", "whole_days")
COUNT_RULES = (
    "temporary-365",
    "temporary-permit-period",
    "permanent-residence-loss",
    "schengen-90-180",
)


def projected(profile: Profile, as_of: date, convention: Convention) -> dict[str, RuleResult]:
    """The rules as the status screen shows them with the planned trips counted."""
    evaluation = evaluate(profile, as_of, convention)
    rules = evaluation.projection.rules if evaluation.projection else evaluation.rules
    return {r.id: r for r in rules}


def plus(profile: Profile, trip: TripSpan) -> Profile:
    return replace(profile, trips=(*profile.trips, trip))


def introduced(rule_id: str, base: RuleResult, after: RuleResult, profile: Profile) -> int:
    """The worst level the trip brought, read from two evaluations (0, 1 AMBER, 2 RED)."""
    if rule_id == "permanent-residence":
        # Moving the earliest date later breaks it; otherwise the dates that matter
        # (application or "if you apply on your return", expected decision) judged together.
        old, new = base.earliest_met, after.earliest_met
        moved = new != old and (new is None or (old is not None and new > old))
        if profile.key_dates.pr_applied_on is None and moved:
            return 2
        worst_before = max((LEVEL[c.status] for c in base.evaluations[1:]), default=0)
        worst_after = max((LEVEL[c.status] for c in after.evaluations[1:]), default=0)
        return worst_after if worst_after > worst_before else 0
    if rule_id == "citizenship":
        return max(worse_years(base, after).values(), default=0)
    if after.first_breach is not None:
        return 2
    return 1 if after.first_warning is not None else 0


def worse_years(base: RuleResult, after: RuleResult) -> dict[int, int]:
    """Citizenship: the calendar years the trip makes worse, with their level: a year it takes
    over a line, or one over a line already that it adds days to (all of a deducted year's days
    are deducted, so each one more is one more day deducted)."""
    before = {y.year: (LEVEL[y.status], y.days) for y in base.years}
    found: dict[int, int] = {}
    for y in after.years:
        level, days = before.get(y.year, (0, 0))
        if LEVEL[y.status] > level or (LEVEL[y.status] > 0 and y.days > days):
            found[y.year] = LEVEL[y.status]
    return found


def already(
    profile: Profile, as_of: date, convention: Convention
) -> dict[str, tuple[date | None, date | None]]:
    """Per count rule, the first AMBER-or-worse and the first RED date from tomorrow without
    any new trip: the projection is stretched to a far-off one-day trip so that it searches
    every later date."""
    far = as_of + timedelta(days=3000)
    rules = projected(plus(profile, TripSpan(far, far)), as_of, convention)
    return {
        rule_id: (r.first_warning, r.first_breach)
        for rule_id, r in rules.items()
        if rule_id in COUNT_RULES
    }


def clear(found: dict[str, tuple[date | None, date | None]]) -> bool:
    return all(warning is None for warning, _ in found.values())


def brute_latest(
    profile: Profile,
    as_of: date,
    convention: Convention,
    departure: date,
    destination: str | None,
    horizon: int,
) -> dict[str, tuple[date | None, date | None]]:
    """Per rule, (latest return free of RED, latest return still GREEN), trying every date."""
    base = projected(profile, as_of, convention)
    first = max(departure, as_of + ONE_DAY)
    last = first + timedelta(days=horizon)
    red: dict[str, date] = {}
    amber: dict[str, date] = {}
    back = first
    while back <= last and len(red) < len(base):
        after = projected(plus(profile, TripSpan(departure, back, destination)), as_of, convention)
        for rule_id, before in base.items():
            level = introduced(rule_id, before, after[rule_id], profile)
            if level >= 1:
                amber.setdefault(rule_id, back)
            if level >= 2:
                red.setdefault(rule_id, back)
        back += ONE_DAY

    def latest(found: dict[str, date], rule_id: str) -> date | None:
        if rule_id not in found:
            return last
        return None if found[rule_id] == first else found[rule_id] - ONE_DAY

    return {rule_id: (latest(red, rule_id), latest(amber, rule_id)) for rule_id in base}


def brute_earliest(
    profile: Profile,
    as_of: date,
    convention: Convention,
    days: int,
    destination: str | None,
    horizon: int,
) -> date | None:
    base = projected(profile, as_of, convention)
    for offset in range(1, horizon + 1):
        departure = as_of + timedelta(days=offset)
        trip = TripSpan(departure, departure + timedelta(days=days - 1), destination)
        after = projected(plus(profile, trip), as_of, convention)
        if all(introduced(r, base[r], after[r], profile) == 0 for r in base):
            return departure
    return None


# ---------------------------------------------------------------------------------------------
# Strategies


@st.composite
def light_record(draw: st.DrawFn) -> tuple[Profile, date]:
    """No permit recorded (so only the 365-day and Schengen rules apply: quick to evaluate),
    past and planned trips around `as_of`, sometimes one under way."""
    as_of = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
    trips: list[TripSpan] = []
    for _ in range(draw(st.integers(0, 6))):
        departure = as_of + timedelta(days=draw(st.integers(-400, 150)))
        length = draw(st.integers(0, 120))
        trips.append(
            TripSpan(
                departure, departure + timedelta(days=length), draw(st.sampled_from(DESTINATIONS))
            )
        )
    if draw(st.integers(0, 4)) == 0:
        trips.append(TripSpan(as_of - timedelta(days=draw(st.integers(0, 60))), None, "DE"))
    return Profile(trips=tuple(trips)), as_of


@st.composite
def resident_record(draw: st.DrawFn) -> tuple[Profile, date]:
    """A permit from about three years back (so the earliest permanent-residence date is near
    today), sometimes a recorded PR application, past trips that bring the three-year window
    near 210 days, and this year's days abroad near the citizenship line of 58."""
    as_of = draw(st.dates(min_value=date(2025, 1, 15), max_value=date(2026, 10, 15)))
    start = as_of - timedelta(days=3 * 365 + draw(st.integers(-120, 200)))
    end = draw(st.none() | st.just(as_of + timedelta(days=draw(st.integers(200, 900)))))
    kind = draw(st.sampled_from((PermitKind.WORK, PermitKind.SKILLED_WORKER, PermitKind.FAMILY)))
    applied = None
    if draw(st.integers(0, 3)) == 0:
        applied = as_of + timedelta(days=draw(st.integers(-30, 60)))
    jan = date(as_of.year, 1, 1)
    trips: list[TripSpan] = []
    total = draw(st.integers(150, 240))  # days abroad between the permit start and January
    parts = draw(st.integers(1, 3))
    room = (jan - start).days // parts
    for part in range(parts):
        length = total // parts
        lo = start + timedelta(days=part * room)
        departure = lo + timedelta(days=draw(st.integers(0, max(0, room - length - 1))))
        trips.append(TripSpan(departure, departure + timedelta(days=length - 1), "GB"))
    this_year = draw(st.integers(30, 60))
    trips.append(TripSpan(jan, jan + timedelta(days=this_year - 1), "US"))
    if draw(st.booleans()):
        departure = as_of + timedelta(days=draw(st.integers(1, 200)))
        trips.append(
            TripSpan(departure, departure + timedelta(days=draw(st.integers(0, 30))), "SE")
        )
    permits = (PermitSpan(kind, start, end),)
    key = KeyDates(arrived_on=start, pr_applied_on=applied)
    return Profile(tuple(trips), permits, key), as_of


def check_latest(
    profile: Profile,
    as_of: date,
    convention: Convention,
    offset: int,
    destination: str | None,
    horizon: int,
) -> None:
    planner = Planner(profile, as_of, convention, horizon_days=horizon)
    # A plan departs after today, or is the way home from the trip under way.
    departure = as_of + timedelta(days=max(offset, 1))
    under_way = [t.departure for t in profile.trips if t.return_date is None]
    if offset < 1 and under_way:
        departure = max(min(under_way), as_of + timedelta(days=offset))
    before = already(profile, as_of, convention)
    for rule_id, (_, breach) in before.items():
        probe = planner._probes.get(rule_id)
        if probe is not None:
            ordinal = probe.already()
            assert (None if ordinal is None else date.fromordinal(ordinal)) == breach, rule_id
    assume(clear(before))
    expected = brute_latest(profile, as_of, convention, departure, destination, horizon)
    found = {s.rule_id: s for s in planner.latest_safe_returns(departure, destination)}
    joined = schengen_since(destination) if destination else None
    first = max(departure, as_of + ONE_DAY)
    schengen = joined is not None and joined <= first + timedelta(days=horizon)
    for rule_id, (latest, green) in expected.items():
        if rule_id == "schengen-90-180" and not schengen:
            assert rule_id not in found
            continue
        kind = "none" if latest is None else "horizon" if found[rule_id].horizon_hit else "limit"
        event(f"{rule_id}: {kind}{'' if latest == green else ', amber first'}")
        assert (found[rule_id].latest, found[rule_id].latest_green) == (latest, green), rule_id
        assert found[rule_id].horizon_hit == (latest == first + timedelta(days=horizon))


@given(
    light_record(),
    st.integers(-20, 120),
    st.sampled_from(DESTINATIONS),
    st.sampled_from(CONVENTIONS),
)
def test_latest_safe_return_matches_brute_force(
    record: tuple[Profile, date], offset: int, destination: str | None, convention: Convention
) -> None:
    profile, as_of = record
    check_latest(profile, as_of, convention, offset, destination, horizon=100)


@given(
    resident_record(),
    st.sampled_from(("today", "earliest")),
    st.integers(-25, 10),
    st.sampled_from(CONVENTIONS),
)
def test_latest_safe_return_for_residents_matches_brute_force(
    record: tuple[Profile, date], anchor: str, offset: int, convention: Convention
) -> None:
    profile, as_of = record
    # Start near a date where a few days decide: today (this year's citizenship budget) or the
    # earliest permanent-residence date (pushing it is a breach).
    day = as_of + ONE_DAY
    if anchor == "earliest":
        pr = Planner(profile, as_of, convention).base.get("permanent-residence")
        if pr is not None and pr.earliest_met is not None and pr.earliest_met > as_of:
            day = pr.earliest_met
    check_latest(profile, as_of, convention, (day - as_of).days + offset, "DE", horizon=15)


@given(
    light_record(),
    st.integers(1, 60),
    st.sampled_from(DESTINATIONS),
    st.sampled_from(CONVENTIONS),
)
def test_earliest_departure_matches_brute_force(
    record: tuple[Profile, date], days: int, destination: str | None, convention: Convention
) -> None:
    profile, as_of = record
    assume(clear(already(profile, as_of, convention)))
    planner = Planner(profile, as_of, convention, departure_horizon_days=120)
    expected = brute_earliest(profile, as_of, convention, days, destination, horizon=120)
    event("found" if expected else "none within the horizon")
    assert planner.earliest_departure(days, destination).departure == expected


@given(resident_record(), st.integers(1, 90), st.sampled_from(CONVENTIONS))
def test_earliest_departure_for_residents_matches_brute_force(
    record: tuple[Profile, date], days: int, convention: Convention
) -> None:
    profile, as_of = record
    assume(clear(already(profile, as_of, convention)))
    planner = Planner(profile, as_of, convention, departure_horizon_days=15)
    expected = brute_earliest(profile, as_of, convention, days, "DE", horizon=15)
    event("found" if expected == as_of + ONE_DAY else "later" if expected else "none")
    assert planner.earliest_departure(days, "DE").departure == expected


# ---------------------------------------------------------------------------------------------
# A trip under way: the latest safe return as the days abroad grow


PERIOD_RULE = "temporary-permit-period"


@st.composite
def away_on_a_short_permit(draw: st.DrawFn) -> tuple[PermitSpan, date, date]:
    """A permit of a year or less (sometimes exactly one year), today inside it, and the
    departure of a trip under way (from the permit start) whose length decides."""
    start = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)))
    if draw(st.booleans()):
        end = add_years(start, 1) - ONE_DAY
    else:
        end = start + timedelta(days=draw(st.integers(40, 360)))
    length = (end - start).days + 1
    as_of = start + timedelta(days=draw(st.integers(length // 3, length - 5)))
    departure = as_of - timedelta(days=draw(st.integers(0, (as_of - start).days)))
    return PermitSpan(PermitKind.WORK, start, end), as_of, departure


def _engine_level(profile: Profile, as_of: date, trip: TripSpan, convention: Convention) -> int:
    """The half-the-period rule's own "what if" for the trip under way ending as `trip` does."""
    unit = next(rule for rule in RULES if rule.id == PERIOD_RULE)
    base = projected(profile, as_of, convention)[PERIOD_RULE]
    after = projected(replace(profile, trips=(trip,)), as_of, convention)[PERIOD_RULE]
    return unit.compare(base, after).level


def _check_against_engine(
    profile: Profile, as_of: date, convention: Convention, departure: date, found: SafeReturn
) -> None:
    """Each date the planner gives is the engine's edge: that return keeps the level below the
    line, one day later does not (no date: returning tomorrow already crosses it)."""
    tomorrow = as_of + ONE_DAY
    for back, line in ((found.latest, 2), (found.latest_green, 1)):
        if back is None:
            assert (
                _engine_level(profile, as_of, TripSpan(departure, tomorrow, "US"), convention)
                >= line
            )
            continue
        if found.horizon_hit:
            continue
        assert _engine_level(profile, as_of, TripSpan(departure, back, "US"), convention) < line
        later = TripSpan(departure, back + ONE_DAY, "US")
        assert _engine_level(profile, as_of, later, convention) >= line


def _not_later(new: date | None, old: date | None) -> bool:
    return new is None or (old is not None and new <= old)


@given(away_on_a_short_permit(), st.integers(1, 40), st.sampled_from(CONVENTIONS))
def test_latest_safe_return_never_moves_later_as_days_abroad_grow(
    setting: tuple[PermitSpan, date, date], more: int, convention: Convention
) -> None:
    permit, as_of, departure = setting
    earlier = max(permit.valid_from, departure - timedelta(days=more))
    answers = []
    for leaving in (departure, earlier):
        profile = Profile(trips=(TripSpan(leaving, None, "US"),), permits=(permit,))
        found = {
            s.rule_id: s
            for s in Planner(profile, as_of, convention, horizon_days=400).latest_safe_returns(
                leaving, "US"
            )
        }[PERIOD_RULE]
        _check_against_engine(profile, as_of, convention, leaving, found)
        answers.append(found)
    fewer, more_days = answers
    event("none" if more_days.latest is None else "a date")
    assert _not_later(more_days.latest, fewer.latest)
    assert _not_later(more_days.latest_green, fewer.latest_green)
