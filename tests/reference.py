"""An independent, day-by-day reference implementation of the rules in docs/rules.md.

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
    # rules.md §1.3a: collective protection has its own rule (`collective_protection` below).
    | {PermitKind.COLLECTIVE_PROTECTION}
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
    """Whether the permit counts toward permanent residence (rules.md §2.1; never collective
    protection, §1.3a)."""
    if permit.kind == PermitKind.COLLECTIVE_PROTECTION:
        return False
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


def projection_end(profile: Profile, as_of: date) -> date:
    """The last day a projection reports on: the latest planned return, or `as_of`."""
    returns = [t.return_date for t in profile.trips if t.return_date is not None]
    return max([as_of, *returns])


def temporary_365(
    profile: Profile, as_of: date, convention: Convention, *, projected: bool = False
) -> Figures | None:
    """rules.md §1.1: at most 182 days abroad in any rolling 365-day window.

    Applies from 2019-04-01 with no permit recorded, or while the permit in force on `as_of` is
    a temporary one (not permanent, EEA registration or protection, §1.2) of more than one
    year. Windows start no earlier than the first permit of the unbroken run of such permits
    that ends with the current one. None when the rule does not
    apply. `projected`: count planned days too, report on `projection_end`, and search peaks
    and breaches only after `as_of`.
    """
    end = projection_end(profile, as_of) if projected else as_of
    if end < ACTUAL_STAY_IN_FORCE:
        return None
    permits = profile.permits
    lower: date | None = None
    if permits:
        current = permit_in_force(permits, as_of)
        if current is None or current.kind in TEMPORARY_EXEMPT:
            return None
        if permit_length(current) != "multi":
            return None
        # The first of the unbroken run of multi-year subject permits ending with `current`.
        lower = current.valid_from
        for permit in sorted(permits, key=lambda p: p.valid_from, reverse=True):
            if permit.valid_from >= current.valid_from:
                continue
            if permit.kind in TEMPORARY_EXEMPT or permit_length(permit) != "multi":
                break
            lower = min(lower, permit.valid_from)
    tally = Tally(abroad_dates(profile.trips, convention, as_of, planned=projected))

    def count(e: date) -> int:
        first = e - timedelta(days=364)
        if lower is not None:
            first = max(first, lower)
        return tally.count(first, e)

    first_trip = min([as_of, *(t.departure for t in profile.trips)])
    scan_from = lower if lower is not None else first_trip
    if projected:
        scan_from = max(scan_from, as_of + ONE_DAY)
    series = [(e, count(e)) for e in days_between(scan_from, end)]
    peak_days, peak_date = _peak(series)
    breach = _first((e, n > 182 and e >= ACTUAL_STAY_IN_FORCE) for e, n in series)
    now = count(end)
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


# rules.md §2.1: the 5-year track, in force from 2020-12-01, for these permits.
FIVE_YEAR_TRACK_FROM = date(2020, 12, 1)
FIVE_YEAR_KINDS = frozenset({PermitKind.PROTECTION, PermitKind.HUMANITARIAN})


def add_months(day: date, months: int) -> date:
    """`day` moved by calendar months, on the last day of a shorter month if need be."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, min(day.day, (following - ONE_DAY).day))


@dataclass(frozen=True)
class DatedFigures:
    """The PR tests on one more date (rules.md §2.6: today, application, expected decision)."""

    on: date
    days_abroad: int
    status: Status
    window_start: date


def permanent_residence(
    profile: Profile,
    as_of: date,
    convention: Convention,
    *,
    waiting_months: int = 24,
    horizon_years: int = 12,
) -> tuple[Figures, list[DatedFigures]] | None:
    """rules.md §2.1-2.6.

    Track (§2.1): the permit held on the PR application date (else on `as_of`) decides; from
    2020-12-01 protection and humanitarian permits are on the 5-year track (10 months: GREEN
    ≤ 300 < AMBER ≤ 306 < RED), everyone else on the 3-year track (7 months: GREEN ≤ 210 <
    AMBER ≤ 215 < RED).

    For a day e, the window is (e − N years, e] from the start of the period on. Absence: the
    abroad days in it, graded as above; for a skilled worker (§2.4) also GREEN when at most 450
    days with at least 245 on employer assignments, and AMBER when at most 458 with at least
    240 on assignments or at most 215 of other days ("7 months private plus 8 for the
    employer"). Gaps: days without a permit in it, GREEN ≤ 89 < AMBER ≤ 92 < RED. The period is
    complete when the days since the start less gap days exceed the days in (e − N years, e].
    The goal is met on days that are complete with both tests GREEN; `earliest_met` is the
    first day of the first run of met days that ends on or after `as_of`, searched up to
    `horizon_years` after the later of the start and `as_of`.

    Also returns the tests on `as_of`, on the application date (or, with none recorded, on
    `earliest_met`, or `as_of` once it is met) and `waiting_months` after it (§2.6).
    """
    permits = profile.permits
    current = permit_in_force(permits, as_of)
    if current is not None and current.kind == PermitKind.PERMANENT:
        return None
    start = pr_start(profile)
    if start is None:
        return None
    applied = profile.key_dates.pr_applied_on
    track_day = applied or as_of
    track_permit = permit_in_force(permits, track_day) or current
    five_year = (
        track_day >= FIVE_YEAR_TRACK_FROM
        and track_permit is not None
        and track_permit.kind in FIVE_YEAR_KINDS
    )
    years, conservative, lenient = (5, 300, 306) if five_year else (3, 210, 215)
    skilled = track_permit is not None and track_permit.kind == PermitKind.SKILLED_WORKER

    trips = profile.trips
    abroad = Tally(abroad_dates(trips, convention, as_of))
    employer = Tally(
        abroad_dates((t for t in trips if t.purpose == "employer_assignment"), convention, as_of)
    )
    gaps = Tally(gap_dates(permits))
    # §2.1: only basis permits count toward the period; days under other temporary permits
    # that no basis permit also covers are left out of the residence time.
    basis_days = {
        d
        for p in permits
        if forms_pr_basis(p) and p.kind != PermitKind.PERMANENT
        for d in days_between(p.valid_from, p.valid_to or date(2045, 1, 1))
    }
    no_basis = Tally(
        d
        for p in permits
        if not forms_pr_basis(p) and p.kind != PermitKind.PERMANENT
        for d in days_between(p.valid_from, p.valid_to or date(2045, 1, 1))
        if d not in basis_days
    )

    def window_first(e: date) -> date:
        return max(add_years(e, -years) + ONE_DAY, start)

    def absence(e: date) -> int:
        return abroad.count(window_first(e), e)

    def absence_status(e: date) -> Status:
        days = absence(e)
        if not skilled:
            return _three_state(days, conservative, lenient)
        assignments = employer.count(window_first(e), e)
        if days <= conservative or (days <= 450 and assignments >= 245):
            return Status.GREEN
        if days <= lenient or (
            days <= 458 and (assignments >= 240 or days - assignments <= lenient)
        ):
            return Status.AMBER
        return Status.RED

    def gap_days(e: date) -> int:
        return gaps.count(window_first(e), e)

    def status(e: date) -> Status:
        return _worse(absence_status(e), _three_state(gap_days(e), 89, 92))

    def complete(e: date) -> bool:
        served = (e - start).days + 1 - gaps.count(start, e) - no_basis.count(start, e)
        return served > days_in_last_years(e, years)

    def met(e: date) -> bool:
        return complete(e) and status(e) == Status.GREEN

    history = list(days_between(start, as_of))
    peak_days, peak_date = _peak([(e, absence(e)) for e in history])
    earliest = first_run_covering(
        met, min(start, as_of), as_of, add_years(max(start, as_of), horizon_years)
    )
    on_dates = [as_of]
    # With no application recorded: the earliest date, or applying today once met (issue 10).
    application = applied or (None if earliest is None else max(earliest, as_of))
    if application is not None:
        on_dates += [application, add_months(application, waiting_months)]
    dated = [
        DatedFigures(on, absence(on), status(on), window_first(on))
        for on in on_dates
        if on >= min(start, as_of)
    ]
    figures = Figures(
        days_abroad=absence(as_of),
        status=status(as_of),
        limit=conservative,
        lenient_limit=lenient,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=_first((e, status(e) != Status.GREEN) for e in history),
        first_breach=_first((e, status(e) == Status.RED) for e in history),
        earliest_met=earliest,
        gap_days=gap_days(as_of),
    )
    return figures, dated


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
    from 90 days before that. A day's level is the worse of the two, or GREEN on days covered
    by a recorded permission to stay abroad (§3.2).
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
        level = _worse(aggregate, continuous)
        permission = profile.key_dates.abroad_permission_until
        if permission is not None and e <= permission:
            level = Status.GREEN  # §3.2: permission to stay abroad until that date
        strict_series.append((e, strict))
        levels.append((e, level))
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
    # Collective protection is not counted toward citizenship (rules.md §1.3a, the cautious
    # reading), so it does not start the residence time either.
    temporary = [
        p
        for p in profile.permits
        if p.kind not in (PermitKind.PERMANENT, PermitKind.COLLECTIVE_PROTECTION)
    ]
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
    than a year or only by collective protection (§1.3a: not counted)."""
    found = gap_dates(permits)

    def partial(p: PermitSpan) -> bool:
        return permit_length(p) == "short" or p.kind == PermitKind.COLLECTIVE_PROTECTION

    full = [p for p in permits if not partial(p)]
    for permit in permits:
        if not partial(permit):
            continue
        last = permit.valid_to or one_year_end(permit)
        for day in days_between(permit.valid_from, last):
            if not any(
                p.valid_from <= day and (p.valid_to is None or day <= p.valid_to) for p in full
            ):
                found.add(day)
    # After the record's last permit, when that is collective protection, nothing says that a
    # permit that counts follows: those days are not counted either (the cautious reading).
    if permits and not any(
        p.valid_to is None and p.kind != PermitKind.COLLECTIVE_PROTECTION for p in permits
    ):
        last = max(p.valid_to or one_year_end(p) for p in permits)
        closing = [p for p in permits if (p.valid_to or one_year_end(p)) == last]
        if all(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in closing):
            found.update(days_between(last + ONE_DAY, add_years(last, 30)))
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
    not_residence = not_residence_dates(profile.permits)
    not_counted = Tally(not_residence)
    # §4.2 item 5: the look-back less the UNION of not-counted and deducted days, so an abroad
    # day that is also a gap day is subtracted once: deduct only abroad days that are residence.
    deductible = Tally(d for d in abroad.dates if d not in not_residence)

    # Whole-year totals of abroad days from the start on (the record ends on as_of, so a later
    # year has none).
    year_totals = {
        year: abroad.count(date(year, 1, 1), date(year, 12, 31))
        for year in range(start.year, as_of.year + 1)
    }

    def deducted(first: date, e: date) -> int:
        """Abroad days in [first, e] whose calendar year reaches the threshold: an earlier
        year on its whole total, e's own year on its total through e."""
        total = 0
        for year in range(first.year, e.year + 1):
            jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
            so_far = year_totals.get(year, 0) if year < e.year else abroad.count(jan1, e)
            if so_far >= threshold:
                total += deductible.count(max(first, jan1), min(e, dec31))
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

    # Every route needs at least 6 years since the start, so no day before about start + 6
    # years can be met (the check above would say so); skip those days to save time.
    scan_from = max(min(start, as_of), add_years(start, 6) - timedelta(days=7))
    until = add_years(max(start, as_of), horizon_years)
    found = {route: first_run_covering(met(route), scan_from, as_of, until) for route in routes}
    this_year = abroad_dates(profile.trips, convention, as_of)
    days = count_between(this_year, max(date(as_of.year, 1, 1), start), as_of)
    return Figures(
        days_abroad=days, status=_three_state(days, 58, 62), limit=58, lenient_limit=62,
        routes=found,
    )  # fmt: skip


# --- §1.3a collective protection -----------------------------------------------------------------

# UDI's practice on trips to Ukraine starts on this date (rules.md §1.3a, §9).
UKRAINE_FROM = date(2023, 12, 12)


def _collective_last_day(permit: PermitSpan) -> date:
    """A collective-protection permit's last day (one year when no end is recorded)."""
    return permit.valid_to or one_year_end(permit)


def ukraine_trips(profile: Profile, as_of: date, *, projected: bool = False) -> list[TripSpan]:
    """Trips to UA with a day under collective protection on or after 2023-12-12 (recorded
    trips that have started by `as_of`; with `projected`, planned ones too)."""
    found = []
    for trip in profile.trips:
        if trip.destination != "UA" or (not projected and trip.departure > as_of):
            continue
        last = trip.return_date or max(as_of, trip.departure)
        for day in days_between(max(trip.departure, UKRAINE_FROM), last):
            if any(
                p.kind == PermitKind.COLLECTIVE_PROTECTION
                and p.valid_from <= day <= _collective_last_day(p)
                for p in profile.permits
            ):
                found.append(trip)
                break
    return found


def collective_protection(
    profile: Profile, as_of: date, convention: Convention
) -> tuple[Figures, Status, Status, int] | None:
    """rules.md §1.3a, while the permit held on `as_of` is collective protection.

    Returns the headline figures plus the half-time status (abroad days from the permit's start
    through its end or `as_of`: GREEN ≤ min(180, ⌊N/2⌋), RED > ⌊N/2⌋), the extension status
    (abroad days in the 365 days ending on the permit's last day, no earlier than the start of
    the unbroken run of collective permits, counted through `as_of`: GREEN ≤ 180, AMBER ≤ 184,
    RED ≥ 185) and the number of flagged trips to Ukraine. Overall: the worst of the three,
    a flagged trip being RED.
    """
    current = permit_in_force(profile.permits, as_of)
    if current is None or current.kind != PermitKind.COLLECTIVE_PROTECTION:
        return None
    last = _collective_last_day(current)
    size = (last - current.valid_from).days + 1
    half = size // 2
    half_limit = min(180, half)
    # Walk back over collective permits that end the day before (or overlap) the run's start.
    run_start = current.valid_from
    changed = True
    while changed:
        changed = False
        for p in profile.permits:
            if (
                p.kind == PermitKind.COLLECTIVE_PROTECTION
                and p.valid_from < run_start
                and _collective_last_day(p) >= run_start - ONE_DAY
            ):
                run_start = p.valid_from
                changed = True
    ext_first = max(last - timedelta(days=364), run_start)
    abroad = abroad_dates(profile.trips, convention, as_of)
    through = min(last, as_of)
    period = count_between(abroad, current.valid_from, through)
    extension = count_between(abroad, ext_first, through)
    half_status = _three_state(period, half_limit, half)
    ext_status = _three_state(extension, 180, 184)
    flagged = len(ukraine_trips(profile, as_of))
    status = _worse(_worse(half_status, ext_status), Status.RED if flagged else Status.GREEN)
    return (
        Figures(days_abroad=period, status=status, limit=half_limit, lenient_limit=half),
        half_status,
        ext_status,
        flagged,
    )


# --- §6 Schengen --------------------------------------------------------------------------------


def schengen_90_180(profile: Profile, as_of: date, *, projected: bool = False) -> Figures:
    """rules.md §6: S = dates in other Schengen states, always counted inclusive; on a day of S
    the 180 days ending that day may hold at most 90 days of S. `projected` as for
    `temporary_365`."""
    end = projection_end(profile, as_of) if projected else as_of
    schengen = Tally(
        abroad_dates(
            (t for t in profile.trips if is_schengen(t.destination)),
            "inclusive",
            as_of,
            planned=projected,
        )
    )

    def count(e: date) -> int:
        return schengen.count(e - timedelta(days=179), e)

    scan_from = min(schengen.dates, default=end)
    if projected:
        scan_from = max(scan_from, as_of + ONE_DAY)
    series = [(e, count(e)) for e in days_between(scan_from, end)]
    peak_days, peak_date = _peak(series)
    breach = _first((e, n > 90 and e in schengen.dates) for e, n in series)
    now = count(end)
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
