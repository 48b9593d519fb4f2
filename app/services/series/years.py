"""Citizenship: the engine's calendar-year totals, recorded and with planned trips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from app.services.days import IntArray
from app.services.profile import Status
from app.services.results import NotApplicable
from app.services.rules.citizenship import deduction_lines
from app.services.series.source import (
    CONVENTION_WORDS,
    ChartSource,
    DateRange,
)
from app.services.wording import _
from app.services.wording.formats import format_date


@dataclass(frozen=True, slots=True, eq=False)
class YearChart:
    """Days abroad per calendar year against the citizenship two-month line."""

    title: str
    subtitle: str
    as_of: date
    years: IntArray
    record: IntArray  # days abroad in each year, up to as_of
    planned: IntArray  # extra days from planned trips
    statuses: tuple[Status, ...]  # per year, the engine's status for the record
    planned_statuses: tuple[Status, ...]  # with planned trips
    no_deduction_max: int  # up to this many days a year: no deduction
    always_deducted_min: int  # from this many: always deducted
    notes: tuple[str, ...] = ()
    message: str | None = None


def citizenship_years(source: ChartSource, span: DateRange) -> YearChart:
    """The engine's calendar-year totals for citizenship over the years `span` touches."""
    title = _("Citizenship: days abroad per calendar year")
    never, always = deduction_lines(source.data)
    empty = np.zeros(0, dtype=np.int64)

    def message(text: str) -> YearChart:
        return YearChart(
            title, "", source.as_of, empty, empty, empty, (), (), never, always, (), text
        )

    result = source.result("citizenship")
    if isinstance(result, NotApplicable):
        return message(result.reason)
    assert result is not None
    if not source.has_trips:
        return message(_("No trips yet: no days abroad to deduct."))
    projected = source.applied("citizenship", projected=True)
    first_year = span.start.year
    last_year = span.end.year
    years = np.arange(first_year, last_year + 1, dtype=np.int64)
    record = np.zeros(years.size, dtype=np.int64)
    planned = np.zeros(years.size, dtype=np.int64)
    statuses = [Status.GREEN] * years.size
    planned_statuses = [Status.GREEN] * years.size
    for row in result.years:
        if first_year <= row.year <= last_year:
            record[row.year - first_year] = row.days
            statuses[row.year - first_year] = row.status
    for row in projected.years if projected else ():
        if first_year <= row.year <= last_year:
            planned[row.year - first_year] = row.days - record[row.year - first_year]
            planned_statuses[row.year - first_year] = row.status
    if projected is None:
        planned_statuses = list(statuses)
    notes = []
    for route in result.routes:
        if route.applies:
            notes.append(
                _("{route}: met {date}").format(
                    route=route.title, date=format_date(route.earliest_met)
                )
                if route.earliest_met
                else _("{route}: met not yet in sight").format(route=route.title)
            )
    return YearChart(
        title=title,
        subtitle=_(
            "Counting: {convention}. Up to {never} days a year: no deduction; {low}–{high}: "
            "depends on how UDI counts months; {always} or more: all the year's days are "
            "deducted."
        ).format(
            convention=CONVENTION_WORDS[source.convention],
            never=never,
            low=never + 1,
            high=always - 1,
            always=always,
        ),
        as_of=source.as_of,
        years=years,
        record=record,
        planned=planned,
        statuses=tuple(statuses),
        planned_statuses=tuple(planned_statuses),
        no_deduction_max=never,
        always_deducted_min=always,
        notes=tuple(notes),
    )
