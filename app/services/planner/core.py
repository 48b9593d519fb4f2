"""The trip planner: verdicts on a proposed trip, latest safe returns, earliest departures.

Everything is judged on the record *with the planned trips already on it*: the engine's
projection context (`build_context(..., projected=True)`, searched from tomorrow). A proposed
trip (departure D, return R, both travel days included) is added to that record:

- it *breaks* a rule when some date from tomorrow on turns RED that was not RED without it
  (permanent residence: the application or expected decision date turns RED, or the earliest
  date moves later; citizenship: a calendar year reaches 63 days abroad); AMBER likewise;
- the latest safe return for D under a rule is the largest R ≥ D (≥ tomorrow for the way home
  from the trip under way, the only plan that may depart on or before today) keeping the rule
  free of RED, None when even that first R breaks it, looked for up to `horizon_days` after
  that first R. Counts only grow as R grows, so this is a binary search. The way home from a
  trip under way with a booked return is asked on the record as though the person came home
  today (`profile.home_today`), so the booked return is judged against that;
- the earliest departure for a length N is the first D ≥ tomorrow, up to
  `departure_horizon_days` ahead, for which (D, D + N − 1) introduces no AMBER or RED anywhere.

`Planner` does the expensive part (the engine's baseline) once per record, or reads it from the
assessment's prepared record (`Planner.of(basis)`); each question after that costs a few
vectorised reads (see `probes.py` and `bench/bench_planner.py`) and one evaluation of each rule
the trip can touch on the record with the trip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from app.services.days import IntArray
from app.services.errors import ValidationError
from app.services.planner import text
from app.services.planner.baseline import (
    build_probes,
    check_departure,
    check_destination,
    check_trip,
    with_trip_context,
)
from app.services.planner.engine_probe import EngineProbe
from app.services.planner.marks import Candidates, Probe, count_in, free_in
from app.services.planner.model import (
    DEPARTURE_HORIZON_DAYS,
    MAX_TRIP_DAYS,
    RETURN_HORIZON_DAYS,
    EarliestDeparture,
    GoalDates,
    PlanAnswer,
    RuleVerdict,
    SafeReturn,
    TripPlan,
    YearBudget,
)
from app.services.profile import Convention, Profile, Status, TripSpan, home_today
from app.services.results import NotApplicable, RuleResult
from app.services.ruledata import RuleData
from app.services.rules.basis import Basis
from app.services.rules.citizenship import deduction_lines
from app.services.rules.collective import ukraine_flag
from app.services.rules.context import Context, schengen_from
from app.services.rules.counting import CalendarYears
from app.services.rules.registry import RULE_IDS, RULES, unit
from app.services.rules.unit import LEVELS, Change
from app.services.wording import _

ONE_DAY = timedelta(days=1)
CHUNK = 256  # departures tried per vectorised step of the earliest-departure search
# Departures the rules without a vectorised probe (permanent residence, its loss) are asked
# about, at most, per earliest-departure search (about 2.5 ms each at 2,000 trips).
ENGINE_CHECKS = 150
Ordinals = Sequence[int] | IntArray


@dataclass(frozen=True, slots=True)
class _Goals:
    pr: RuleResult | NotApplicable
    citizenship: RuleResult | NotApplicable


class Planner:
    """Answers planning questions about one person's record as it stands on `as_of`."""

    def __init__(
        self,
        profile: Profile,
        as_of: date,
        convention: Convention = "inclusive",
        *,
        pr_waiting_months: int = 24,
        data: RuleData | None = None,
        horizon_days: int = RETURN_HORIZON_DAYS,
        departure_horizon_days: int = DEPARTURE_HORIZON_DAYS,
        basis: Basis | None = None,
    ) -> None:
        # `basis`: the record already prepared for these inputs (the assessment's), so its
        # contexts and rule results are not built again.
        if basis is None or not basis.same_inputs(profile, as_of, convention, pr_waiting_months):
            basis = Basis(
                profile, as_of, convention, pr_waiting_months=pr_waiting_months, data=data
            )
        self.basis = basis
        self.profile, self.as_of, self.convention = profile, as_of, convention
        self.data = basis.data
        self.pr_waiting_months = pr_waiting_months
        self.horizon_days = horizon_days
        self.departure_horizon_days = departure_horizon_days
        self.tomorrow = as_of + ONE_DAY
        self._prepared = basis.prepared
        self.planned_trips = sum(
            1 for t in profile.trips if t.return_date is not None and t.return_date > as_of
        )
        self.ctx = basis.context(projected=True)
        self._now = _Goals(basis.result("permanent-residence"), basis.result("citizenship"))
        self.base: dict[str, RuleResult] = {}
        for rule in RULES:
            result = basis.result(rule.id, projected=True)
            if isinstance(result, RuleResult):
                self.base[rule.id] = result
        self._probes = build_probes(self.ctx, self.base, as_of)
        self._home: Planner | None = None

    @classmethod
    def of(cls, basis: Basis) -> Planner:
        """A planner on a prepared record (the assessment's), sharing its evaluations."""
        return cls(
            basis.profile,
            basis.as_of,
            basis.convention,
            pr_waiting_months=basis.pr_waiting_months,
            data=basis.data,
            basis=basis,
        )

    # -- inputs ----------------------------------------------------------------------------

    def _candidates(self, departure: Ordinals, back: Ordinals, joined: int) -> Candidates:
        return Candidates.of(
            np.asarray(departure, dtype=np.int64),
            np.asarray(back, dtype=np.int64),
            self.convention,
            joined,
        )

    def _affects(self, rule_id: str, joined: int, back: int) -> bool:
        """Whether the trip can change the rule (one that counts only days in other Schengen
        states: only with such days)."""
        probe = self._probes.get(rule_id)
        return probe is None or not probe.schengen_only or joined <= back

    def _asked(self, departure: date) -> Planner:
        """The planner that answers for `departure`. The way home from a trip under way with a
        booked return is planned on the record as though the person came home today (the
        booked days ahead are what the plan replaces), so its answers and verdicts are judged
        against coming home today; everything else on this record."""
        if departure > self.as_of:
            return self
        home = home_today(self.profile, self.as_of)
        if home is self.profile:
            return self
        if self._home is None:
            self._home = Planner(
                home,
                self.as_of,
                self.convention,
                pr_waiting_months=self.pr_waiting_months,
                data=self.data,
                horizon_days=self.horizon_days,
                departure_horizon_days=self.departure_horizon_days,
            )
        return self._home

    # -- questions -------------------------------------------------------------------------

    def latest_safe_returns(
        self, departure: date, destination: str | None = None
    ) -> tuple[SafeReturn, ...]:
        """For each rule the trip can affect, the latest safe return after `departure`."""
        if (asked := self._asked(departure)) is not self:
            return asked.latest_safe_returns(departure, destination)
        code = check_destination(destination)
        check_departure(self.profile, self.as_of, departure)
        joined = schengen_from(code)
        high = self._search_range(departure)[1]
        return tuple(
            self._safe_return(probe, departure, joined)
            for rule_id in RULE_IDS
            if (probe := self._probes.get(rule_id)) is not None
            and self._affects(rule_id, joined, high)
        )

    def _search_range(self, departure: date) -> tuple[int, int]:
        """The returns a latest-safe-return search tries (for a trip under way, from tomorrow)."""
        low = max(departure.toordinal(), self.tomorrow.toordinal())
        return low, low + self.horizon_days

    def _safe_return(self, probe: Probe, departure: date, joined: int) -> SafeReturn:
        dep = departure.toordinal()
        low, high = self._search_range(departure)

        def level(back: int) -> int:
            return int(probe.introduced(self._candidates([dep], [back], joined))[0])

        latest = _largest_below(level, low, high, 2)
        green = None if latest is None else _largest_below(level, low, latest, 1)
        return SafeReturn(
            rule_id=probe.rule_id,
            latest=None if latest is None else date.fromordinal(latest),
            latest_green=None if green is None else date.fromordinal(green),
            horizon_hit=latest == high,
        )

    def earliest_departure(self, days: int, destination: str | None = None) -> EarliestDeparture:
        """The first departure from tomorrow for a trip of `days` days (both travel days
        counted) that introduces no AMBER or RED under any rule."""
        if not 1 <= days <= MAX_TRIP_DAYS:
            raise ValidationError(
                _("Give a trip length from 1 to {max_trip_days:,} days.").format(
                    max_trip_days=MAX_TRIP_DAYS
                )
            )
        code = check_destination(destination)
        joined = schengen_from(code)
        first = self.tomorrow.toordinal()
        last = first + self.departure_horizon_days - 1
        # Cheap probes (a few marks per trip) first, so the rolling-window probes, which read
        # a whole window per day of the trip, only see the departures that are left.
        vector = sorted((p for p in self._probes.values() if p.vectorised), key=lambda p: p.cost)
        engine = [p for p in self._probes.values() if not p.vectorised]
        asked = 0
        for chunk in range(first, last + 1, CHUNK):
            deps = np.arange(chunk, min(chunk + CHUNK, last + 1), dtype=np.int64)
            ok = np.ones(deps.size, dtype=np.bool_)
            for probe in vector:
                index = np.flatnonzero(ok)
                if index.size == 0:
                    break
                cand = self._candidates(deps[index], deps[index] + days - 1, joined)
                ok[index] = probe.introduced(cand) == 0
            for position in np.flatnonzero(ok):
                dep = int(deps[position])
                if asked >= ENGINE_CHECKS:
                    # The engine probes cost a rule evaluation each: stop and say how far the
                    # search went rather than keep the window waiting.
                    return EarliestDeparture(days, None, date.fromordinal(dep - 1))
                asked += 1
                cand = self._candidates([dep], [dep + days - 1], joined)
                if all(int(p.introduced(cand)[0]) == 0 for p in engine):
                    return EarliestDeparture(days, date.fromordinal(dep), date.fromordinal(last))
        return EarliestDeparture(days, None, date.fromordinal(last))

    def plan(self, departure: date, return_date: date, destination: str | None = None) -> TripPlan:
        """Every rule's verdict on the trip (departure, return_date): the engine's own result on
        the record with the trip added, compared by each rule with the record without it."""
        if (asked := self._asked(departure)) is not self:
            return asked.plan(departure, return_date, destination)
        code = check_destination(destination)
        check_trip(self.profile, self.as_of, departure, return_date)
        joined, back = schengen_from(code), return_date.toordinal()
        trip_ctx = with_trip_context(
            self.profile,
            self._prepared,
            TripSpan(departure, return_date, code),
            self.as_of,
            self.convention,
            self.data,
            self.pr_waiting_months,
        )
        cand = self._candidates([departure.toordinal()], [back], joined)
        changes: dict[str, Change] = {}
        afters: dict[str, RuleResult] = {}
        verdicts: list[RuleVerdict] = []
        for rule in RULES:
            probe = self._probes.get(rule.id)
            base = self.base.get(rule.id)
            if probe is None or base is None:
                continue
            already = probe.already()
            if not self._affects(rule.id, joined, back):
                verdicts.append(text.unaffected_verdict(base, code, already))
                continue
            after = rule.evaluate(trip_ctx)
            assert isinstance(after, RuleResult)  # applicability does not depend on trips
            afters[rule.id] = after
            # The rule's own comparison names what changes (years, dates that matter); the
            # probe, checked against the engine day by day, gives the level and first dates.
            changes[rule.id] = rule.compare(base, after)
            # A rule asked through its unit has just been: its result with the trip is `after`.
            detail = (
                probe.detail_of(after) if isinstance(probe, EngineProbe) else probe.detail(cand)
            )
            safe = self._safe_return(probe, departure, joined)
            peak = detail.peak
            over_by = 0
            if peak is not None and detail.level:
                # By how many days: the peak minus the highest line it crosses.
                line = probe.lenient if peak > probe.lenient else probe.limit
                over_by = max(0, peak - line)
            verdicts.append(
                RuleVerdict(
                    id=rule.id,
                    title=base.title,
                    status=LEVELS[detail.level],
                    affected=True,
                    first_warning=_date(detail.first_warning),
                    first_breach=_date(detail.first_breach),
                    peak_days=peak,
                    limit=probe.limit,
                    lenient_limit=probe.lenient,
                    over_by=over_by,
                    already_breached=_date(already),
                    safe_return=safe,
                    message="",
                )
            )
        goals = self._goals(trip_ctx, afters)
        verdicts = [
            replace(v, message=text.verdict_message(v, goals, changes.get(v.id)))
            if v.affected
            else v
            for v in verdicts
        ]
        verdicts = self._ukraine(verdicts, TripSpan(departure, return_date, code))
        return TripPlan(
            as_of=self.as_of,
            convention=self.convention,
            departure=departure,
            return_date=return_date,
            destination=code,
            schengen=joined <= back,
            planned_trips=self.planned_trips,
            verdicts=tuple(verdicts),
            goals=goals,
            year_budget=self._year_budget(cand),
            horizon_days=self.horizon_days,
            notes=text.plan_notes(self.profile, self.as_of, code, departure),
        )

    def answer(
        self,
        departure: date,
        *,
        return_date: date | None = None,
        days: int | None = None,
        destination: str | None = None,
    ) -> PlanAnswer:
        """One call for the panel and `borte plan`: the verdicts on (departure, return_date),
        or on a trip of `days` days with the earliest departure for that length, or, with
        neither, on the longest trip from `departure` that keeps every rule free of RED."""
        if (asked := self._asked(departure)) is not self:
            return asked.answer(
                departure, return_date=return_date, days=days, destination=destination
            )
        if return_date is not None and days is not None:
            raise ValidationError(_("Give either a return date or a length, not both."))
        earliest = None
        if days is not None:
            earliest = self.earliest_departure(days, destination)
            return_date = departure + timedelta(days=days - 1)
        given = return_date is not None
        if return_date is None:
            # The cautious reading decides what is safe (the lenient one is shown beside it).
            safe = self.latest_safe_returns(departure, destination)
            shortest = max(departure, self.tomorrow)
            if any(s.latest_green is None for s in safe):
                return_date = shortest
            else:
                latest = [s.latest_green for s in safe if s.latest_green is not None]
                return_date = min(latest, default=shortest)
        return PlanAnswer(self.plan(departure, return_date, destination), given, earliest)

    def _ukraine(self, verdicts: list[RuleVerdict], trip: TripSpan) -> list[RuleVerdict]:
        """A trip to Ukraine during collective protection is RED whatever its length
        (rules.md §1.3a): said before the trip is added."""
        flag = ukraine_flag(self.profile.permits, trip, self.as_of, self.data)
        if flag is None:
            return verdicts
        message = _("{message} Source: {source}").format(message=flag.message, source=flag.source)
        found = [v for v in verdicts if v.id == "collective-protection"]
        if found:
            return [
                replace(v, status=Status.RED, first_breach=trip.departure, message=message)
                if v.id == "collective-protection"
                else v
                for v in verdicts
            ]
        info = self.data.rule("collective-protection")
        return [
            RuleVerdict(
                id=info.id,
                title=info.title,
                status=Status.RED,
                affected=True,
                first_warning=trip.departure,
                first_breach=trip.departure,
                peak_days=None,
                limit=0,
                lenient_limit=0,
                over_by=0,
                already_breached=None,
                safe_return=None,
                message=message,
            ),
            *verdicts,
        ]

    # -- goals and the year budget ---------------------------------------------------------

    def _goals(self, trip_ctx: Context, afters: dict[str, RuleResult]) -> tuple[GoalDates, ...]:
        """The goal dates now, with the planned trips and with the trip (`afters`: the rules'
        results on `trip_ctx` already evaluated for the verdicts)."""
        found: list[GoalDates] = []
        for rule_id, now in (
            ("permanent-residence", self._now.pr),
            ("citizenship", self._now.citizenship),
        ):
            planned = self.base.get(rule_id)
            if planned is None or not isinstance(now, RuleResult):
                continue
            after = afters.get(rule_id) or unit(rule_id).evaluate(trip_ctx)
            assert isinstance(after, RuleResult)  # applicability does not depend on trips
            found.append(
                text.goal_dates(rule_id, now.earliest_met, planned.earliest_met, after.earliest_met)
            )
        return tuple(found)

    def _year_budget(self, cand: Candidates) -> YearBudget:
        """Days left this calendar year without a citizenship deduction, before and after."""
        # What the deduction counts, as the rule describes it (from the residence start).
        rule = unit("citizenship")
        years = None if rule.counting is None else rule.counting(self.ctx)
        if isinstance(years, CalendarYears):
            limit, start, mask = years.conservative, years.start, years.mask
        else:  # no residence start recorded: the days abroad this year, against the same line
            limit, start, mask = deduction_lines(self.data)[0], self.ctx.first + 1, self.ctx.abroad
        jan = max(date(self.as_of.year, 1, 1).toordinal(), start)
        dec = date(self.as_of.year, 12, 31).toordinal()
        lo, hi = np.array([jan]), np.array([dec])
        planned = int(count_in(mask, lo, hi)[0])
        added = int(
            free_in(mask, np.maximum(lo, cand.main[0][:1]), np.minimum(hi, cand.main[1][:1]))[0]
        )
        return YearBudget(
            year=self.as_of.year,
            limit=limit,
            with_planned=max(0, limit - planned),
            with_trip=max(0, limit - planned - added),
        )


def _largest_below(level: Callable[[int], int], low: int, high: int, threshold: int) -> int | None:
    """The largest x in [low, high] with level(x) < threshold, for a level that never falls as
    x grows; None when even level(low) reaches it."""
    if level(low) >= threshold:
        return None
    if level(high) < threshold:
        return high
    while high - low > 1:  # level(low) < threshold <= level(high)
        middle = (low + high) // 2
        if level(middle) < threshold:
            low = middle
        else:
            high = middle
    return low


def _date(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)
