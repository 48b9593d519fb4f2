"""Temporary collective protection (utl. § 34): rules.md §1.3a.

Applies while the permit in force on the evaluation date is collective protection (granted one
year at a time; a permit with no end date recorded is read as one year from its start).

- half-the-time test: abroad days in the permit period P (through the evaluation date)
  ≤ ⌊N/2⌋, AMBER from 181 (a "six months" reading could be as low as 180 abroad), as §1.1's
  one-year test;
- extension test: abroad days in the 365 days ending on the permit's end date (no earlier than
  the start of the unbroken run of collective-protection permits) — more than 6 months means
  the permit may not be extended: GREEN ≤ 180, AMBER 181–184, RED ≥ 185 (§0.3);
- trips to Ukraine: any trip with destination UA that has a day under collective protection on
  or after 2023-12-12 (the date UDI's practice starts, dated data) is RED whatever its length:
  "UDI may open a case to revoke your permit". A flag with its source, not a day count.

The headline is whichever of the two day tests is worse (the half-time test on a tie).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from app.services.days import IntArray, add_years, to_date
from app.services.profile import PermitKind, PermitSpan, Status, TripSpan
from app.services.results import Check, NotApplicable, RuleResult, status_for, worst
from app.services.ruledata import MonthLimit, RuleData, RuleInfo, load_rule_data
from app.services.rules.common import first_true, not_applicable, peak, permit_segments
from app.services.rules.context import Context
from app.services.rules.permit_history import permit_on
from app.services.rules.unit import Daily, RuleUnit
from app.services.wording import _
from app.services.wording.formats import format_date

RULE_ID = "collective-protection"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class UkraineFlag:
    """A trip to Ukraine during collective protection (rules.md §1.3a)."""

    departure: date
    return_date: date | None
    message: str
    source: str


def permit_end(permit: PermitSpan, years: int = 1) -> date:
    """The permit's last day; one that has none recorded is read as `years` from its start."""
    return permit.valid_to or add_years(permit.valid_from, years) - ONE_DAY


def _is_collective(permit: PermitSpan) -> bool:
    return permit.kind == PermitKind.COLLECTIVE_PROTECTION


def ukraine_flag(
    permits: Sequence[PermitSpan], trip: TripSpan, as_of: date, data: RuleData
) -> UkraineFlag | None:
    """The warning for `trip` if it goes to Ukraine while a collective-protection permit is in
    force on one of its days (on or after the day UDI's practice starts), else None. A trip
    under way runs through `as_of`."""
    info = data.rule(RULE_ID)
    figures = next(
        (
            (since, version)
            for since, version in info.versions
            if version.get("ukraine_trips_flagged")
        ),
        None,
    )
    if figures is None:
        return None
    since, version = figures
    if (trip.destination or "").upper() != version["ukraine_destination"]:
        return None
    first = max(trip.departure, since)
    last = trip.return_date or max(as_of, trip.departure)
    years = int(version["permit_years"])
    for permit in permits:
        if not _is_collective(permit):
            continue
        if max(first, permit.valid_from) <= min(last, permit_end(permit, years)):
            message = (
                _(
                    "Trip to Ukraine {departure} to {back} during collective protection: UDI "
                    "may open a case to revoke your permit, whatever the trip's length. Only a "
                    "strictly necessary, documented purpose is accepted."
                )
                if trip.return_date
                else _(
                    "Trip to Ukraine from {departure} (under way) during collective protection: "
                    "UDI may open a case to revoke your permit, whatever the trip's length. Only "
                    "a strictly necessary, documented purpose is accepted."
                )
            )
            return UkraineFlag(
                trip.departure,
                trip.return_date,
                message.format(
                    departure=format_date(trip.departure), back=format_date(trip.return_date)
                ),
                str(version["ukraine_source"]),
            )
    return None


def trip_flags(
    trips: Iterable[tuple[int, TripSpan]],
    permits: Sequence[PermitSpan],
    as_of: date,
    data: RuleData | None = None,
) -> dict[int, UkraineFlag]:
    """The Ukraine warning per trip id, for the trips that have one (the trip table)."""
    data = data or load_rule_data()
    return {
        key: flag
        for key, trip in trips
        if (flag := ukraine_flag(permits, trip, as_of, data)) is not None
    }


def _chain_start(permits: Sequence[PermitSpan], current: PermitSpan, years: int) -> date:
    """First day of the unbroken run of collective-protection permits ending with `current`."""
    start = current.valid_from
    earlier = sorted(
        (p for p in permits if p.valid_from < current.valid_from and _is_collective(p)),
        key=lambda p: p.valid_from,
        reverse=True,
    )
    for permit in earlier:
        if permit_end(permit, years) < start - ONE_DAY:
            break
        start = min(start, permit.valid_from)
    return start


def _current(ctx: Context, info: RuleInfo) -> PermitSpan | NotApplicable:
    permits = ctx.profile.permits
    if not any(_is_collective(p) for p in permits):
        return not_applicable(
            info, _("You have no collective protection permit recorded."), kind="never"
        )
    current = permit_on(permits, ctx.as_of)
    if current is None or not _is_collective(current):
        return not_applicable(
            info, _("The permit you hold on the evaluation date is not collective protection.")
        )
    return current


@dataclass(frozen=True, slots=True)
class _Windows:
    """The two windows of one collective-protection permit and their limits (ordinals)."""

    start: int  # the permit period P: [start, stop]
    stop: int
    half: int
    half_conservative: int
    six: MonthLimit
    ext_lo: int  # the extension window: [ext_lo, stop]


def _windows(ctx: Context, info: RuleInfo, current: PermitSpan) -> _Windows:
    figures = info.version_on(current.valid_from)
    years = int(figures["permit_years"])
    start, stop = current.valid_from.toordinal(), permit_end(current, years).toordinal()
    half = (stop - start + 1) // 2
    return _Windows(
        start=start,
        stop=stop,
        half=half,
        half_conservative=min(int(figures["six_months_abroad_conservative"]), half),
        six=ctx.data.month_limit(int(figures["extension_months_abroad"])),
        ext_lo=max(
            stop - int(figures["extension_window_days"]) + 1,
            _chain_start(ctx.profile.permits, current, years).toordinal(),
        ),
    )


def collective_protection(ctx: Context) -> RuleResult | NotApplicable:
    """Half the permit period in Norway, the 6-month extension test, and trips to Ukraine."""
    info = ctx.data.rule(RULE_ID)
    current = _current(ctx, info)
    if isinstance(current, NotApplicable):
        return current
    w = _windows(ctx, info, current)
    start, stop, length, half, half_conservative = (
        w.start,
        w.stop,
        w.stop - w.start + 1,
        w.half,
        w.half_conservative,
    )
    six, ext_lo = w.six, w.ext_lo

    end = min(stop, ctx.end.toordinal())
    # Counts are 0 on days before a window starts (`counts` of an empty range).
    days = ctx.days(ctx.search_from(min(start, ext_lo)), end)
    period = ctx.abroad.counts(np.full(days.size, start, dtype=np.int64), days)
    extension = ctx.abroad.counts(np.full(days.size, ext_lo, dtype=np.int64), days)
    now_period = ctx.abroad.count(start, end)
    now_ext = ctx.abroad.count(ext_lo, end)
    period_status = status_for(now_period, half_conservative, half)
    ext_status = status_for(now_ext, six.conservative, six.lenient)

    flags = [
        flag
        for trip in ctx.profile.trips
        if (ctx.projected or trip.departure <= ctx.as_of)
        and (flag := ukraine_flag(ctx.profile.permits, trip, ctx.as_of, ctx.data)) is not None
    ]
    ukraine_status = Status.RED if flags else Status.GREEN
    status = worst(period_status, ext_status, ukraine_status)

    warn = (period > half_conservative) | (extension > six.conservative)
    breach = (period > half) | (extension > six.lenient)
    first_flag = min((f.departure for f in flags), default=None)
    first_breach = first_true(days, breach)
    if first_flag is not None and (first_breach is None or first_flag < first_breach):
        first_breach = first_flag
    first_warning = first_true(days, warn)
    if first_breach is not None and (first_warning is None or first_breach < first_warning):
        first_warning = first_breach
    peak_days, peak_date = peak(days, period)

    end_date = to_date(stop)
    use_extension = ext_status != period_status and worst(ext_status, period_status) == ext_status
    notes = [
        _(
            "Permit period {start} to {end} ({length} days): at most {half} days abroad (half "
            "the time)."
        ).format(
            start=format_date(current.valid_from),
            end=format_date(end_date),
            length=length,
            half=half,
        ),
        _(
            "For the next extension: {days} days abroad in the year before {end} so far; more "
            "than 6 months ({conservative} days; up to {lenient} depending on how UDI counts "
            "months) means the permit may not be extended ({url})."
        ).format(
            days=now_ext,
            end=format_date(end_date),
            conservative=six.conservative,
            lenient=six.lenient,
            url=info.raw["extension_source"],
        ),
    ]
    if current.valid_to is None:
        notes.append(_("No end date is recorded, so the permit is read as one year."))
    notes.extend(
        _("{message} Source: {url}").format(message=f.message, url=f.source) for f in flags
    )
    notes.append(
        _(
            "Days under collective protection do not count toward permanent residence; the "
            "period starts with the first permit that forms a basis for it."
        )
    )
    return RuleResult(
        id=info.id,
        title=info.title,
        # A trip to Ukraine outweighs every count: say it first.
        summary=_(
            "UDI may open a case to revoke your permit: you travelled to Ukraine during "
            "collective protection."
        )
        if flags
        else info.summary,
        source=info.source,
        convention=ctx.convention,
        status=status,
        days_abroad=now_ext if use_extension else now_period,
        limit=six.conservative if use_extension else half_conservative,
        lenient_limit=six.lenient if use_extension else half,
        window_start=to_date(ext_lo) if use_extension else current.valid_from,
        window_end=to_date(max(end, start)),
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=first_warning,
        first_breach=first_breach,
        checks=(
            Check(
                "half-time",
                _("Days abroad in this permit period"),
                period_status,
                now_period,
                half_conservative,
                half,
            ),
            Check(
                "extension",
                _("Days abroad in the year before the permit ends on {date}").format(
                    date=format_date(end_date)
                ),
                ext_status,
                now_ext,
                six.conservative,
                six.lenient,
            ),
            Check(
                "ukraine",
                _("Trips to Ukraine during collective protection"),
                ukraine_status,
                len(flags),
                0,
                0,
            ),
        ),
        notes=tuple(notes),
    )


def _level(counts: IntArray, conservative: int, lenient: int) -> IntArray:
    """`status_for` on each count: 0 GREEN, 1 AMBER, 2 RED."""
    return np.where(counts <= conservative, 0, np.where(counts <= lenient, 1, 2))


def collective_daily(ctx: Context, days: IntArray) -> Daily:
    """The rule's day count on each of `days` (the half-time count, or the extension count
    where that test is worse): `collective_protection` evaluated on that day."""
    info = ctx.data.rule(RULE_ID)
    values = np.zeros(days.size, dtype=np.int64)
    applies = np.zeros(days.size, dtype=np.bool_)
    permits = ctx.profile.permits
    if not any(_is_collective(p) for p in permits):
        return Daily(values, applies)
    for start, inside in permit_segments(ctx.first, permits, days):
        current = permit_on(permits, start)
        if current is None or not _is_collective(current):
            continue
        w = _windows(ctx, info, current)
        ends = np.minimum(days[inside], w.stop)
        period = ctx.abroad.counts(np.full(inside.size, w.start, np.int64), ends)
        extension = ctx.abroad.counts(np.full(inside.size, w.ext_lo, np.int64), ends)
        period_level = _level(period, w.half_conservative, w.half)
        ext_level = _level(extension, w.six.conservative, w.six.lenient)
        values[inside] = np.where(ext_level > period_level, extension, period)
        applies[inside] = True
    return Daily(values, applies)


# Judged by first dates (the default); a planned trip to Ukraine is flagged by the planner
# before the trip is added, as the trip is not yet in the record the unit reads.
UNIT = RuleUnit(RULE_ID, collective_protection, daily=collective_daily)
