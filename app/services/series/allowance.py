"""Allowance left: every applicable rule's headline figure against its limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.profile import Status
from app.services.series.source import (
    NO_TRIPS,
    RULE_IDS,
    SHORT_TITLES,
    ChartSource,
)
from app.services.wording import _
from app.services.wording.formats import format_date


@dataclass(frozen=True, slots=True)
class AllowanceRow:
    """One rule's days used against its limit, now and with planned trips."""

    rule_id: str
    label: str
    used: int
    limit: int
    lenient_limit: int
    status: Status
    window: str  # what `used` counts, such as "in the 365 days to 2025-06-30"
    planned_used: int | None = None  # on `planned_on`, the end of the plans
    planned_status: Status | None = None
    planned_on: date | None = None
    close: bool = False  # within the limit, but no more days left than the warning margin


@dataclass(frozen=True, slots=True, eq=False)
class AllowanceChart:
    """Days used against the limit of every rule that applies."""

    title: str
    as_of: date
    rows: tuple[AllowanceRow, ...]
    message: str | None = None


def allowance(source: ChartSource) -> AllowanceChart:
    """One row per applicable rule, with the engine's headline figures."""
    rows: list[AllowanceRow] = []
    for rule_id in RULE_IDS:
        result = source.applied(rule_id)
        if result is None:
            continue
        projected = source.applied(rule_id, projected=True)
        label = SHORT_TITLES[rule_id]
        if rule_id == "citizenship":
            label = _("Citizenship: {year}").format(year=result.window_end.year)
        window = (
            _("{start} to {end}").format(
                start=format_date(result.window_start), end=format_date(result.window_end)
            )
            if result.window_start
            else _("the start to {end}").format(end=format_date(result.window_end))
        )
        rows.append(
            AllowanceRow(
                rule_id=rule_id,
                label=label,
                used=result.days_abroad,
                limit=result.limit,
                lenient_limit=result.lenient_limit,
                status=result.status,
                window=window,
                planned_used=projected.days_abroad if projected else None,
                planned_status=projected.status if projected else None,
                planned_on=projected.window_end if projected else None,
                close=result.status == Status.GREEN and result.days_left <= source.warning_margin,
            )
        )
    message = None if source.has_trips else _(NO_TRIPS)
    if not rows:
        message = _("No rule applies to this record.")
    return AllowanceChart(
        title=_("Allowance used on {date}").format(date=format_date(source.as_of)),
        as_of=source.as_of,
        rows=tuple(rows),
        message=message,
    )
