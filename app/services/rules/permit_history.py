"""Questions about a person's permit history that several rules ask."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from app.services.days import add_years
from app.services.profile import PermitKind, PermitSpan

ONE_DAY = timedelta(days=1)


def permit_on(permits: Sequence[PermitSpan], day: date) -> PermitSpan | None:
    """The permit a person holds on `day`.

    The latest-starting permit in force on that day; if none is in force (the last one has
    expired), the latest one that started before it; None if no permit has started yet.
    """
    started = [p for p in permits if p.valid_from <= day]
    if not started:
        return None
    in_force = [p for p in started if p.valid_to is None or p.valid_to >= day]
    pool = in_force or started
    return max(pool, key=lambda p: (p.valid_from, p.valid_to or date.max))


def length_class(permit: PermitSpan) -> str:
    """`short` (under a year), `one_year` (exactly one) or `multi` (longer, or open-ended)."""
    if permit.valid_to is None:
        return "multi"
    one_year_end = add_years(permit.valid_from, 1) - ONE_DAY
    if permit.valid_to < one_year_end:
        return "short"
    if permit.valid_to == one_year_end:
        return "one_year"
    return "multi"


def gaps(permits: Iterable[PermitSpan]) -> list[tuple[date, date]]:
    """Periods without a valid permit between recorded permits, as inclusive date pairs.

    A gap runs from the day after a permit expired through the day the next application was
    submitted (rules.md §2.3: length = submitted − expired). Without an application date, it
    runs until the day before the next permit starts. Overlapping permits leave no gap.
    """
    ordered = sorted(permits, key=lambda p: p.valid_from)
    found: list[tuple[date, date]] = []
    covered_until: date | None = None
    for permit in ordered:
        if covered_until is not None and covered_until < permit.valid_from - ONE_DAY:
            end = (
                permit.applied_on if permit.applied_on is not None else permit.valid_from - ONE_DAY
            )
            end = min(end, permit.valid_from - ONE_DAY)
            if end > covered_until:
                found.append((covered_until + ONE_DAY, end))
        elif (
            covered_until is not None
            and permit.applied_on is not None
            and permit.applied_on > covered_until
            and permit.valid_from <= covered_until + ONE_DAY
        ):
            # A renewal that starts the day after expiry but was applied for late still leaves
            # the days from expiry to the application without a permit (E6).
            found.append((covered_until + ONE_DAY, permit.applied_on))
        if permit.valid_to is None:
            covered_until = date.max
        elif covered_until is None or permit.valid_to > covered_until:
            covered_until = permit.valid_to
        if covered_until == date.max:
            break
    return found


def residence_start(
    permits: Sequence[PermitSpan],
    arrived_on: date | None,
    reported_to_police_on: date | None,
    *,
    for_citizenship: bool,
) -> date | None:
    """When the qualifying residence period starts (PR: utf. § 11-2; citizenship: sbf. § 3-1/3-2).

    A permit granted before entry starts the period on the day the person reported to the police
    (PR) or arrived (citizenship); one applied for from inside Norway starts it on the grant date
    (PR) or application date (citizenship). PR counts only permits that form a basis for it.
    """
    # Collective protection starts neither period (rules.md §1.3a: no basis for PR, and not
    # counted toward citizenship).
    pool = [
        p for p in permits if p.kind not in (PermitKind.PERMANENT, PermitKind.COLLECTIVE_PROTECTION)
    ]
    if not for_citizenship:
        pool = [p for p in pool if p.pr_basis]
    if not pool:
        if for_citizenship and permits:
            return arrived_on or min(p.valid_from for p in permits)
        return arrived_on if not permits else None
    first = min(pool, key=lambda p: p.valid_from)
    if first.granted_before_entry:
        if for_citizenship:
            return arrived_on or reported_to_police_on or first.valid_from
        return reported_to_police_on or arrived_on or first.valid_from
    if for_citizenship and first.applied_on is not None:
        return first.applied_on
    return first.valid_from
