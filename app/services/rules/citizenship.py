"""Citizenship: residence time and the calendar-year deduction (rules.md §4, sbf. chapter 3).

residence(e) = days in (e − L years, e] on or after the start, less days without a permit and
days covered only by permits shorter than a year, less the deducted abroad days in that
look-back. A calendar year whose days abroad exceed two months has **all** of them deducted:
≤ 58 never, 59–62 depending on the reading (AMBER; deducted in the conservative figures),
≥ 63 always. A year still running is judged on its total so far. The requirement is met when
residence(e) ≥ the days in (e − N years, e]: 8 of 11 years (main rule), 7 of 10 after
protection, 6 of 10 with income of at least 3G.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from app.services.days import BoolArray, DayMask, IntArray
from app.services.profile import PermitKind, PermitSpan, Status
from app.services.results import NotApplicable, Route, RuleResult, YearTotal, status_for
from app.services.ruledata import RuleData
from app.services.rules.collective import permit_end
from app.services.rules.common import (
    YearFilter,
    not_applicable,
    run_start_covering,
    year_first_index,
)
from app.services.rules.context import Context
from app.services.rules.counting import CalendarYears
from app.services.rules.permit_history import gaps, length_class, residence_start
from app.services.rules.unit import LEVEL_OF, Change, Daily, RuleUnit, YearChange
from app.services.wording import _, ngettext
from app.services.wording.formats import format_date


def _not_counted(ctx: Context) -> DayMask:
    """Days that are not residence: gaps without a permit, days covered only by permits
    granted for less than a year (sbl. § 7: "minst ett års varighet"), and days covered only by
    collective protection (whether those count is not stated anywhere: rules.md §1.3a, §10 —
    not counted, the conservative reading)."""
    permits = ctx.profile.permits

    def uncounted(permit: PermitSpan) -> bool:
        return permit.kind == PermitKind.COLLECTIVE_PROTECTION or length_class(permit) == "short"

    partial = [p for p in permits if uncounted(p)]
    full = [p for p in permits if not uncounted(p)]
    intervals = [(a.toordinal(), b.toordinal()) for a, b in gaps(permits)]
    if partial:
        covered = DayMask.from_intervals(
            ((p.valid_from.toordinal(), (p.valid_to or date.max).toordinal()) for p in full),
            ctx.first,
            ctx.last,
        )
        for permit in partial:
            start, stop = permit.valid_from.toordinal(), permit_end(permit).toordinal()
            lo, hi = max(start, ctx.first), min(stop, ctx.last)
            if lo > hi:
                continue
            uncovered = ~covered.mask[lo - ctx.first : hi - ctx.first + 1]
            intervals.extend((lo + int(i), lo + int(i)) for i in np.flatnonzero(uncovered))
    after = _after_collective(permits)
    if after is not None and after <= ctx.last:
        intervals.append((max(after, ctx.first), ctx.last))
    return DayMask.from_intervals(intervals, ctx.first, ctx.last)


def _after_collective(permits: tuple[PermitSpan, ...]) -> int | None:
    """The day after the record's last permit when that permit is collective protection: from
    then on the record says nothing about a permit that counts, so (as for the permit itself,
    the cautious reading of rules.md §1.3a) those days are not counted either. Without this,
    goal dates would assume a counting permit follows. None: the last permit is another kind."""
    if not permits or any(
        p.valid_to is None and p.kind != PermitKind.COLLECTIVE_PROTECTION for p in permits
    ):
        return None
    last = max(permit_end(p) for p in permits)
    closing = [p for p in permits if permit_end(p) == last]
    if all(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in closing):
        return last.toordinal() + 1
    return None


def _running_year_totals(abroad: BoolArray, year_first: IntArray) -> IntArray:
    """Days abroad from 1 January (or the start) through each day."""
    prefix = np.zeros(abroad.size + 1, dtype=np.int64)
    np.cumsum(abroad, out=prefix[1:])
    result: IntArray = prefix[1:] - prefix[year_first]
    return result


def residence_from(ctx: Context) -> date | None:
    """The day citizenship residence starts (the one home of this decision)."""
    key = ctx.profile.key_dates
    return residence_start(
        ctx.profile.permits, key.arrived_on, key.reported_to_police_on, for_citizenship=True
    )


def deduction_lines(data: RuleData) -> tuple[int, int]:
    """(most days a year with no deduction, fewest days always deducted): 58 and 63 (§4.2)."""
    deduction = data.rule("citizenship").raw["deduction"]
    return int(deduction["no_deduction_max"]), int(deduction["always_deducted_min"])


def citizenship_counting(ctx: Context) -> CalendarYears | None:
    """What the deduction counts: days abroad in each calendar year from the residence start,
    GREEN up to 58, AMBER 59–62 (deducted on the conservative reading), RED from 63."""
    start = residence_from(ctx)
    if start is None:
        return None
    never, always = deduction_lines(ctx.data)
    return CalendarYears(ctx.abroad, start.toordinal(), never, always - 1)


def citizenship_daily(ctx: Context, days: IntArray) -> Daily:
    """Days abroad so far in each day's calendar year, counted from the residence start."""
    start = residence_from(ctx)
    if start is None or days.size == 0:
        return Daily(np.zeros(days.size, np.int64), np.zeros(days.size, np.bool_))
    s = start.toordinal()
    jan = np.maximum(year_first_ordinals(days), s)
    inside = days >= s
    return Daily(np.where(inside, ctx.abroad.counts(jan, days), 0), inside)


def year_first_ordinals(days: IntArray) -> IntArray:
    """1 January of each day's year, as ordinals."""
    epoch = date(1970, 1, 1).toordinal()
    as_days = (days - epoch).astype("datetime64[D]")
    jan: IntArray = as_days.astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    return jan + epoch


def citizenship_compare(before: RuleResult, after: RuleResult) -> Change:
    """A trip makes citizenship worse in each calendar year whose deduction it raises."""
    old = {y.year: y.status for y in before.years}
    raised = [
        y for y in after.years if LEVEL_OF[y.status] > LEVEL_OF[old.get(y.year, Status.GREEN)]
    ]
    if not raised:
        return Change(level=0, first_warning=None, first_breach=None, peak=None)
    level = max(LEVEL_OF[y.status] for y in raised)
    warnings = [y.warning_on for y in raised if y.warning_on is not None]
    breaches = [y.breach_on for y in raised if y.breach_on is not None and y.status == Status.RED]
    return Change(
        level=level,
        first_warning=min(warnings, default=None),
        first_breach=min(breaches, default=None) if level == 2 else None,
        peak=max(y.days for y in raised),
        years=tuple(YearChange(y.year, y.days, y.status) for y in raised),
        moved_from=before.earliest_met,
        moved_to=after.earliest_met,
        moved=after.earliest_met != before.earliest_met,
    )


def citizenship(ctx: Context) -> RuleResult | NotApplicable:
    """This year's days abroad against the deduction line, and when each route is met."""
    info = ctx.data.rule("citizenship")
    permits = ctx.profile.permits
    start = residence_from(ctx)
    if start is None:
        return not_applicable(
            info,
            _(
                "Record your arrival date or your first permit to see when you can apply for "
                "citizenship."
            ),
        )
    never, always = deduction_lines(ctx.data)

    s, end = start.toordinal(), ctx.end.toordinal()
    origin = min(s, end)
    days = ctx.days(origin, ctx.last)
    abroad = ctx.abroad.mask[origin - ctx.first :] & (days >= s)
    years, year_first = year_first_index(days)
    eligible = ~_not_counted(ctx).mask[origin - ctx.first :] & (days >= s)
    eligible_prefix = np.zeros(days.size + 1, dtype=np.int64)
    np.cumsum(eligible, out=eligible_prefix[1:])
    index = np.arange(days.size)

    has_protection = any(p.kind == PermitKind.PROTECTION for p in permits)
    # A goal date in the future is judged by the rule in force on that date, so each version's
    # routes are tested on the days it covers and merged by route id (7 of 10 became 8 of 11 on
    # 2022-01-01). Titles come from the newest version that has the route.
    met_by_route: dict[str, dict[int, BoolArray]] = {}
    route_info: dict[str, dict[str, Any]] = {}
    thresholds = (never + 1, always)
    versions = () if ctx.headline_only else info.versions
    # Residence in the look-back ending on each day, per deduction line. Several routes and
    # versions share a look-back (10 years), so each is counted once.
    looked_back: dict[int, dict[int, IntArray]] = {}
    deductions = YearFilter(abroad, years, year_first, counted=abroad & eligible)

    def residence(lookback: int) -> dict[int, IntArray]:
        found = looked_back.get(lookback)
        if found is None:
            lo = np.maximum(ctx.years_back(days, lookback) + 1 - origin, 0)
            present = eligible_prefix[index + 1] - eligible_prefix[lo]
            # Days in the look-back less the union of not-counted and deducted days: an
            # abroad day in a deducted year that is also a gap day is subtracted once
            # (rules.md §4.2 item 5), so only eligible abroad days are deducted here.
            found = looked_back[lookback] = {
                t: present - deductions.counts(lo, t) for t in thresholds
            }
        return found

    for number, (effective_from, figures) in enumerate(versions):
        until = (
            info.versions[number + 1][0].toordinal()
            if number + 1 < len(info.versions)
            else ctx.last + 1
        )
        in_force = (days >= effective_from.toordinal()) & (days < until)
        if not in_force.any():
            continue
        for route in figures["routes"]:
            route_info[route["id"]] = route
            years_needed, lookback = int(route["years"]), int(route["lookback_years"])
            counted = residence(lookback)
            needed = days - ctx.years_back(days, years_needed)
            merged = met_by_route.setdefault(
                route["id"], {t: np.zeros(days.size, dtype=np.bool_) for t in thresholds}
            )
            for threshold in thresholds:
                merged[threshold] |= in_force & (counted[threshold] >= needed)

    routes: list[Route] = []
    for route_id, met in met_by_route.items():
        route = route_info[route_id]
        earliest = {
            t: run_start_covering(days, flags, ctx.as_of.toordinal()) for t, flags in met.items()
        }
        needs = route.get("needs")
        applies = (
            needs is None
            or (needs == "protection" and has_protection)
            or (needs == "income" and ctx.profile.sufficient_income)
        )
        note = ""
        if needs == "income" and not applies:
            note = _("Only if your income in the latest tax assessment is at least 3G.")
        elif needs == "protection" and not applies:
            note = _("Only for people granted protection.")
        lenient = earliest[always]
        if lenient is not None and lenient != earliest[never + 1]:
            note = (note + " " if note else "") + (
                _("If UDI reads 'two months' generously: {date}.").format(date=format_date(lenient))
            )
        routes.append(
            Route(
                id=str(route_id),
                title=_(str(route["title"])),
                years=int(route["years"]),
                lookback_years=int(route["lookback_years"]),
                applies=applies,
                earliest_met=earliest[never + 1],
                note=note,
            )
        )

    totals = np.bincount(years - years[0], weights=abroad).astype(np.int64)
    first_year = int(years[0])
    running = _running_year_totals(abroad, year_first)
    # Searched from tomorrow in a projection, else from 1 January of the evaluation year, so
    # every calendar year the plans reach is judged, not only the last one.
    search_lo = ctx.search_from(max(s, date(ctx.as_of.year, 1, 1).toordinal()))
    search = (days >= search_lo) & (days <= end)

    def first_over(line: int, flags: BoolArray) -> date | None:
        hits = np.flatnonzero(flags & (running > line))
        return None if hits.size == 0 else date.fromordinal(int(days[hits[0]]))

    def first_over_by_year(line: int) -> dict[int, date]:
        """Each calendar year's first day whose running total passes `line`."""
        hits = np.flatnonzero(running > line)
        found, first = np.unique(years[hits], return_index=True)
        return {
            int(y): date.fromordinal(int(days[hits[i]]))
            for y, i in zip(found.tolist(), first.tolist(), strict=True)
        }

    warned, breached = first_over_by_year(never), first_over_by_year(always - 1)
    year_rows = tuple(
        YearTotal(
            first_year + i,
            int(total),
            status_for(int(total), never, always - 1),
            warned.get(first_year + i),
            breached.get(first_year + i),
        )
        for i, total in enumerate(totals)
        if first_year + i <= ctx.end.year and (total > 0 or first_year + i == ctx.end.year)
    )
    jan_first = date(ctx.end.year, 1, 1)
    this_year = ctx.abroad.count(max(jan_first, start), ctx.end)
    candidates = [r.earliest_met for r in routes if r.applies and r.earliest_met is not None]
    only_collective = any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits) and all(
        p.kind in (PermitKind.COLLECTIVE_PROTECTION, PermitKind.PERMANENT) for p in permits
    )
    notes = [
        _(
            "Time under collective protection is not counted, so no residence time counts yet: "
            "Borte gives no citizenship date until a permit that counts is recorded."
        )
        if only_collective
        else _("Residence counts from {date}.").format(date=format_date(start)),
        ngettext(
            "You can spend {count} more day abroad in {year} without a deduction.",
            "You can spend {count} more days abroad in {year} without a deduction.",
            max(0, never - this_year),
        ).format(count=max(0, never - this_year), year=ctx.end.year),
        _("You must also meet the conditions for permanent residence when UDI decides."),
    ]
    if any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits):
        notes.append(_(str(info.raw["collective_protection_question"])))
    notes.extend(
        _("Pending news: {text} Source: {url}").format(text=_(news["text"]), url=news["source"])
        for news in info.raw.get("pending_news", ())
        if date.fromisoformat(news["since"]) <= ctx.end
    )
    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention=ctx.convention,
        status=status_for(this_year, never, always - 1),
        days_abroad=this_year,
        limit=never,
        lenient_limit=always - 1,
        window_start=max(jan_first, start),
        window_end=ctx.end,
        first_warning=first_over(never, search),
        first_breach=first_over(always - 1, search),
        earliest_met=min(candidates, default=None),
        routes=tuple(routes),
        years=year_rows,
        notes=tuple(notes),
    )


UNIT = RuleUnit(
    "citizenship",
    citizenship,
    daily=citizenship_daily,
    compare=citizenship_compare,
    counting=citizenship_counting,
)
