"""What a report covers: its period, whether planned trips are in it, whose identity it names,
and the fingerprint of the data it was made from.

Qt-free and reportlab-free, so the export dialog can propose the default period without loading
the PDF machinery.

The default period starts on the earliest date any applicable rule looks at on the evaluation
date (a 365-day window, the PR qualifying period, the citizenship look-back years), never
before the person came to live in Norway, and ends on the evaluation date (or on the last
planned return when planned trips are included). A caseworker then reads what the rules read,
not every trip since the first one recorded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.services.dates import add_years
from app.services.profile import PermitSpan, Profile, TripSpan
from app.services.results import Evaluation
from app.services.wording import N_

FINGERPRINT_LENGTH = 12  # hex digits, shown as three groups of four


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the report is about, as a caseworker identifies them (all optional)."""

    full_name: str | None = None
    born_on: date | None = None
    reference_number: str | None = None  # D-number or DUF number, digits only


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The reader's choices: the period covered and whether planned trips are shown."""

    period_from: date | None = None  # None: the earliest date a rule looks at
    period_to: date | None = None  # None: the evaluation date (or the last planned return)
    include_planned: bool = False


@dataclass(frozen=True, slots=True)
class Period:
    """The inclusive dates a report covers, and why it starts where it does."""

    start: date
    end: date
    reason: str  # English (the catalogue's msgid): shown as _(reason)


def _rule_starts(evaluation: Evaluation) -> list[date]:
    starts: list[date] = []
    for result in evaluation.rules:
        if result.window_start is not None:
            starts.append(result.window_start)
        starts.extend(check.window_start for check in result.evaluations)
        starts.extend(
            add_years(evaluation.as_of, -route.lookback_years)
            for route in result.routes
            if route.applies
        )
    return starts


def residence_start(profile: Profile) -> date | None:
    """When the person began living in Norway: the arrival date, else the first permit."""
    candidates = [profile.key_dates.arrived_on] + [p.valid_from for p in profile.permits[:1]]
    known = [day for day in candidates if day is not None]
    return min(known) if known else None


def without_planned(profile: Profile, as_of: date) -> Profile:
    """The profile without trips that start after `as_of` (the record only)."""
    return replace(profile, trips=tuple(t for t in profile.trips if t.departure <= as_of))


def default_period(
    profile: Profile, evaluation: Evaluation, *, include_planned: bool = False
) -> Period:
    """The period a report covers unless the reader picks another (see the module docstring)."""
    as_of = evaluation.as_of
    end = as_of
    if include_planned:
        planned = [t.return_date or t.departure for t in profile.trips if t.departure > as_of]
        end = max([as_of, *planned])
    starts = _rule_starts(evaluation)
    arrived = residence_start(profile)
    if starts:
        start, reason = min(starts), N_("the earliest date a rule looks at")
    elif arrived is not None:
        start, reason = arrived, N_("the start of residence")
    elif profile.trips:
        start, reason = min(t.departure for t in profile.trips), N_("the first trip recorded")
    else:
        start, reason = as_of, N_("the evaluation date")
    if arrived is not None and start < arrived:
        start, reason = arrived, N_("the start of residence")
    return Period(min(start, end), end, reason)


def choose_period(profile: Profile, evaluation: Evaluation, options: ReportOptions) -> Period:
    """The default period with the reader's own dates put in (the later of two is the end)."""
    default = default_period(profile, evaluation, include_planned=options.include_planned)
    start = options.period_from or default.start
    end = options.period_to or default.end
    reason = (
        default.reason if options.period_from is None else N_("the date chosen for this report")
    )
    if end < start:
        start, end = end, start
    return Period(start, end, reason)


def trips_in(trips: Iterable[TripSpan], period: Period, as_of: date) -> list[TripSpan]:
    """The trips with at least one day in `period` (a trip under way runs to `as_of`)."""
    return [
        t
        for t in trips
        if t.departure <= period.end and (t.return_date or max(as_of, t.departure)) >= period.start
    ]


def fingerprint(trips: Sequence[TripSpan], permits: Sequence[PermitSpan]) -> str:
    """A short hash of every trip and permit, "1a2b-3c4d-5e6f": equal data, equal fingerprint.

    Order does not matter (the rows are sorted). Notes are left out: the fingerprint covers
    what the rules read (dates, places, purposes, permits).
    """
    lines = sorted(
        f"T|{t.departure.isoformat()}|{t.return_date.isoformat() if t.return_date else ''}|"
        f"{(t.destination or '').upper()}|{t.purpose or ''}"
        for t in trips
    ) + sorted(
        f"P|{p.kind.value}|{p.valid_from.isoformat()}|"
        f"{p.valid_to.isoformat() if p.valid_to else ''}|{p.forms_pr_basis}|"
        f"{p.granted_before_entry}"
        for p in permits
    )
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]
    return "-".join(digest[i : i + 4] for i in range(0, FINGERPRINT_LENGTH, 4))
