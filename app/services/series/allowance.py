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
        start = result.window_start.isoformat() if result.window_start else "the start"
        label = SHORT_TITLES[rule_id]
        if rule_id == "citizenship":
            label = f"Citizenship: {result.window_end.year}"
        rows.append(
            AllowanceRow(
                rule_id=rule_id,
                label=label,
                used=result.days_abroad,
                limit=result.limit,
                lenient_limit=result.lenient_limit,
                status=result.status,
                window=f"{start} to {result.window_end.isoformat()}",
                planned_used=projected.days_abroad if projected else None,
                planned_status=projected.status if projected else None,
                planned_on=projected.window_end if projected else None,
                close=result.status == Status.GREEN and result.days_left <= source.warning_margin,
            )
        )
    message = None if source.has_trips else NO_TRIPS
    if not rows:
        message = "No rule applies to this record."
    return AllowanceChart(
        title=f"Allowance used on {source.as_of.isoformat()}",
        as_of=source.as_of,
        rows=tuple(rows),
        message=message,
    )
