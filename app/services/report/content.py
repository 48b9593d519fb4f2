"""What the report says, as plain values computed from the engine (no reportlab, no layout).

Every figure comes from the engine: the summary from `engine.evaluate`, the per-trip 365-day
counts from the same rolling series the chart draws (the engine's day masks), the totals from
the masks of `build_context`, and the calendar-year table from the citizenship rule's own year
totals. `tests/integration/test_report.py` reads the PDF back and checks the figures against the
engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from app.services.assessment import assess
from app.services.checklists import Checklist
from app.services.countries import country_name, is_known, normalize
from app.services.days import trip_days
from app.services.profile import (
    PURPOSE_WORDS,
    Convention,
    Profile,
    Status,
    TripSpan,
    other_convention,
)
from app.services.report_scope import (
    Identity,
    Period,
    ReportOptions,
    choose_period,
    fingerprint,
    trips_in,
    without_planned,
)
from app.services.results import Evaluation, RuleResult, YearTotal
from app.services.ruledata import RuleData, load_rule_data
from app.services.rules.citizenship import residence_from
from app.services.rules.collective import trip_flags
from app.services.rules.temporary import rolling_figures
from app.services.series import ChartSource, DateRange, rolling_absence
from app.services.views import PermitView, TripView
from app.services.wording import (
    CONVENTION_SHORT,
    N_,
    PERMIT_KIND_LABELS,
    STATUS_WORDS,
    LazyLabels,
    _,
    days_words,
    result_status_word,
)
from app.services.wording.formats import format_date
from app.services.wording.labels import STATUS_IN_SENTENCE

__all__ = ["CONVENTION_SHORT", "STATUS_WORDS", "other_convention"]

TripState = Literal["", "planned", "abroad now", "under way"]

YEAR_STATUS_WORDS: LazyLabels[Status] = LazyLabels(
    {
        Status.GREEN: N_("Not deducted"),
        Status.AMBER: N_("Maybe deducted"),
        Status.RED: N_("Deducted"),
    }
)
CONVENTION_NAMES: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("Departure and return days count as days abroad"),
        "whole_days": N_("Only whole days abroad count"),
        "nights": N_("Nights abroad count"),
    }
)
PERMIT_KIND_WORDS = PERMIT_KIND_LABELS
# The key dates in the order the report lists them (labels: KEY_DATE_LABELS).
KEY_DATE_LABELS: LazyLabels[str] = LazyLabels(
    {
        "arrived_on": N_("Arrived in Norway"),
        "reported_to_police_on": N_("Reported to the police"),
        "pr_applied_on": N_("Applied for permanent residence"),
        "citizenship_applied_on": N_("Applied for citizenship"),
        "abroad_permission_until": N_("Permission to stay abroad until"),
    }
)
DISCLAIMER_EN = N_(
    "This report is not legal advice. UDI (udi.no) is the authority: it decides how your days "
    "abroad are counted and whether you meet the rules."
)


def disclaimer() -> str:
    """The report's closing notice, in the current language."""
    return _(DISCLAIMER_EN)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One rule's headline, as the engine gives it."""

    rule_id: str
    title: str
    days_used: int
    limit: int
    lenient_limit: int
    days_left: int
    status: Status
    window_start: date | None
    window_end: date
    other_days: int | None  # the same figure under the other convention
    other_status: Status | None
    status_word: str = ""  # the rule's own status word ("At risk" for a red beyond the count)


@dataclass(frozen=True, slots=True)
class TripRow:
    """One trip as listed: dates, destination, days under both conventions, the 365-day count."""

    number: int
    departure: date
    return_date: date | None  # None: under way
    destination: str
    purpose: str
    note: str
    days_inclusive: int
    days_whole: int
    count_365: int  # days abroad in the 365 days ending on the return date (as_of if under way)
    state: TripState


@dataclass(frozen=True, slots=True)
class Totals:
    """Days abroad over all trips, overlapping days counted once (from the engine's masks)."""

    label: str
    trips: int
    days_inclusive: int
    days_whole: int


@dataclass(frozen=True, slots=True)
class YearRow:
    """Days abroad in one calendar year."""

    year: int
    days: int  # under the report's convention, recorded days (up to the evaluation date)
    with_planned: int | None  # with planned trips (None: no plans touch this year)
    other_days: int  # under the other convention
    status: Status | None  # the citizenship deduction, where the rule applies


@dataclass(frozen=True, slots=True)
class RuleText:
    """A rule as the report explains it: summary, source, and what the engine noted."""

    rule_id: str
    title: str
    summary: str
    source: str
    applied: bool
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PermitRow:
    """One permit as listed."""

    kind: str
    valid_from: date
    valid_to: date | None
    pr_basis: bool
    granted_before_entry: bool
    applied_on: date | None
    note: str


@dataclass(frozen=True, slots=True, eq=False)
class ReportContent:
    """Everything the report shows, before layout."""

    person_name: str
    as_of: date
    generated_on: date
    convention: Convention
    other_convention: Convention
    evaluation: Evaluation
    summary: tuple[SummaryRow, ...]
    trips: tuple[TripRow, ...]
    totals: tuple[Totals, ...]
    window_days: int
    permits: tuple[PermitRow, ...]
    key_dates: tuple[tuple[str, date | None], ...]
    sufficient_income: bool
    years: tuple[YearRow, ...]
    years_note: str
    rules: tuple[RuleText, ...]
    source: ChartSource
    span: DateRange
    identity: Identity
    period: Period
    include_planned: bool
    planned_trips: int  # planned trips shown (0 when they are left out)
    fingerprint: str  # of every trip and permit recorded, see report_scope.fingerprint
    # The assessment's headline sentence and each rule's explanation (title, text).
    headline: str = ""
    headline_status: Status = Status.GREEN
    explanations: tuple[tuple[str, str], ...] = ()
    checklists: tuple[Checklist, ...] = ()  # the goals' other conditions, with the ticks


def _summary(evaluation: Evaluation) -> tuple[SummaryRow, ...]:
    return tuple(
        SummaryRow(
            rule_id=r.id,
            title=r.title,
            days_used=r.days_abroad,
            limit=r.limit,
            lenient_limit=r.lenient_limit,
            days_left=r.days_left,
            status=r.status,
            window_start=r.window_start,
            window_end=r.window_end,
            other_days=None if r.alternative is None else r.alternative.days_abroad,
            other_status=None if r.alternative is None else r.alternative.status,
            status_word=result_status_word(r),
        )
        for r in evaluation.rules
    )


def destination_text(code: str | None) -> str:
    """ "SE Sweden" for a known code, the text as stored otherwise, "" for none."""
    if not code:
        return ""
    return f"{normalize(code)} {country_name(code)}" if is_known(code) else code.strip()


def _state(trip: TripSpan, as_of: date) -> TripState:
    if trip.departure > as_of:
        return "planned"
    if trip.return_date is None:
        return "under way"
    if trip.return_date > as_of:
        return "abroad now"
    return ""


def _notes(trips: Sequence[TripSpan], views: Sequence[TripView]) -> list[str]:
    """Each trip's note, matched by its dates and place (the views carry notes, spans do not)."""
    by_key: dict[tuple[object, ...], list[str]] = {}
    for view in views:
        key = (view.departure, view.return_date, view.destination, view.purpose)
        by_key.setdefault(key, []).append(view.note)
    out = []
    for trip in trips:
        found = by_key.get((trip.departure, trip.return_date, trip.destination, trip.purpose))
        out.append(found.pop(0) if found else "")
    return out


def _trip_rows(
    source: ChartSource, trips: Sequence[TripSpan], notes: Sequence[str]
) -> tuple[TripRow, ...]:
    """The trips with their day counts; the 365-day count is read off the rolling series (the
    engine's mask, the same numbers the 365-day chart draws)."""
    if not trips:
        return ()
    as_of = source.as_of
    # The count is taken on the return date, or on the evaluation date for a trip under way.
    ends = [max(t.return_date or as_of, t.departure) for t in trips]
    first, last = min(ends), max(ends)
    series = rolling_absence(source, DateRange(first, last), with_alternative=False)
    values = np.zeros((last - first).days + 1, dtype=np.int64)
    # Days up to as_of come from the record, later ones from the projection with plans.
    for part in (series.record, series.planned):
        if part is not None:
            offset = (part.start - first).days
            values[offset : offset + len(part)] = part.values
    counts = values[np.fromiter(((end - first).days for end in ends), np.int64, len(ends))]
    # A trip to Ukraine during collective protection (rules.md §1.3a): flagged in the list.
    flagged = trip_flags(enumerate(trips), source.profile.permits, as_of)
    return tuple(
        TripRow(
            number=i + 1,
            departure=trip.departure,
            return_date=trip.return_date,
            destination=destination_text(trip.destination)
            + (" – " + _("revocation risk (collective protection)") if i in flagged else ""),
            purpose=PURPOSE_WORDS.get(trip.purpose or "", trip.purpose or ""),
            note=" ".join(note.split()),
            days_inclusive=trip_days(trip, "inclusive", as_of),
            days_whole=trip_days(trip, "whole_days", as_of),
            count_365=int(count),
            state=_state(trip, as_of),
        )
        for i, (trip, count, note) in enumerate(zip(trips, counts.tolist(), notes, strict=True))
    )


def _totals(source: ChartSource, trips: Sequence[TripSpan], period: Period) -> tuple[Totals, ...]:
    if not trips:
        return ()

    def total(convention: Convention, projected: bool) -> int:
        # `count` clips to the mask's own range.
        return source.context(convention, projected=projected).abroad.count(
            period.start, period.end
        )

    past = [t for t in trips if t.departure <= source.as_of]
    rows = [
        Totals(
            _("Total to {date}").format(date=format_date(min(source.as_of, period.end))),
            len(past),
            total("inclusive", False),
            total("whole_days", False),
        )
    ]
    if source.planned or len(past) < len(trips):
        rows.append(
            Totals(
                _("Total with planned trips"),
                len(trips),
                total("inclusive", True),
                total("whole_days", True),
            )
        )
    return tuple(rows)


def _years(
    source: ChartSource, convention: Convention, period: Period
) -> tuple[tuple[YearRow, ...], str]:
    rows, note = _all_years(source, convention)
    return tuple(r for r in rows if period.start.year <= r.year <= period.end.year), note


def _all_years(source: ChartSource, convention: Convention) -> tuple[tuple[YearRow, ...], str]:
    """Days abroad per calendar year: the citizenship rule's own totals where it applies, else
    the record's days per year."""
    if not source.has_trips:
        return (), ""
    other = other_convention(convention)
    result = source.applied("citizenship")
    if result is not None:
        other_result = source.result("citizenship", convention=other)
        projected = source.applied("citizenship", projected=True)
        by_year = {y.year: y for y in result.years}
        other_years = (
            {y.year: y.days for y in other_result.years}
            if isinstance(other_result, RuleResult)
            else {}
        )
        planned_years: dict[int, YearTotal] = (
            {y.year: y for y in projected.years} if projected is not None else {}
        )
        rows = []
        for year in sorted(set(by_year) | set(planned_years) | set(other_years)):
            days = by_year[year].days if year in by_year else 0
            planned = planned_years.get(year)
            rows.append(
                YearRow(
                    year=year,
                    days=days,
                    with_planned=planned.days if planned and planned.days != days else None,
                    other_days=other_years.get(year, 0),
                    status=by_year[year].status if year in by_year else None,
                )
            )
        start = residence_from(source.context())
        note = (
            _(
                "Days abroad in each calendar year as the citizenship rule counts them "
                "(residence counts from {date}). A year with more than two months abroad has all "
                "of its days abroad deducted from the residence time."
            ).format(date=format_date(start))
            if start is not None
            else _(
                "Days abroad in each calendar year as the citizenship rule counts them (from the "
                "start of residence). A year with more than two months abroad has all of its "
                "days abroad deducted from the residence time."
            )
        )
        return tuple(rows), note
    # The rule does not apply yet (no arrival date or permit): the plain record per year.
    record = source.context()
    planned_ctx = source.context(projected=True)
    other_ctx = source.context(other)
    first_year = min(t.departure for t in source.profile.trips).year
    last_year = max((t.return_date or source.as_of) for t in source.profile.trips).year
    rows = []
    for year in range(first_year, last_year + 1):
        lo, hi = date(year, 1, 1), date(year, 12, 31)
        days = record.abroad.count(lo, hi)
        with_planned = planned_ctx.abroad.count(lo, hi)
        other_days = other_ctx.abroad.count(lo, hi)
        if days or with_planned or other_days:
            rows.append(
                YearRow(
                    year, days, with_planned if with_planned != days else None, other_days, None
                )
            )
    reason = source.result("citizenship")
    why = getattr(reason, "reason", "")
    return tuple(rows), (
        _("Days abroad in each calendar year. {why}").format(why=why)
        if why
        else _("Days abroad in each calendar year.")
    )


def _rule_lines(result: RuleResult) -> tuple[str, ...]:
    lines: list[str] = []
    if result.first_breach is not None:
        lines.append(
            _("First over the limit on {date}.").format(date=format_date(result.first_breach))
        )
    for route in result.routes:
        if route.earliest_met is None:
            line = (
                _("{route}: met not within the years.")
                if route.applies
                else _("{route}: met not within the years (if it applies to you).")
            )
        else:
            line = (
                _("{route}: met {date}.")
                if route.applies
                else _("{route}: met {date} (if it applies to you).")
            )
        lines.append(line.format(route=route.title, date=format_date(route.earliest_met)))
    if result.earliest_met is not None and not result.routes:
        lines.append(_("Met from {date}.").format(date=format_date(result.earliest_met)))
    for check in result.evaluations[1:]:
        lines.append(
            _("{label} ({date}): {days}, {status}.").format(
                label=check.label,
                date=format_date(check.on),
                days=days_words(check.days_abroad),
                status=STATUS_IN_SENTENCE[check.status],
            )
        )
    lines.extend(result.notes)
    return tuple(lines)


def _rules(evaluation: Evaluation, data: RuleData) -> tuple[RuleText, ...]:
    applied = {r.id: r for r in evaluation.rules}
    skipped = {n.id: n for n in evaluation.not_applicable}
    texts = []
    for rule_id, info in data.rules.items():
        if rule_id in applied:
            result = applied[rule_id]
            texts.append(
                RuleText(
                    rule_id,
                    result.title,
                    result.summary,
                    result.source,
                    True,
                    _rule_lines(result),
                )
            )
        elif rule_id in skipped:
            texts.append(
                RuleText(
                    rule_id,
                    info.title,
                    info.summary,
                    info.source,
                    False,
                    (_("Not applied: {reason}").format(reason=skipped[rule_id].reason),),
                )
            )
    return tuple(texts)


def _permits(permits: Sequence[PermitView]) -> tuple[PermitRow, ...]:
    return tuple(
        PermitRow(
            kind=PERMIT_KIND_WORDS.get(p.kind, str(p.kind)),
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            pr_basis=p.pr_basis,
            granted_before_entry=p.granted_before_entry,
            applied_on=p.applied_on,
            note=p.note,
        )
        for p in sorted(permits, key=lambda p: (p.valid_from, p.id))
    )


MIN_CHART_DAYS = 60


def report_span(period: Period) -> DateRange:
    """The charts' date range: the period covered, at least two months wide."""
    return DateRange(min(period.start, period.end - timedelta(days=MIN_CHART_DAYS)), period.end)


def gather(
    profile: Profile,
    person_name: str,
    permits: Sequence[PermitView],
    as_of: date,
    generated_on: date,
    convention: Convention,
    *,
    pr_waiting_months: int = 24,
    warning_margin: int = 14,
    options: ReportOptions | None = None,
    identity: Identity | None = None,
    trip_views: Sequence[TripView] = (),
    checklists: Sequence[Checklist] = (),
) -> ReportContent:
    """Work out everything the report shows.

    Planned trips are left out of every figure unless `options.include_planned`; the trips
    listed and charted are those in the period covered (`report_scope.choose_period`).
    """
    options = options or ReportOptions()
    recorded = fingerprint(profile.trips, profile.permits)
    if not options.include_planned:
        profile = without_planned(profile, as_of)
    data = load_rule_data()
    assessment = assess(profile, as_of, convention, pr_waiting_months=pr_waiting_months, data=data)
    evaluation = assessment.evaluation
    source = ChartSource(
        profile,
        as_of,
        convention,
        pr_waiting_months=pr_waiting_months,
        warning_margin=warning_margin,
        data=data,
        basis=assessment.basis,  # the assessment's contexts and results, not evaluated again
    )
    period = choose_period(profile, evaluation, options)
    trips = sorted(
        trips_in(profile.trips, period, as_of),
        key=lambda t: (t.departure, t.return_date or date.max),
    )
    years, years_note = _years(source, convention, period)
    window = rolling_figures(source.context(), data.rule("temporary-365"))[0]
    key = profile.key_dates
    return ReportContent(
        person_name=person_name,
        as_of=as_of,
        generated_on=generated_on,
        convention=convention,
        other_convention=other_convention(convention),
        evaluation=evaluation,
        summary=_summary(evaluation),
        trips=_trip_rows(source, trips, _notes(trips, trip_views)),
        totals=_totals(source, trips, period),
        window_days=window,
        permits=_permits(permits),
        key_dates=tuple((KEY_DATE_LABELS[f], getattr(key, f)) for f in KEY_DATE_LABELS),
        sufficient_income=profile.sufficient_income,
        years=years,
        years_note=years_note,
        rules=_rules(evaluation, data),
        source=source,
        span=report_span(period),
        identity=identity or Identity(),
        period=period,
        include_planned=options.include_planned,
        planned_trips=sum(1 for t in trips if t.departure > as_of),
        fingerprint=recorded,
        headline=assessment.headline.text,
        headline_status=assessment.headline.status,
        explanations=tuple((r.result.title, r.explanation.text) for r in assessment.rules),
        checklists=tuple(checklists),
    )
