"""Permanent residence: the absence limit, time without a permit, and when it can be met
(rules.md §2, utl. § 62, utf. § 11-2).

For an evaluation date e on the 3-year track (5-year for protection and humanitarian permits):
- absence: days abroad in the last 3 (5) years ending e, counted from the start of the period:
  GREEN ≤ 210 (300), AMBER up to 215 (306), RED above. A skilled worker may be away up to 15
  months if at least 8 of them were employer assignments (§2.4), with AMBER for the
  alternative reading "7 months private plus employer travel";
- gaps: days without a permit in the same window: GREEN ≤ 89, AMBER ≤ 92, RED above (§2.3);
- residence time: days since the start, less gap days and days under permits that form no
  basis for PR, must exceed the days in (e − 3y, e].
The goal is met on days where all three hold. `earliest_met` is the start of the first run of
met days that ends on or after the evaluation date (so "met since" or "met from").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from app.services.days import BoolArray, DayMask, IntArray, add_months, shift_months, to_date
from app.services.profile import PermitKind, Status
from app.services.results import Check, DatedCheck, NotApplicable, RuleResult, worst
from app.services.ruledata import MonthLimit
from app.services.rules.common import first_true, not_applicable, peak, run_start_covering
from app.services.rules.context import Context
from app.services.rules.permit_history import gaps, permit_on, residence_start
from app.services.rules.unit import LEVEL_OF, Change, Daily, RuleUnit
from app.services.wording import _, ngettext
from app.services.wording.formats import format_date

STATUSES = (Status.GREEN, Status.AMBER, Status.RED)


def levels(counts: IntArray, conservative: int, lenient: int) -> IntArray:
    """Vectorised `status_for`: 0 GREEN, 1 AMBER, 2 RED."""
    return np.where(counts <= conservative, 0, np.where(counts <= lenient, 1, 2))


@dataclass(frozen=True, slots=True)
class Track:
    """The qualifying track that applies (the one home of this decision, rules.md §2.1)."""

    years: int
    months_abroad: int
    absence: MonthLimit
    gaps: MonthLimit
    skilled: bool
    figures: dict[str, Any]


def track(ctx: Context) -> Track:
    """3 or 5 years, judged on the permit held on the application date (or today)."""
    info = ctx.data.rule("permanent-residence")
    permits = ctx.profile.permits
    track_day = ctx.profile.key_dates.pr_applied_on or ctx.as_of
    track_permit = permit_on(permits, track_day) or permit_on(permits, ctx.as_of)
    figures = info.version_on(track_day)
    five_year = bool(figures["five_year_track"]) and (
        track_permit is not None and track_permit.kind in info.raw["five_year_kinds"]
    )
    chosen = figures["tracks"]["5" if five_year else "3"]
    return Track(
        years=int(chosen["years"]),
        months_abroad=int(chosen["months_abroad"]),
        absence=ctx.data.month_limit(int(chosen["months_abroad"])),
        gaps=ctx.data.month_limit(int(figures["gap_months"])),
        skilled=track_permit is not None and track_permit.kind == PermitKind.SKILLED_WORKER,
        figures=figures,
    )


def period_start(ctx: Context) -> date | None:
    """The first day of the qualifying period (None: no basis for permanent residence)."""
    key = ctx.profile.key_dates
    return residence_start(
        ctx.profile.permits, key.arrived_on, key.reported_to_police_on, for_citizenship=False
    )


def window_starts(ctx: Context, days: IntArray, years: int, start: int) -> IntArray:
    """Start of the window (d − N years, d] on each day, never before the period's start."""
    return np.maximum(ctx.years_back(days, years) + 1, start)


def permanent_residence_daily(ctx: Context, days: IntArray) -> Daily:
    """Days abroad in the qualifying window ending on each day (0 before the period)."""
    start = period_start(ctx)
    if start is None:
        return Daily(np.zeros(days.size, np.int64), np.zeros(days.size, np.bool_))
    s = start.toordinal()
    values = ctx.abroad.counts(window_starts(ctx, days, track(ctx).years, s), days)
    inside = days >= s
    return Daily(np.where(inside, values, 0), np.ones(days.size, dtype=np.bool_))


@dataclass(frozen=True, slots=True, eq=False)
class Levels:
    """The rule's figures on every day from the period's start (or the evaluation date) to the
    end of the masks: what `permanent_residence` reports and the planner's probe reads."""

    track: Track
    days: IntArray
    window_start: IntArray
    absent: IntArray
    employer: IntArray
    gap_days: IntArray
    served: IntArray
    needed: IntArray
    complete: BoolArray
    absence_level: IntArray
    gap_level: IntArray
    level: IntArray
    met: BoolArray


def absence_levels(ctx: Context, chosen: Track, absent: IntArray, employer: IntArray) -> IntArray:
    """0 GREEN, 1 AMBER, 2 RED for days-abroad counts, with the skilled-worker exception
    (rules.md §2.4) when it applies."""
    absence_limit, figures = chosen.absence, chosen.figures
    absence_level = levels(absent, absence_limit.conservative, absence_limit.lenient)
    if chosen.skilled:
        long_limit = ctx.data.month_limit(int(figures["skilled_months"]))
        employer_min = figures["skilled_employer_min_days"]
        passes = (absent <= long_limit.conservative) & (employer >= employer_min["conservative"])
        maybe = (absent <= long_limit.lenient) & (
            (employer >= employer_min["lenient"]) | (absent - employer <= absence_limit.lenient)
        )
        absence_level = np.where(
            passes, 0, np.where(maybe, np.minimum(absence_level, 1), absence_level)
        )
    return absence_level


def daily_levels(ctx: Context, start: date) -> Levels:
    """Every test of the rule on every day (see `Levels`), worked out once per context."""
    key = f"permanent-residence:{start.toordinal()}"
    found = ctx.memo.get(key)
    if not isinstance(found, Levels):
        found = ctx.memo[key] = _daily_levels(ctx, start)
    return found


def _daily_levels(ctx: Context, start: date) -> Levels:
    permits = ctx.profile.permits
    chosen = track(ctx)
    years, gap_limit = chosen.years, chosen.gaps

    gap_mask = DayMask.from_intervals(
        ((a.toordinal(), b.toordinal()) for a, b in gaps(permits)), ctx.first, ctx.last
    )
    # Time under permits that form no basis (student, au pair…) does not count toward the
    # period (rules.md §2.1), unless a basis permit covers the same days.
    basis_cover = DayMask.from_intervals(
        (
            (p.valid_from.toordinal(), (p.valid_to or date.max).toordinal())
            for p in permits
            if p.pr_basis
        ),
        ctx.first,
        ctx.last,
    )
    other_cover = DayMask.from_intervals(
        (
            (p.valid_from.toordinal(), (p.valid_to or date.max).toordinal())
            for p in permits
            if not p.pr_basis and p.kind != PermitKind.PERMANENT
        ),
        ctx.first,
        ctx.last,
    )
    no_basis = DayMask.from_mask(other_cover.mask & ~basis_cover.mask, ctx.first)
    s = start.toordinal()
    end = ctx.end.toordinal()
    days = ctx.days(min(s, end), ctx.last)
    back = ctx.years_back(days, years)  # e − N years; the window is (back, e]
    window_start = window_starts(ctx, days, years, s)
    absent = ctx.abroad.counts(window_start, days)
    gap_days = gap_mask.counts(window_start, days)
    since_start = np.full(days.size, s, dtype=np.int64)
    served = days - s + 1 - gap_mask.counts(since_start, days) - no_basis.counts(since_start, days)
    needed = days - back
    # The period is complete on the day after its N-th anniversary: "first date e ≥ start + N
    # years" (rules.md §2.5), one day later than the citizenship count (E8).
    complete = served > needed

    employer = ctx.employer.counts(window_start, days)
    absence_level = absence_levels(ctx, chosen, absent, employer)
    gap_level = levels(gap_days, gap_limit.conservative, gap_limit.lenient)
    level = np.maximum(absence_level, gap_level)
    met = complete & (level == 0)

    return Levels(
        chosen,
        days,
        window_start,
        absent,
        employer,
        gap_days,
        served,
        needed,
        complete,
        absence_level,
        gap_level,
        level,
        met,
    )


def permanent_residence_counting(ctx: Context) -> Levels | None:
    """What the rule counts, for the planner's "what if": its tests on every day (None: no
    qualifying period)."""
    start = period_start(ctx)
    return None if start is None else daily_levels(ctx, start)


def permanent_residence(ctx: Context) -> RuleResult | NotApplicable:
    """Absence and gap tests for permanent residence, and the earliest date they are met."""
    info = ctx.data.rule("permanent-residence")
    pr_waiting_months = ctx.pr_waiting_months
    permits = ctx.profile.permits
    key = ctx.profile.key_dates
    current = permit_on(permits, ctx.as_of)
    if current is not None and current.kind == PermitKind.PERMANENT:
        return not_applicable(info, _("You already hold permanent residence."))
    start = period_start(ctx)
    if start is None:
        if not permits:
            reason = _(
                "Record your permit or your arrival date to see when you can get permanent "
                "residence."
            )
        elif any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits):
            reason = _(
                "Collective protection does not form a basis for permanent residence; the "
                "period starts with the first permit after it that does."
            )
        else:
            reason = _(
                "None of your recorded permits forms a basis for permanent residence (au pair "
                "and student permits, for example, do not)."
            )
        return not_applicable(info, reason)

    arrays = daily_levels(ctx, start)
    chosen, years = arrays.track, arrays.track.years
    absence_limit, gap_limit, skilled = chosen.absence, chosen.gaps, chosen.skilled
    days, window_start, absent = arrays.days, arrays.window_start, arrays.absent
    gap_days, served, needed, complete = (
        arrays.gap_days,
        arrays.served,
        arrays.needed,
        arrays.complete,
    )
    absence_level, gap_level, level, met = (
        arrays.absence_level,
        arrays.gap_level,
        arrays.level,
        arrays.met,
    )
    s, end = start.toordinal(), ctx.end.toordinal()

    at = end - int(days[0])
    search = days >= ctx.search_from(s)
    search &= days <= end
    peak_days, peak_date = peak(days[search], absent[search])
    earliest = run_start_covering(days, met, ctx.as_of.toordinal())

    def dated(label: str, on: date) -> DatedCheck | None:
        index = on.toordinal() - int(days[0])
        if not 0 <= index < days.size:
            return None
        return DatedCheck(
            label=label,
            on=on,
            days_abroad=int(absent[index]),
            status=STATUSES[int(level[index])],
            window_start=to_date(int(window_start[index])),
            includes_planned=ctx.projected,
        )

    # The dates that matter (rules.md §2.6): the application and the expected decision. With
    # none recorded: the earliest date, or, once met, applying today (on your return from the
    # plans in a projection), so a long trip in the waiting time is not missed.
    application = key.pr_applied_on
    application_label = _("On your application date")
    if application is None and earliest is not None:
        if earliest > ctx.end:
            application, application_label = earliest, _("If you apply on the earliest date")
        elif ctx.projected and ctx.end > ctx.as_of:
            application, application_label = ctx.end, _("If you apply on your return")
        else:
            application, application_label = ctx.end, _("If you apply today")
    evaluations = [
        dated(_("Today") if not ctx.projected else _("At the end of your plans"), ctx.end)
    ]
    apply_from: date | None = None
    if application is not None:
        evaluations.append(dated(application_label, application))
        evaluations.append(
            dated(
                ngettext(
                    "On the expected decision date ({count} month later)",
                    "On the expected decision date ({count} months later)",
                    pr_waiting_months,
                ).format(count=pr_waiting_months),
                add_months(application, pr_waiting_months),
            )
        )
    if not ctx.headline_only:
        # The first application date from today (from the end of the plans) whose expected
        # decision date meets every test: what a trip in the waiting time moves.
        first = max(end, int(days[0]))
        candidates = days[first - int(days[0]) :]
        decision = shift_months(candidates, pr_waiting_months) - int(days[0])
        inside = decision < days.size
        good = np.flatnonzero(met[decision[inside]])
        apply_from = None if good.size == 0 else to_date(int(candidates[inside][good[0]]))

    track_note = _(
        "{years}-year track: at most {limit} days abroad in the last {years} years ({months} "
        "months; up to {lenient} depending on how UDI counts months)."
    ).format(
        years=years,
        limit=absence_limit.conservative,
        months=chosen.months_abroad,
        lenient=absence_limit.lenient,
    )
    notes = [
        track_note,
        _("Your qualifying period starts on {date}.").format(date=format_date(start)),
    ]
    if earliest is not None:
        # rules.md §2.5: the first day of the period of met days that reaches the evaluation
        # date, rather than the first met day ever (which may lie before a later breach).
        notes.append(
            _(
                "Earliest date {date}: the first day of the unbroken period in which every test "
                "is met that reaches the evaluation date (or, if they are not met then, the "
                "first later day they are)."
            ).format(date=format_date(earliest))
        )
    if any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits):
        notes.append(_("Days under collective protection do not count toward permanent residence."))
    if skilled:
        notes.append(
            _(
                "As a skilled worker you may be away up to 15 months if at least 8 of them were "
                "assignments for your employer (give those trips the purpose 'Work trip for "
                "employer')."
            )
        )
    last_permit_end = max((p.valid_to for p in permits if p.valid_to is not None), default=None)
    if earliest is not None and last_permit_end is not None and earliest > last_permit_end:
        notes.append(_("This assumes you renew your permit in time."))

    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention=ctx.convention,
        status=STATUSES[int(level[at])],
        days_abroad=int(absent[at]),
        limit=absence_limit.conservative,
        lenient_limit=absence_limit.lenient,
        window_start=to_date(int(window_start[at])) if days[at] >= s else start,
        window_end=ctx.end,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=first_true(days[search], level[search] >= 1),
        first_breach=first_true(days[search], level[search] >= 2),
        earliest_met=earliest,
        apply_from=apply_from,
        applied_on=key.pr_applied_on,
        checks=(
            Check(
                "absence",
                _("Days abroad in the last {years} years").format(years=years),
                STATUSES[int(absence_level[at])],
                int(absent[at]),
                absence_limit.conservative,
                absence_limit.lenient,
            ),
            Check(
                "gaps",
                _("Days without a permit in the last {years} years").format(years=years),
                STATUSES[int(gap_level[at])],
                int(gap_days[at]),
                gap_limit.conservative,
                gap_limit.lenient,
            ),
            Check(
                "residence",
                _("Days of residence toward {years} years").format(years=years),
                Status.GREEN if complete[at] else Status.AMBER,
                max(0, int(served[at])),
                int(needed[at]),
                int(needed[at]),
            ),
        ),
        evaluations=tuple(e for e in evaluations if e is not None),
        notes=tuple(notes),
    )


def _worst_dated(result: RuleResult) -> int:
    return max((LEVEL_OF[e.status] for e in result.evaluations[1:]), default=0)


def permanent_residence_compare(before: RuleResult, after: RuleResult) -> Change:
    """A trip breaks permanent residence when it moves the earliest date later (while no
    application is recorded), or when a date that matters (application, expected decision)
    turns worse than without it."""
    old, new = before.earliest_met, after.earliest_met
    moved = (
        after.applied_on is None and new != old and (new is None or (old is not None and new > old))
    )
    dated = _worst_dated(after)
    worse = dated if dated > _worst_dated(before) else 0
    level = 2 if moved or worse == 2 else worse
    checks = tuple((e.label, e.on, e.days_abroad, e.status) for e in after.evaluations[1:])
    return Change(
        level=level,
        first_warning=next((e.on for e in after.evaluations[1:] if e.status != Status.GREEN), None)
        if level
        else None,
        first_breach=next((e.on for e in after.evaluations[1:] if e.status == Status.RED), None)
        if level == 2
        else None,
        peak=max((e.days_abroad for e in after.evaluations[1:]), default=None),
        moved_from=old if moved else before.apply_from,
        moved_to=new if moved else after.apply_from,
        moved=moved or level == 2,
        dated=checks,
    )


def permanent_residence_period_status(result: RuleResult) -> Status:
    """Judged on the dates that matter, not on every day (rules.md §2.6)."""
    return worst(result.status, *(e.status for e in result.evaluations))


def permanent_residence_breached_on(result: RuleResult) -> date | None:
    """The first date that matters that is over the limit."""
    return min((e.on for e in result.evaluations[1:] if e.status == Status.RED), default=None)


UNIT = RuleUnit(
    "permanent-residence",
    permanent_residence,
    daily=permanent_residence_daily,
    compare=permanent_residence_compare,
    period_status=permanent_residence_period_status,
    breached_on=permanent_residence_breached_on,
    counting=permanent_residence_counting,
)
