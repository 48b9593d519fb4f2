"""Temporary permits: the actual-stay requirement (rules.md §1, utf. § 10-19a, utl. § 60).

- `temporary-365`: on a permit for more than a year (or with no permit recorded), at most 182
  days abroad in any rolling 365-day window. Windows start no earlier than the first permit of
  the unbroken run of such permits that ends with the current one: days before it are not
  "abroad" from a home the person did not have yet, or fell under another permit's rule.
- `temporary-permit-period`: on a permit of one year or less, at least half the permit period
  in Norway: abroad days in the period ≤ ⌊N/2⌋ (AMBER above 180 for a one-year permit, since a
  "six months" reading could be as low as 180 days abroad).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from app.services.days import IntArray, to_date
from app.services.profile import PermitKind, PermitSpan, Status
from app.services.results import NotApplicable, RuleResult, status_for
from app.services.ruledata import RuleInfo
from app.services.rules.common import first_true, not_applicable, peak, permit_segments
from app.services.rules.context import Context
from app.services.rules.counting import PeriodTotal, RollingWindow
from app.services.rules.permit_history import length_class, permit_on
from app.services.rules.unit import LEVEL_OF, Change, Daily, RuleUnit, compare_first_dates
from app.services.wording import N_, LazyLabels, _
from app.services.wording.formats import format_date

EXEMPT_REASONS: LazyLabels[str] = LazyLabels(
    {
        PermitKind.PERMANENT: N_(
            "You hold permanent residence, so the rules for temporary permits no longer apply."
        ),
        PermitKind.EEA_REGISTRATION: N_(
            "EEA registration has its own rules on absence, so the rules for temporary permits "
            "do not apply."
        ),
        PermitKind.PROTECTION: N_(
            "People granted protection as refugees are exempt from the actual-stay requirement "
            "(utf. § 10-19a second paragraph)."
        ),
        PermitKind.COLLECTIVE_PROTECTION: N_(
            "Collective protection has its own rule for time abroad (see the collective "
            "protection result)."
        ),
    }
)


def _current_subject_permit(
    ctx: Context, info: RuleInfo, day: date | None = None
) -> PermitSpan | NotApplicable | None:
    """The temporary permit the rule is judged on (on `day`, default the evaluation date), a
    reason it does not apply, or None (no permit recorded at all)."""
    permits = ctx.profile.permits
    if not permits:
        return None
    current = permit_on(permits, day or ctx.as_of)
    if current is None:
        first = min(p.valid_from for p in permits)
        return not_applicable(
            info,
            _("Your first permit starts on {date}; the rule applies from then.").format(
                date=format_date(first)
            ),
        )
    if current.kind in info.raw["exempt_kinds"]:
        return not_applicable(info, EXEMPT_REASONS.get(current.kind, _("Your permit is exempt.")))
    return current


def _chain_start(permits: Sequence[PermitSpan], current: PermitSpan, exempt: Sequence[str]) -> date:
    """Where the 365-day windows may start: the first of the unbroken run of permits of more
    than a year, subject to the rule, that ends with `current`. An earlier one-year or exempt
    permit had its own rule, so its days do not count here (rules.md §1.1: windows inside P)."""
    start = current.valid_from
    earlier = sorted(
        (p for p in permits if p.valid_from < current.valid_from), key=lambda p: p.valid_from
    )
    for permit in reversed(earlier):
        if permit.kind in exempt or length_class(permit) != "multi":
            break
        start = min(start, permit.valid_from)
    return start


def _subject(ctx: Context, info: RuleInfo, day: date) -> PermitSpan | NotApplicable | None:
    """The permit the 182/365 rule is judged on for `day`, a reason it does not apply, or None
    (no permit recorded: the rule applies from the first recorded day)."""
    current = _current_subject_permit(ctx, info, day)
    if isinstance(current, NotApplicable):
        return current
    if current is not None and length_class(current) != "multi":
        return not_applicable(
            info,
            _(
                "Your current permit is for one year or less, so the half-the-period rule "
                "applies instead."
            ),
        )
    return current


def _floor(ctx: Context, info: RuleInfo, current: PermitSpan | None) -> int:
    """The first day a 365-day window may count (the one home of this decision)."""
    if current is None:
        return ctx.first + 1
    return _chain_start(ctx.profile.permits, current, info.raw["exempt_kinds"]).toordinal()


def rolling_figures(ctx: Context, info: RuleInfo) -> tuple[int, int]:
    """(window length, most days abroad in it), in force on the date the figures are for."""
    figures = info.version_on(ctx.end)
    return int(figures["window_days"]), int(figures["max_days"])


def _rolling(ctx: Context, info: RuleInfo, current: PermitSpan | None) -> RollingWindow:
    window, cap = rolling_figures(ctx, info)
    return RollingWindow(
        ctx.abroad,
        window=window,
        cap=cap,
        floor=_floor(ctx, info, current),
        in_force=info.effective_from.toordinal(),
    )


def temporary_365_counting(ctx: Context) -> RollingWindow | None:
    """What the 182/365 rule counts on `ctx`'s date (None when it does not apply)."""
    info = ctx.data.rule("temporary-365")
    if ctx.end < info.effective_from:
        return None
    current = _subject(ctx, info, ctx.as_of)
    return None if isinstance(current, NotApplicable) else _rolling(ctx, info, current)


def temporary_365_daily(ctx: Context, days: IntArray) -> Daily:
    """The 182/365 count on each of `days`, each judged on the permit held that day, so the
    value on a date equals `temporary_365` evaluated on that date."""
    info = ctx.data.rule("temporary-365")
    window = rolling_figures(ctx, info)[0]
    lo = np.full(days.size, ctx.first + 1, dtype=np.int64)
    applies = np.zeros(days.size, dtype=np.bool_)
    first_permit = min(
        (p.valid_from.toordinal() for p in ctx.profile.permits), default=ctx.first + 1
    )
    for segment, inside in permit_segments(ctx.first, ctx.profile.permits, days):
        current = _subject(ctx, info, segment)
        if isinstance(current, NotApplicable):
            # Not this rule's days (before the first permit, or under a permit with its own
            # rule): shown counting from that stretch's start, never before the first permit.
            lo[inside] = max(segment.toordinal(), first_permit)
            continue
        lo[inside] = _floor(ctx, info, current)
        applies[inside] = True
    applies &= days >= info.effective_from.toordinal()
    return Daily(ctx.abroad.counts(np.maximum(days - window + 1, lo), days), applies)


def temporary_365(ctx: Context) -> RuleResult | NotApplicable:
    """At most 182 days abroad in any 365-day window (several-year permits)."""
    info = ctx.data.rule("temporary-365")
    if ctx.end < info.effective_from:
        return not_applicable(
            info,
            _("The 182-day rule applies from {date}.").format(
                date=format_date(info.effective_from)
            ),
        )
    current = _subject(ctx, info, ctx.as_of)
    if isinstance(current, NotApplicable):
        return current
    rolling = _rolling(ctx, info, current)
    lo, window, cap = rolling.floor, rolling.window, rolling.cap

    end = ctx.end.toordinal()
    days = ctx.days(ctx.search_from(lo), end)
    counts = ctx.abroad.counts(np.maximum(days - window + 1, lo), days)
    in_force = days >= rolling.in_force
    peak_days, peak_date = peak(days, counts)
    breach = first_true(days, (counts > cap) & in_force)
    now_start = max(end - window + 1, lo)
    now = ctx.abroad.count(now_start, end)
    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention=ctx.convention,
        status=Status.RED if now > cap else Status.GREEN,
        days_abroad=now,
        limit=cap,
        lenient_limit=cap,
        window_start=to_date(now_start),
        window_end=ctx.end,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=breach,
        first_breach=breach,
    )


def _period(ctx: Context, info: RuleInfo, current: PermitSpan) -> PeriodTotal:
    """The period of a permit of one year or less and its lines: at most ⌊N/2⌋ days abroad,
    AMBER above 180 for a one-year permit (a "six months" reading)."""
    assert current.valid_to is not None  # only permits with an end have a period
    start, stop = current.valid_from.toordinal(), current.valid_to.toordinal()
    lenient = (stop - start + 1) // 2
    figures = info.version_on(current.valid_from)
    if length_class(current) == "one_year":
        conservative = min(int(figures["six_months_abroad_conservative"]), lenient)
    else:
        conservative = lenient
    return PeriodTotal(ctx.abroad, start, stop, conservative, lenient)


def temporary_permit_period(ctx: Context) -> RuleResult | NotApplicable:
    """At least half of a one-year or shorter permit period in Norway."""
    info = ctx.data.rule("temporary-permit-period")
    current = _current_subject_permit(ctx, info)
    if isinstance(current, NotApplicable):
        return current
    if current is None or length_class(current) == "multi" or current.valid_to is None:
        return not_applicable(
            info, _("This rule applies only while you hold a permit of one year or less.")
        )
    period = _period(ctx, info, current)
    start, stop = period.start, period.stop
    length = stop - start + 1
    conservative, lenient = period.conservative, period.lenient

    end = min(stop, ctx.end.toordinal())
    days = ctx.days(ctx.search_from(start), end)
    counts = ctx.abroad.counts(np.full(days.size, start, dtype=np.int64), days)
    now = ctx.abroad.count(start, end)
    peak_days, peak_date = peak(days, counts)
    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention=ctx.convention,
        status=status_for(now, conservative, lenient),
        days_abroad=now,
        limit=conservative,
        lenient_limit=lenient,
        window_start=current.valid_from,
        window_end=to_date(max(end, start)),
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=first_true(days, counts > conservative),
        first_breach=first_true(days, counts > lenient),
        notes=(
            _(
                "Permit period {start} to {end} ({length} days): at most {limit} days abroad."
            ).format(
                start=format_date(current.valid_from),
                end=format_date(current.valid_to),
                length=length,
                limit=lenient,
            ),
        ),
    )


def temporary_period_counting(ctx: Context) -> PeriodTotal | None:
    """What the half-the-period rule counts on `ctx`'s date (None when it does not apply)."""
    info = ctx.data.rule("temporary-permit-period")
    current = _current_subject_permit(ctx, info)
    if not isinstance(current, PermitSpan) or current.valid_to is None:
        return None
    return None if length_class(current) == "multi" else _period(ctx, info, current)


def temporary_period_daily(ctx: Context, days: IntArray) -> Daily:
    """Abroad days so far in the permit period judged on each day (permits of a year or less),
    through that day or the period's end: `temporary_permit_period` evaluated on that day."""
    info = ctx.data.rule("temporary-permit-period")
    values = np.zeros(days.size, dtype=np.int64)
    applies = np.zeros(days.size, dtype=np.bool_)
    for segment, inside in permit_segments(ctx.first, ctx.profile.permits, days):
        current = _current_subject_permit(ctx, info, segment)
        if not isinstance(current, PermitSpan) or current.valid_to is None:
            continue
        if length_class(current) == "multi":
            continue
        start, stop = current.valid_from.toordinal(), current.valid_to.toordinal()
        ends = np.minimum(days[inside], stop)
        values[inside] = ctx.abroad.counts(np.full(inside.size, start, np.int64), ends)
        applies[inside] = True
    return Daily(values, applies)


def temporary_period_compare(before: RuleResult, after: RuleResult) -> Change:
    """A trip makes the permit period worse when it takes the period's total over a line, or
    adds days to a period over one already: each further day abroad there is one more day
    over (AMBER on the cautious reading of a one-year permit, RED over half the period)."""
    change = compare_first_dates(before, after)
    level = LEVEL_OF[after.status]
    if change.level >= level or after.days_abroad <= before.days_abroad:
        return change
    return Change(
        level=level,
        first_warning=after.first_warning,
        first_breach=after.first_breach if level == 2 else None,
        peak=after.peak_days,
    )


UNIT_365 = RuleUnit(
    "temporary-365", temporary_365, daily=temporary_365_daily, counting=temporary_365_counting
)
UNIT_PERIOD = RuleUnit(
    "temporary-permit-period",
    temporary_permit_period,
    daily=temporary_period_daily,
    compare=temporary_period_compare,
    counting=temporary_period_counting,
)
