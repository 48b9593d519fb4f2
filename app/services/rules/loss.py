"""Loss of permanent residence (rules.md §3, utl. § 62, utf. § 11-8).

Counted days are the abroad days on or after the grant date, except:
- calendar years with under two months abroad count for nothing (a year counts when its total
  so far reaches 59 days, or 62 under the lenient reading);
- a stay in Norway of 15 months starts a new clock: abroad days before it are dropped (the stay
  must last 458 days under the conservative reading, 450 under the lenient one).
Aggregate test (rules.md §3.1 item 4): counted days in the rolling 4-year window (1461 days)
ending e. AMBER when the count under the strict settings (59-day year filter, 458-day reset)
reaches 730 ("two years or more", the English UDI page); RED when the count under the mild
settings (62-day filter, 450-day reset) exceeds 730 ("more than two years", the regulation and
the Norwegian UDI page). This matches E9c.
Continuous test: one absence reaching two calendar years (RED on the day before the second
anniversary of its first day), AMBER from 90 days before that.
A recorded permission to stay abroad suppresses both tests until its date (§3.2).
"""

from __future__ import annotations

import numpy as np

from app.services.days import BoolArray, IntArray, shift_years, to_date
from app.services.profile import PermitKind
from app.services.results import Check, NotApplicable, RuleResult, YearTotal
from app.services.ruledata import MonthLimit
from app.services.rules.common import (
    YearFilter,
    first_true,
    not_applicable,
    peak,
    run_starts,
    year_first_index,
)
from app.services.rules.context import Context
from app.services.rules.permanent import STATUSES
from app.services.rules.permit_history import permit_on
from app.services.rules.unit import Daily, RuleUnit
from app.services.wording import _
from app.services.wording.formats import format_date


def _counted(
    abroad: BoolArray, years: YearFilter, window: int, year_threshold: int, reset_stay: int
) -> IntArray:
    """Counted days in the window ending on each index (index 0 is the grant date); `years`
    filters `abroad` by calendar-year totals."""
    index = np.arange(abroad.size)
    # 15-month reset: the latest stay at home that has lasted `reset_stay` days by each index.
    starts = run_starts(abroad)
    home_long = ~abroad & (index - starts + 1 >= reset_stay)
    reset_from = np.maximum.accumulate(np.where(home_long, starts, 0))
    lo = np.maximum(np.maximum(reset_from, index - window + 1), 0)
    return years.counts(lo, year_threshold)


def _year_level(total: int, limit: MonthLimit) -> int:
    """0: the year is ignored under every reading; 1: counted under the conservative reading
    only; 2: counted under every reading."""
    if total < limit.conservative:
        return 0
    return 1 if total < limit.lenient else 2


def permanent_residence_loss(ctx: Context) -> RuleResult | NotApplicable:
    """Whether time abroad has made permanent residence lapse, or soon will."""
    info = ctx.data.rule("permanent-residence-loss")
    current = permit_on(ctx.profile.permits, ctx.as_of)
    if current is None or current.kind != PermitKind.PERMANENT:
        return not_applicable(info, _("This applies once you hold permanent residence."))
    figures = info.version_on(ctx.end)
    window, cap = int(figures["window_days"]), int(figures["max_days"])
    year_limit = ctx.data.month_limit(int(figures["year_filter_months"]))
    reset = ctx.data.month_limit(int(figures["reset_months"]))

    grant, end = current.valid_from.toordinal(), ctx.end.toordinal()
    days = ctx.days(grant, end)
    abroad = ctx.abroad.mask[grant - ctx.first : end - ctx.first + 1]
    years, year_first = year_first_index(days)
    first_year = int(years[0])
    # Roles flip for a minimum (§0.3): the conservative reset needs the longer stay.
    filtered = YearFilter(abroad, years, year_first)
    strict = _counted(abroad, filtered, window, year_limit.conservative, reset.lenient)
    mild = _counted(abroad, filtered, window, year_limit.lenient, reset.conservative)
    aggregate = np.where(mild > cap, 2, np.where(strict >= cap, 1, 0))

    run_from = days[run_starts(abroad)]
    red_from = shift_years(run_from, int(figures["continuous_years"])) - 1
    amber_from = red_from - int(figures["continuous_amber_days"])
    continuous = np.where(
        abroad & (days >= red_from), 2, np.where(abroad & (days >= amber_from), 1, 0)
    )
    level = np.maximum(aggregate, continuous)
    permission = ctx.profile.key_dates.abroad_permission_until
    notes: list[str] = []
    if permission is not None:
        level = np.where(days <= permission.toordinal(), 0, level)
        if permission >= ctx.end:
            notes.append(
                _(
                    "You have permission to stay abroad until {date}, so these limits are not "
                    "applied until then."
                ).format(date=format_date(permission))
            )

    search = days >= ctx.search_from(grant)
    peak_days, peak_date = peak(days[search], strict[search])
    current_absence = int(days[-1] - run_from[-1] + 1) if abroad[-1] else 0
    totals = np.bincount(years - first_year, weights=abroad).astype(np.int64)
    year_rows = [
        YearTotal(first_year + i, int(total), STATUSES[_year_level(int(total), year_limit)])
        for i, total in enumerate(totals)
    ]
    notes.append(
        _(
            "Years with under two months abroad are not counted; 15 months in a row in Norway "
            "start a new count."
        )
    )
    notes.append(
        _(
            "Borderline once {cap} counted days are reached on the strictest reading; over the "
            "limit once more than {cap} are counted on the mildest (the law says 'more than two "
            "years', one UDI page 'two years or more')."
        ).format(cap=cap)
    )
    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention=ctx.convention,
        status=STATUSES[int(level[-1])],
        days_abroad=int(strict[-1]),
        limit=cap - 1,
        lenient_limit=cap,
        window_start=to_date(max(end - window + 1, grant)),
        window_end=ctx.end,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=first_true(days[search], level[search] >= 1),
        first_breach=first_true(days[search], level[search] >= 2),
        checks=(
            Check(
                "aggregate",
                _("Counted days abroad in the last 4 years"),
                STATUSES[int(aggregate[-1])],
                int(strict[-1]),
                cap - 1,
                cap,
            ),
            Check(
                "continuous",
                _("Days of the current absence"),
                STATUSES[int(continuous[-1])],
                current_absence,
                int(red_from[-1] - run_from[-1]) - int(figures["continuous_amber_days"]),
                int(red_from[-1] - run_from[-1]),
            ),
        ),
        years=tuple(year_rows),
        notes=tuple(notes),
    )


def permanent_residence_loss_daily(ctx: Context, days: IntArray) -> Daily:
    """Counted days (conservative reading) in the 4-year window ending on each day, from the
    grant of the permanent permit held on the context's date."""
    values = np.zeros(days.size, dtype=np.int64)
    current = permit_on(ctx.profile.permits, ctx.as_of)
    if current is None or current.kind != PermitKind.PERMANENT or days.size == 0:
        return Daily(values, np.zeros(days.size, dtype=np.bool_))
    figures = ctx.data.rule("permanent-residence-loss").version_on(ctx.end)
    year_limit = ctx.data.month_limit(int(figures["year_filter_months"]))
    reset = ctx.data.month_limit(int(figures["reset_months"]))
    grant, last = current.valid_from.toordinal(), int(days.max())
    if last < grant:
        return Daily(values, np.zeros(days.size, dtype=np.bool_))
    span = ctx.days(grant, last)
    abroad = ctx.abroad.mask[grant - ctx.first : last - ctx.first + 1]
    years, year_first = year_first_index(span)
    strict = _counted(
        abroad,
        YearFilter(abroad, years, year_first),
        int(figures["window_days"]),
        year_limit.conservative,
        reset.lenient,
    )
    inside = days >= grant
    values[inside] = strict[days[inside] - grant]
    return Daily(values, inside)


UNIT = RuleUnit(
    "permanent-residence-loss", permanent_residence_loss, daily=permanent_residence_loss_daily
)
