"""Daily counts against a limit: the rolling 365 days, the permanent-residence window and
Schengen 90/180, with the days the engine marks (first breach, earliest date met).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from app.services.days import IntArray
from app.services.results import NotApplicable, RuleResult
from app.services.rules.permanent import period_start, track
from app.services.rules.schengen import full_stay_available_from, schengen_figures
from app.services.rules.temporary import rolling_figures
from app.services.series.source import (
    CONVENTION_WORDS,
    NO_TRIPS,
    ChartSource,
    DailySeries,
    DateRange,
)
from app.services.wording import _
from app.services.wording.formats import format_date


@dataclass(frozen=True, slots=True, eq=False)
class Marker:
    """A dated event to mark on a chart, such as the first day over a limit."""

    on: date
    label: str
    value: int | None = None  # the series value on that day, where it has one
    planned: bool = False  # found only with planned trips counted


@dataclass(frozen=True, slots=True, eq=False)
class CountChart:
    """A daily count against a limit: the rolling 365 days, the PR window, Schengen 90/180."""

    rule_id: str
    title: str
    subtitle: str
    window_words: str  # "in the 365 days ending" (for tooltips)
    as_of: date
    span: DateRange
    record: DailySeries | None  # days up to as_of (solid)
    planned: DailySeries | None  # as_of onwards, planned trips counted (dashed)
    planned_label: str
    alternative: DailySeries | None  # the other convention, whole span
    alternative_label: str
    limit: int
    lenient_limit: int
    limit_label: str
    close_from: int | None  # start of the "close to the limit" band (the warning margin)
    markers: tuple[Marker, ...] = ()
    notes: tuple[str, ...] = ()
    message: str | None = None  # shown instead of the chart (no trips, rule does not apply)


def _split(
    values: IntArray, span: DateRange, as_of: date, first: date
) -> tuple[DailySeries | None, DailySeries | None]:
    """Record (days ≤ as_of) and planned (days ≥ as_of) parts of a series starting on `first`."""
    whole = DailySeries(first, values)
    record = whole.between(first, min(as_of, span.end)) if first <= as_of else None
    planned = whole.between(max(as_of, first), span.end) if span.end > as_of else None
    return (record if record is not None and len(record) else None), (
        planned if planned is not None and len(planned) else None
    )


def _days(first: date, last: date) -> IntArray:
    return np.arange(first.toordinal(), last.toordinal() + 1, dtype=np.int64)


def _breach_markers(
    record: RuleResult | None,
    projected: RuleResult | None,
    value_on: Callable[[IntArray], IntArray],
    word: str,
) -> tuple[Marker, ...]:
    """The first day over the limit, and with planned trips, as markers with their values
    (`value_on` gives the series value on any days, also outside the range shown)."""
    found: list[Marker] = []
    for result, label, planned in (
        (record, _("First over the {limit}").format(limit=word), False),
        (projected, _("With your plans: over the {limit}").format(limit=word), True),
    ):
        if result is not None and result.first_breach is not None:
            day = result.first_breach
            value = int(value_on(np.array([day.toordinal()], dtype=np.int64))[0])
            found.append(Marker(day, label, value, planned=planned))
    return tuple(found)


def _empty_count(
    rule_id: str, title: str, source: ChartSource, span: DateRange, message: str
) -> CountChart:
    return CountChart(
        rule_id=rule_id,
        title=title,
        subtitle="",
        window_words="",
        as_of=source.as_of,
        span=span,
        record=None,
        planned=None,
        planned_label="",
        alternative=None,
        alternative_label="",
        limit=0,
        lenient_limit=0,
        limit_label="",
        close_from=None,
        message=message,
    )


def _close_from(limit: int, source: ChartSource) -> int | None:
    """Start of the "close to the limit" band: the warning margin below the limit."""
    return max(0, limit - source.warning_margin) if source.warning_margin > 0 else None


def _planned_label(source: ChartSource) -> str:
    return _("With planned trips") if source.planned else _("If you stay in Norway")


def rolling_absence(
    source: ChartSource, span: DateRange, *, with_alternative: bool = True
) -> CountChart:
    """Days abroad in the 365 days ending on each day of `span` (the temporary-permit rule)."""
    title = _("Days abroad in any 365 days")
    if not source.has_trips:
        return _empty_count("temporary-365", title, source, span, _(NO_TRIPS))
    ctx = source.context(projected=True)
    window, cap = rolling_figures(ctx, source.data.rule("temporary-365"))
    days = _days(span.start, span.end)
    values = source.daily("temporary-365", days)
    record, planned = _split(values, span, source.as_of, span.start)
    alternative = None
    if with_alternative:
        other = source.daily("temporary-365", days, source.other_convention)
        alternative = DailySeries(span.start, other)

    result = source.result("temporary-365")
    notes: list[str] = []
    markers: tuple[Marker, ...] = ()
    if isinstance(result, NotApplicable):
        notes.append(result.reason)
    else:
        markers = _breach_markers(
            result,
            source.applied("temporary-365", projected=True),
            lambda d: source.daily("temporary-365", d),
            _("{cap}-day limit").format(cap=cap),
        )
    return CountChart(
        rule_id="temporary-365",
        title=title,
        subtitle=_("Counting: {convention}").format(convention=CONVENTION_WORDS[source.convention]),
        window_words=_("in the {window} days ending").format(window=window),
        as_of=source.as_of,
        span=span,
        record=record,
        planned=planned,
        planned_label=_planned_label(source),
        alternative=alternative,
        alternative_label=_("If {convention}").format(
            convention=CONVENTION_WORDS[source.other_convention]
        ),
        limit=cap,
        lenient_limit=cap,
        limit_label=_("{cap}-day limit").format(cap=cap),
        close_from=_close_from(cap, source),
        markers=markers,
        notes=tuple(notes),
    )


def schengen_days(source: ChartSource, span: DateRange) -> CountChart:
    """Days in other Schengen states in the 180 days ending on each day of `span`."""
    title = _("Days in other Schengen countries in any 180 days")
    if not source.has_trips:
        return _empty_count("schengen-90-180", title, source, span, _(NO_TRIPS))
    window, cap = schengen_figures(source.context(projected=True))
    days = _days(span.start, span.end)
    values = source.daily("schengen-90-180", days)
    record, planned = _split(values, span, source.as_of, span.start)
    result = source.result("schengen-90-180")
    notes: list[str] = []
    markers: tuple[Marker, ...] = ()
    if isinstance(result, NotApplicable):
        notes.append(result.reason)
    else:
        markers = _breach_markers(
            result,
            source.applied("schengen-90-180", projected=True),
            lambda d: source.daily("schengen-90-180", d),
            _("{cap}-day limit").format(cap=cap),
        )
        fresh = full_stay_available_from(source.context())
        if fresh is not None and fresh > source.as_of.toordinal():
            notes.append(
                _("A fresh {cap}-day stay is possible from {date}.").format(
                    cap=cap, date=format_date(date.fromordinal(fresh))
                )
            )
    if not source.prepared.schengen.any():
        notes.append(_("No trips to other Schengen countries recorded."))
    return CountChart(
        rule_id="schengen-90-180",
        title=title,
        subtitle=_("Counting: entry and exit days count (Schengen rule); days in Norway do not"),
        window_words=_("in the {window} days ending").format(window=window),
        as_of=source.as_of,
        span=span,
        record=record,
        planned=planned,
        planned_label=_planned_label(source),
        alternative=None,
        alternative_label="",
        limit=cap,
        lenient_limit=cap,
        limit_label=_("{cap}-day limit").format(cap=cap),
        close_from=_close_from(cap, source),
        markers=markers,
        notes=tuple(notes),
    )


def pr_years(source: ChartSource) -> int:
    """The permanent-residence track in years, 3 or 5, as the rule picks it."""
    return track(source.context()).years


def permanent_residence_window(source: ChartSource, span: DateRange) -> CountChart:
    """Days abroad in the 3 (or 5) years ending on each day, from the start of the period."""
    title = _("Permanent residence: days abroad in the qualifying window")
    result = source.result("permanent-residence")
    if isinstance(result, NotApplicable):
        return _empty_count("permanent-residence", title, source, span, result.reason)
    assert result is not None  # the record always gives a result or a reason
    if not source.has_trips:
        return _empty_count(
            "permanent-residence", title, source, span, _("No trips yet: nothing abroad to count.")
        )
    start = period_start(source.context())
    assert start is not None  # the rule applies, so the period has a start
    chosen = track(source.context())
    years, months = chosen.years, chosen.months_abroad
    title = _("Permanent residence: days abroad in the last {years} years").format(years=years)
    first = max(span.start, start)
    if first > span.end:
        return _empty_count(
            "permanent-residence",
            title,
            source,
            span,
            _("Your qualifying period starts on {date}, after this range.").format(
                date=format_date(start)
            ),
        )
    days = _days(first, span.end)
    values = source.daily("permanent-residence", days)
    record, planned = _split(values, span, source.as_of, first)
    # Only the planned breach: the limit is judged on the application and decision dates, so a
    # past day over it matters only through the window on those dates.
    projected = source.applied("permanent-residence", projected=True)
    markers = list(
        _breach_markers(
            None,
            projected,
            lambda d: source.daily("permanent-residence", d),
            _("limit"),
        )
    )
    notes = [_("Qualifying period from {date}.").format(date=format_date(start))]
    if result.earliest_met is not None:
        markers.append(Marker(result.earliest_met, _("Qualifies from")))
    else:
        notes.append(_("Not met within the years ahead on this record."))
    if (
        projected is not None
        and projected.earliest_met is not None
        and projected.earliest_met != result.earliest_met
    ):
        markers.append(
            Marker(projected.earliest_met, _("With your plans: qualifies from"), None, True)
        )
    return CountChart(
        rule_id="permanent-residence",
        title=title,
        subtitle=_("Counting: {convention}").format(convention=CONVENTION_WORDS[source.convention]),
        window_words=_("in the {years} years ending").format(years=years),
        as_of=source.as_of,
        span=span,
        record=record,
        planned=planned,
        planned_label=_planned_label(source),
        alternative=None,
        alternative_label="",
        limit=result.limit,
        lenient_limit=result.lenient_limit,
        limit_label=_(
            "{limit} days ({months} months of 30 days); up to {lenient} on the longest reading"
        ).format(limit=result.limit, months=months, lenient=result.lenient_limit),
        close_from=_close_from(result.limit, source),
        markers=tuple(markers),
        notes=tuple(notes),
    )
