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

from datetime import date

import numpy as np

from app.services.days import DayMask, IntArray, add_months, to_date
from app.services.profile import PermitKind, Status
from app.services.results import Check, DatedCheck, NotApplicable, RuleResult
from app.services.rules.common import first_true, not_applicable, peak, run_start_covering
from app.services.rules.context import Context
from app.services.rules.permit_history import gaps, permit_on, residence_start

STATUSES = (Status.GREEN, Status.AMBER, Status.RED)


def levels(counts: IntArray, conservative: int, lenient: int) -> IntArray:
    """Vectorised `status_for`: 0 GREEN, 1 AMBER, 2 RED."""
    return np.where(counts <= conservative, 0, np.where(counts <= lenient, 1, 2))


def permanent_residence(ctx: Context, pr_waiting_months: int) -> RuleResult | NotApplicable:
    """Absence and gap tests for permanent residence, and the earliest date they are met."""
    info = ctx.data.rule("permanent-residence")
    permits = ctx.profile.permits
    key = ctx.profile.key_dates
    current = permit_on(permits, ctx.as_of)
    if current is not None and current.kind == PermitKind.PERMANENT:
        return not_applicable(info, "You already hold permanent residence.")
    start = residence_start(
        permits, key.arrived_on, key.reported_to_police_on, for_citizenship=False
    )
    if start is None:
        if not permits:
            reason = (
                "Record your permit or your arrival date to see when you can get permanent "
                "residence."
            )
        elif any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits):
            reason = (
                "Collective protection does not form a basis for permanent residence; the "
                "period starts with the first permit after it that does."
            )
        else:
            reason = (
                "None of your recorded permits forms a basis for permanent residence (au pair "
                "and student permits, for example, do not)."
            )
        return not_applicable(info, reason)

    track_day = key.pr_applied_on or ctx.as_of
    track_permit = permit_on(permits, track_day) or current
    figures = info.version_on(track_day)
    five_year = bool(figures["five_year_track"]) and (
        track_permit is not None and track_permit.kind in info.raw["five_year_kinds"]
    )
    track = figures["tracks"]["5" if five_year else "3"]
    years = int(track["years"])
    absence_limit = ctx.data.month_limit(int(track["months_abroad"]))
    gap_limit = ctx.data.month_limit(int(figures["gap_months"]))
    skilled = track_permit is not None and track_permit.kind == PermitKind.SKILLED_WORKER

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
    window_start = np.maximum(back + 1, s)
    absent = ctx.abroad.counts(window_start, days)
    gap_days = gap_mask.counts(window_start, days)
    since_start = np.full(days.size, s, dtype=np.int64)
    served = days - s + 1 - gap_mask.counts(since_start, days) - no_basis.counts(since_start, days)
    needed = days - back
    # The period is complete on the day after its N-th anniversary: "first date e ≥ start + N
    # years" (rules.md §2.5), one day later than the citizenship count (E8).
    complete = served > needed

    absence_level = levels(absent, absence_limit.conservative, absence_limit.lenient)
    if skilled:
        long_limit = ctx.data.month_limit(int(figures["skilled_months"]))
        employer_min = figures["skilled_employer_min_days"]
        employer = ctx.employer.counts(window_start, days)
        passes = (absent <= long_limit.conservative) & (employer >= employer_min["conservative"])
        maybe = (absent <= long_limit.lenient) & (
            (employer >= employer_min["lenient"]) | (absent - employer <= absence_limit.lenient)
        )
        absence_level = np.where(
            passes, 0, np.where(maybe, np.minimum(absence_level, 1), absence_level)
        )
    gap_level = levels(gap_days, gap_limit.conservative, gap_limit.lenient)
    level = np.maximum(absence_level, gap_level)
    met = complete & (level == 0)

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

    application = key.pr_applied_on
    application_label = "On your application date"
    if application is None and earliest is not None and earliest > ctx.as_of:
        application, application_label = earliest, "If you apply on the earliest date"
    evaluations = [dated("Today" if not ctx.projected else "At the end of your plans", ctx.end)]
    if application is not None:
        evaluations.append(dated(application_label, application))
        evaluations.append(
            dated(
                f"On the expected decision date ({pr_waiting_months} months later)",
                add_months(application, pr_waiting_months),
            )
        )

    track_note = (
        f"{years}-year track: at most {absence_limit.conservative} days abroad in the last "
        f"{years} years ({int(track['months_abroad'])} months; up to {absence_limit.lenient} "
        "depending on how UDI counts months)."
    )
    notes = [track_note, f"Your qualifying period starts on {start.isoformat()}."]
    if earliest is not None:
        # rules.md §2.5: the first day of the period of met days that reaches the evaluation
        # date, rather than the first met day ever (which may lie before a later breach).
        notes.append(
            f"Earliest date {earliest.isoformat()}: the first day of the unbroken period in "
            "which every test is met that reaches the evaluation date (or, if they are not met "
            "then, the first later day they are)."
        )
    if any(p.kind == PermitKind.COLLECTIVE_PROTECTION for p in permits):
        notes.append(
            "Days under collective protection do not count toward permanent residence "
            "(rules.md §1.3a)."
        )
    if skilled:
        notes.append(
            "As a skilled worker you may be away up to 15 months if at least 8 of them were "
            "assignments for your employer (give those trips the purpose 'Work trip for employer')."
        )
    last_permit_end = max((p.valid_to for p in permits if p.valid_to is not None), default=None)
    if earliest is not None and last_permit_end is not None and earliest > last_permit_end:
        notes.append("This assumes you renew your permit in time.")

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
        checks=(
            Check(
                "absence",
                f"Days abroad in the last {years} years",
                STATUSES[int(absence_level[at])],
                int(absent[at]),
                absence_limit.conservative,
                absence_limit.lenient,
            ),
            Check(
                "gaps",
                f"Days without a permit in the last {years} years",
                STATUSES[int(gap_level[at])],
                int(gap_days[at]),
                gap_limit.conservative,
                gap_limit.lenient,
            ),
            Check(
                "residence",
                f"Days of residence toward {years} years",
                Status.GREEN if complete[at] else Status.AMBER,
                max(0, int(served[at])),
                int(needed[at]),
                int(needed[at]),
            ),
        ),
        evaluations=tuple(e for e in evaluations if e is not None),
        notes=tuple(notes),
    )
