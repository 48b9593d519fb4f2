"""An independent, day-by-day reference implementation of the rules in shared/rules.md.

The engine (`app/services`) works on integer ordinals, numpy masks and prefix sums. This module
does the same sums the slow way, with `datetime.date` objects and Python sets, so the property
tests can compare the two. Nothing here is copied from `app/`; only the input dataclasses
(`TripSpan`, `PermitSpan`, `Profile`) and the `Status` enum are shared.

Where rules.md leaves room, the reading decided for Borte is used, and each function says which.
Every "figure" counts only dates on or before `as_of` (planned days are not counted); a trip
under way ends on `as_of`.

The only concession to speed is `Tally`: a dictionary from each date to the number of abroad
dates up to and including it, built by walking the dates one by one, so that a window count is
two look-ups instead of a loop over the window. `count_between` is the plain loop, and the
property tests check the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.services.profile import Convention, PermitKind, PermitSpan, Profile, Status, TripSpan

ONE_DAY = timedelta(days=1)

# rules.md §1.1: utf. § 10-19a is in force from this date.
ACTUAL_STAY_IN_FORCE = date(2019, 4, 1)
# rules.md §4.1 / §9: 8 of 11 years (and the 6-of-10 income route) from this date; 7 of 10 before.
CITIZENSHIP_2022 = date(2022, 1, 1)

# rules.md §1.2: permits the actual-stay requirement does not apply to.
TEMPORARY_EXEMPT = frozenset(
    {PermitKind.PERMANENT, PermitKind.EEA_REGISTRATION, PermitKind.PROTECTION}
)

# rules.md §2.1: au pair and student permits (and EEA registration, permanent permits and
# "other", whose status is unknown) do not form a basis for permanent residence by default.
PR_BASIS_KINDS = frozenset(
    {
        PermitKind.WORK,
        PermitKind.SKILLED_WORKER,
        PermitKind.FAMILY,
        PermitKind.PROTECTION,
        PermitKind.HUMANITARIAN,
    }
)

# rules.md §6: Schengen states other than Norway that were members for the whole of 2015-2027
# (later members, such as Croatia, Bulgaria and Romania, are left out on purpose: their
# membership depends on the date). Svalbard (SJ), the UK and the US are not Schengen.
SCHENGEN_CODES = frozenset(
    {
        "AT", "BE", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HU", "IS", "IT",
        "LI", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "SE", "SI", "SK",
    }
)  # fmt: skip


# --- Dates -------------------------------------------------------------------------------------


def days_between(first: date, last: date) -> Iterator[date]:
    """Every date from `first` to `last`, both included (nothing if first > last)."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def add_years(day: date, years: int) -> date:
    """The same month and day `years` calendar years away; 29 February becomes 28 February
    in a common year (rules.md §0.4, "Last N years")."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not _is_leap(year):
        return date(year, 2, 28)
    return date(year, day.month, day.day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_last_years(e: date, years: int) -> int:
    """Number of days in `(e − years, e]` (rules.md §0.4): 1095 or 1096 for three years."""
    return (e - add_years(e, -years)).days


def count_between(dates: set[date], first: date, last: date) -> int:
    """|dates ∩ [first, last]|, by walking every day of the window."""
    return sum(1 for day in days_between(first, last) if day in dates)


class Tally:
    """Counts of a fixed set of dates in any window, from a day-by-day running total."""

    def __init__(self, dates: Iterable[date]) -> None:
        self.dates = set(dates)
        self._through: dict[date, int] = {}
        if not self.dates:
            self.first = self.last = date(2000, 1, 1)
            self.total = 0
            return
        self.first, self.last = min(self.dates), max(self.dates)
        running = 0
        for day in days_between(self.first, self.last):
            running += day in self.dates
            self._through[day] = running
        self.total = running

    def through(self, day: date) -> int:
        """How many dates of the set are on or before `day`."""
        if not self.dates or day < self.first:
            return 0
        if day > self.last:
            return self.total
        return self._through[day]

    def count(self, first: date, last: date) -> int:
        """|set ∩ [first, last]| (0 when first > last)."""
        if first > last:
            return 0
        return self.through(last) - self.through(first - ONE_DAY)


# --- Trips (rules.md §0.2) ----------------------------------------------------------------------


def trip_dates(trip: TripSpan, convention: Convention, as_of: date) -> set[date]:
    """The dates one trip keeps a person abroad under `convention` (rules.md §0.2).

    inclusive: departure … return; whole_days: departure + 1 … return − 1; nights: departure …
    return − 1. A trip under way ends on `as_of`, which is abroad under every convention
    (whole_days: departure + 1 … as_of). Completed trips are not cut at `as_of` here.
    """
    if trip.return_date is None:
        first = trip.departure + ONE_DAY if convention == "whole_days" else trip.departure
        return set(days_between(first, as_of))
    if convention == "inclusive":
        first, last = trip.departure, trip.return_date
    elif convention == "whole_days":
        first, last = trip.departure + ONE_DAY, trip.return_date - ONE_DAY
    else:
        first, last = trip.departure, trip.return_date - ONE_DAY
    return set(days_between(first, last))


def abroad_dates(
    trips: Iterable[TripSpan], convention: Convention, as_of: date, *, planned: bool = False
) -> set[date]:
    """The union of the trips' dates (rules.md §0.2: a date is abroad at most once).

    Without `planned`, only dates on or before `as_of` (the record as it stands); with it, the
    planned dates after `as_of` too.
    """
    found: set[date] = set()
    for trip in trips:
        found |= trip_dates(trip, convention, as_of)
    return found if planned else {day for day in found if day <= as_of}


def is_schengen(destination: str | None) -> bool:
    """Whether a trip went to a Schengen state other than Norway (rules.md §6, §0.5)."""
    return destination is not None and destination.strip().upper() in SCHENGEN_CODES


# --- Permits -----------------------------------------------------------------------------------


def permit_in_force(permits: Sequence[PermitSpan], day: date) -> PermitSpan | None:
    """The permit held on `day`: the latest-starting one still valid on that day; if none is
    valid, the latest one that has started; None before the first permit."""
    started = [p for p in permits if p.valid_from <= day]
    valid = [p for p in started if p.valid_to is None or p.valid_to >= day]
    pool = valid or started
    return max(pool, key=lambda p: p.valid_from) if pool else None


def one_year_end(permit: PermitSpan) -> date:
    """The last day of a permit granted for exactly one year."""
    return add_years(permit.valid_from, 1) - ONE_DAY


def permit_length(permit: PermitSpan) -> str:
    """ "short" (under a year), "one_year" (exactly), or "multi" (longer, or no end date)."""
    if permit.valid_to is None or permit.valid_to > one_year_end(permit):
        return "multi"
    return "one_year" if permit.valid_to == one_year_end(permit) else "short"


def forms_pr_basis(permit: PermitSpan) -> bool:
    """Whether the permit counts toward permanent residence (rules.md §2.1)."""
    if permit.forms_pr_basis is not None:
        return permit.forms_pr_basis
    return permit.kind in PR_BASIS_KINDS


def gap_dates(permits: Sequence[PermitSpan]) -> set[date]:
    """Dates without a permit between consecutive permits (rules.md §2.3, §4.2 item 3).

    A gap runs from the day after a permit's `valid_to` through the next permit's `applied_on`
    (nothing if that application came before the expiry), or, with no application date, through
    the day before the next permit starts. Meant for chains of permits that do not overlap; an
    open-ended permit ends the chain.
    """
    ordered = sorted(permits, key=lambda p: p.valid_from)
    found: set[date] = set()
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.valid_to is None:
            break
        last = after.applied_on if after.applied_on is not None else after.valid_from - ONE_DAY
        found |= set(days_between(before.valid_to + ONE_DAY, last))
    return found


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What a reference rule returns; fields a rule does not define stay None."""

    days_abroad: int
    status: Status
    limit: int | None = None
    lenient_limit: int | None = None
    peak_days: int | None = None
    peak_date: date | None = None
    first_warning: date | None = None
    first_breach: date | None = None
    earliest_met: date | None = None
    gap_days: int | None = None
    routes: dict[str, date | None] | None = None


def _peak(series: Sequence[tuple[date, int]]) -> tuple[int | None, date | None]:
    """The largest value and the first date it is reached."""
    if not series:
        return None, None
    best = max(value for _, value in series)
    return best, next(day for day, value in series if value == best)


def _first(series: Iterable[tuple[date, bool]]) -> date | None:
    return next((day for day, flag in series if flag), None)


def first_run_covering(
    met: Callable[[date], bool], scan_from: date, as_of: date, until: date
) -> date | None:
    """First day of the first run of met days that ends on or after `as_of` (searching days
    `scan_from` … `until`): the day since which a goal has been met without a break, or the
    first later day on which it is met."""
    run_start: date | None = None
    for day in days_between(scan_from, until):
        if met(day):
            if run_start is None:
                run_start = day
            if day >= as_of:
                return run_start
        else:
            run_start = None
    return None


def _three_state(count: int, conservative: int, lenient: int) -> Status:
    """rules.md §0.3: GREEN ≤ conservative, AMBER ≤ lenient, RED above."""
    if count <= conservative:
        return Status.GREEN
    return Status.AMBER if count <= lenient else Status.RED


_RANK = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}


def _worse(a: Status, b: Status) -> Status:
    return a if _RANK[a] >= _RANK[b] else b


# --- §1 temporary permits ----------------------------------------------------------------------


def temporary_365(profile: Profile, as_of: date, convention: Convention) -> Figures | None:
    """rules.md §1.1: at most 182 days abroad in any rolling 365-day window.

    Applies from 2019-04-01 with no permit recorded, or while the permit in force is a
    temporary one (not permanent, EEA registration or protection, §1.2) of more than one year.
    Windows start no earlier than the first such permit. None when the rule does not apply.
    """
    if as_of < ACTUAL_STAY_IN_FORCE:
        return None
    permits = profile.permits
    lower: date | None = None
    if permits:
        current = permit_in_force(permits, as_of)
        if current is None or current.kind in TEMPORARY_EXEMPT:
            return None
        if permit_length(current) != "multi":
            return None
        lower = min(p.valid_from for p in permits if p.kind not in TEMPORARY_EXEMPT)
    tally = Tally(abroad_dates(profile.trips, convention, as_of))

    def count(e: date) -> int:
        first = e - timedelta(days=364)
        if lower is not None:
            first = max(first, lower)
        return tally.count(first, e)

    first_trip = min([as_of, *(t.departure for t in profile.trips)])
    scan_from = lower if lower is not None else first_trip
    series = [(e, count(e)) for e in days_between(scan_from, as_of)]
    peak_days, peak_date = _peak(series)
    breach = _first((e, n > 182 and e >= ACTUAL_STAY_IN_FORCE) for e, n in series)
    now = count(as_of)
    return Figures(
        days_abroad=now,
        status=Status.RED if now > 182 else Status.GREEN,
        limit=182,
        lenient_limit=182,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=breach,
        first_breach=breach,
    )


def temporary_permit_period(
    profile: Profile, as_of: date, convention: Convention
) -> Figures | None:
    """rules.md §1.1: on a permit of one year or less, abroad at most half the permit period.

    N = the permit's days; lenient limit ⌊N/2⌋; conservative limit min(180, ⌊N/2⌋) for a
    one-year permit (a "six months" reading), ⌊N/2⌋ for a shorter one. Counted from the
    permit's start through its end or `as_of`, whichever is earlier.
    """
    if not profile.permits:
        return None
    current = permit_in_force(profile.permits, as_of)
    if current is None or current.kind in TEMPORARY_EXEMPT or current.valid_to is None:
        return None
    length = permit_length(current)
    if length == "multi":
        return None
    size = (current.valid_to - current.valid_from).days + 1
    lenient = size // 2
    limit = min(180, lenient) if length == "one_year" else lenient
    abroad = abroad_dates(profile.trips, convention, as_of)
    series: list[tuple[date, int]] = []
    running = 0
    for e in days_between(current.valid_from, min(current.valid_to, as_of)):
        running += e in abroad
        series.append((e, running))
    peak_days, peak_date = _peak(series)
    return Figures(
        days_abroad=running,
        status=_three_state(running, limit, lenient),
        limit=limit,
        lenient_limit=lenient,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=_first((e, n > limit) for e, n in series),
        first_breach=_first((e, n > lenient) for e, n in series),
    )


# --- §2 permanent residence ---------------------------------------------------------------------


def pr_start(profile: Profile) -> date | None:
    """rules.md §2.1 (utf. § 11-2): the first PR-basis permit's start date, or for a permit
    granted before entry the date reported to the police (else the arrival date)."""
    basis = [p for p in profile.permits if p.kind != PermitKind.PERMANENT and forms_pr_basis(p)]
    if not basis:
        return profile.key_dates.arrived_on if not profile.permits else None
    first = min(basis, key=lambda p: p.valid_from)
    if first.granted_before_entry:
        key = profile.key_dates
        return key.reported_to_police_on or key.arrived_on or first.valid_from
    return first.valid_from


def permanent_residence(
    profile: Profile, as_of: date, convention: Convention, *, horizon_years: int = 12
) -> Figures | None:
    """rules.md §2.2, §2.3, §2.5, 3-year track (not for protection/humanitarian permits, nor
    the skilled-worker exception).

    For a day e, the window is (e − 3 years, e] from the start of the period on: abroad days in
    it GREEN ≤ 210 < AMBER ≤ 215 < RED; days without a permit in it GREEN ≤ 89 < AMBER ≤ 92 <
    RED; the period is complete when the days since the start less gap days exceed the days in
    (e − 3 years, e]. The goal is met on days that are complete with both tests GREEN.
    """
    current = permit_in_force(profile.permits, as_of)
    if current is not None and current.kind == PermitKind.PERMANENT:
        return None
    start = pr_start(profile)
    if start is None:
        return None
    abroad = Tally(abroad_dates(profile.trips, convention, as_of))
    gaps = Tally(gap_dates(profile.permits))

    def window_first(e: date) -> date:
        return max(add_years(e, -3) + ONE_DAY, start)

    def absence(e: date) -> int:
        return abroad.count(window_first(e), e)

    def gap_days(e: date) -> int:
        return gaps.count(window_first(e), e)

    def status(e: date) -> Status:
        return _worse(_three_state(absence(e), 210, 215), _three_state(gap_days(e), 89, 92))

    def complete(e: date) -> bool:
        served = (e - start).days + 1 - gaps.count(start, e)
        return served > days_in_last_years(e, 3)

    def met(e: date) -> bool:
        return complete(e) and status(e) == Status.GREEN

    history = list(days_between(start, as_of))
    peak_days, peak_date = _peak([(e, absence(e)) for e in history])
    return Figures(
        days_abroad=absence(as_of),
        status=status(as_of),
        limit=210,
        lenient_limit=215,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=_first((e, status(e) != Status.GREEN) for e in history),
        first_breach=_first((e, status(e) == Status.RED) for e in history),
        earliest_met=first_run_covering(
            met, min(start, as_of), as_of, add_years(as_of, horizon_years)
        ),
        gap_days=gap_days(as_of),
    )


# --- §3 loss of permanent residence -------------------------------------------------------------


def permanent_residence_loss(
    profile: Profile, as_of: date, convention: Convention
) -> Figures | None:
    """rules.md §3.1 while the permit in force is a permanent one, granted on g.

    Only abroad dates on or after g. counted(e; T, R) = abroad dates in the 1461-day window
    ending e, from no earlier than g nor the start of the latest stay at home (from g) that has
    lasted R days by e, whose calendar year counts: an earlier year when its total reaches T,
    e's own year when its running total through e does. Strict reading T=59, R=458; mild T=62,
    R=450. Aggregate: RED when mild > 730, AMBER when strict ≥ 730. Continuous: for a day of a
    run of abroad days that began on a, RED from the day before a's second anniversary, AMBER
    from 90 days before that. A day's level is the worse of the two.
    """
    current = permit_in_force(profile.permits, as_of)
    if current is None or current.kind != PermitKind.PERMANENT:
        return None
    grant = current.valid_from
    abroad = Tally(d for d in abroad_dates(profile.trips, convention, as_of) if d >= grant)

    def year_total(year: int) -> int:
        return abroad.count(max(date(year, 1, 1), grant), date(year, 12, 31))

    def counted(e: date, threshold: int, reset: date) -> int:
        first = max(e - timedelta(days=1460), grant, reset)
        total = 0
        for year in range(first.year, e.year + 1):
            if year < e.year:
                counts = year_total(year) >= threshold
            else:
                counts = abroad.count(max(date(year, 1, 1), grant), e) >= threshold
            if counts:
                total += abroad.count(max(first, date(year, 1, 1)), min(e, date(year, 12, 31)))
        return total

    strict_series: list[tuple[date, int]] = []
    levels: list[tuple[date, Status]] = []
    home_since: date | None = None  # first day of the current stay at home
    away_since: date | None = None  # first day of the current absence
    reset = {458: grant, 450: grant}  # start of the latest long enough stay at home
    for e in days_between(grant, as_of):
        if e in abroad.dates:
            home_since = None
            away_since = away_since or e
        else:
            away_since = None
            home_since = home_since or e
            for needed in reset:
                if (e - home_since).days + 1 >= needed:
                    reset[needed] = home_since
        strict = counted(e, 59, reset[458])
        mild = counted(e, 62, reset[450])
        aggregate = Status.RED if mild > 730 else Status.AMBER if strict >= 730 else Status.GREEN
        continuous = Status.GREEN
        if away_since is not None:
            red_from = add_years(away_since, 2) - ONE_DAY
            if e >= red_from:
                continuous = Status.RED
            elif e >= red_from - timedelta(days=90):
                continuous = Status.AMBER
        strict_series.append((e, strict))
        levels.append((e, _worse(aggregate, continuous)))
    peak_days, peak_date = _peak(strict_series)
    return Figures(
        days_abroad=strict_series[-1][1],
        status=levels[-1][1],
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=_first((e, s != Status.GREEN) for e, s in levels),
        first_breach=_first((e, s == Status.RED) for e, s in levels),
    )


# --- §4 citizenship -----------------------------------------------------------------------------


def citizenship_start(profile: Profile) -> date | None:
    """rules.md §4.2 item 1 (sbf. §§ 3-1, 3-2): the arrival date if the first permit was
    granted before entry, else that permit's application date (or its start date)."""
    key = profile.key_dates
    temporary = [p for p in profile.permits if p.kind != PermitKind.PERMANENT]
    if not temporary:
        if profile.permits:
            return key.arrived_on or min(p.valid_from for p in profile.permits)
        return key.arrived_on
    first = min(temporary, key=lambda p: p.valid_from)
    if first.granted_before_entry:
        return key.arrived_on or key.reported_to_police_on or first.valid_from
    return first.applied_on or first.valid_from


def not_residence_dates(permits: Sequence[PermitSpan]) -> set[date]:
    """rules.md §4.2 items 2-3: gap days, and days covered only by permits granted for less
    than a year."""
    found = gap_dates(permits)
    full = [p for p in permits if permit_length(p) != "short"]
    for permit in permits:
        if permit_length(permit) != "short":
            continue
        assert permit.valid_to is not None
        for day in days_between(permit.valid_from, permit.valid_to):
            if not any(
                p.valid_from <= day and (p.valid_to is None or day <= p.valid_to) for p in full
            ):
                found.add(day)
    return found


def citizenship_routes(e: date) -> dict[str, tuple[int, int]]:
    """Routes in force on e as (years needed, look-back years) (rules.md §4.1, §9)."""
    if e < CITIZENSHIP_2022:
        return {"main": (7, 10)}
    return {"main": (8, 11), "protection": (7, 10), "income": (6, 10)}


def citizenship(
    profile: Profile,
    as_of: date,
    convention: Convention,
    *,
    routes: Sequence[str] = ("main", "income"),
    threshold: int = 59,
    horizon_years: int = 12,
) -> Figures | None:
    """rules.md §4.2 with the conservative deduction threshold (a year with 59+ days abroad has
    all of them deducted).

    residence(e) = days in (e − L years, e] on or after the start that are not gap days (or
    covered only by a short permit), minus the deducted abroad days in that look-back; a year
    before e's year is judged on its whole total, e's own year on its running total through e.
    A route is met on e when residence(e) ≥ the days in (e − N years, e]. The headline is this
    calendar year's days abroad: GREEN ≤ 58, AMBER ≤ 62, RED from 63.
    """
    start = citizenship_start(profile)
    if start is None:
        return None
    abroad = Tally(d for d in abroad_dates(profile.trips, convention, as_of) if d >= start)
    not_counted = Tally(not_residence_dates(profile.permits))

    def deducted(first: date, e: date) -> int:
        total = 0
        for year in range(first.year, e.year + 1):
            jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
            year_so_far = abroad.count(jan1, min(dec31, e))
            if year_so_far >= threshold:
                total += abroad.count(max(first, jan1), min(e, dec31))
        return total

    def met(route: str) -> Callable[[date], bool]:
        def check(e: date) -> bool:
            in_force = citizenship_routes(e)
            if route not in in_force:
                return False
            years, lookback = in_force[route]
            needed = days_in_last_years(e, years)
            if (e - start).days + 1 < needed:  # not enough days since the start at all
                return False
            first = max(add_years(e, -lookback) + ONE_DAY, start)
            present = (e - first).days + 1 - not_counted.count(first, e)
            return present - deducted(first, e) >= needed

        return check

    until = add_years(as_of, horizon_years)
    found = {
        route: first_run_covering(met(route), min(start, as_of), as_of, until) for route in routes
    }
    this_year = abroad_dates(profile.trips, convention, as_of)
    days = count_between(this_year, max(date(as_of.year, 1, 1), start), as_of)
    return Figures(
        days_abroad=days, status=_three_state(days, 58, 62), limit=58, lenient_limit=62,
        routes=found,
    )  # fmt: skip


# --- §6 Schengen --------------------------------------------------------------------------------


def schengen_90_180(profile: Profile, as_of: date) -> Figures:
    """rules.md §6: S = dates in other Schengen states, always counted inclusive; on a day of S
    the 180 days ending that day may hold at most 90 days of S."""
    schengen = Tally(
        abroad_dates((t for t in profile.trips if is_schengen(t.destination)), "inclusive", as_of)
    )

    def count(e: date) -> int:
        return schengen.count(e - timedelta(days=179), e)

    scan_from = min(schengen.dates, default=as_of)
    series = [(e, count(e)) for e in days_between(scan_from, as_of)]
    peak_days, peak_date = _peak(series)
    breach = _first((e, n > 90 and e in schengen.dates) for e, n in series)
    now = count(as_of)
    return Figures(
        days_abroad=now,
        status=Status.RED if now > 90 else Status.GREEN,
        limit=90,
        lenient_limit=90,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=breach,
        first_breach=breach,
    )
