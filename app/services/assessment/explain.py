"""Why a rule stands where it stands: the binding window, the trips that fill it, the next
days to leave it, and for goals what blocks an earlier date. Figures come from the rule's
result and its own daily series (`RuleUnit.daily`), never from a copy of the rule."""

from __future__ import annotations

from datetime import date

import numpy as np

from app.services.assessment.model import Explanation, RollOff, TripShare, UnderWay
from app.services.profile import Status
from app.services.results import RuleResult
from app.services.rules.context import Context
from app.services.rules.counting import RollingWindow
from app.services.rules.registry import unit
from app.services.wording import explain as words

ROLL_OFF_SEARCH_DAYS = 5 * 366 + 2  # the longest window (5-year PR track) and a day
MAX_TRIPS_LISTED = 5


def _shares(ctx: Context, result: RuleResult) -> list[TripShare]:
    """Each trip's days inside the result's window, largest first (then by departure, then in
    the record's order). A rule that counts only days in other Schengen states (its `counting`
    says so) counts them on its own mask over the trip's dates; the others count the trip's
    days abroad under the convention. One array pass over the trips (`ctx.prepared`)."""
    start = (result.window_start or date.min).toordinal()
    end = result.window_end.toordinal()
    rule = unit(result.id)
    shape = None if rule.counting is None else rule.counting(ctx)
    own = shape.mask if isinstance(shape, RollingWindow) and shape.schengen else None
    trips = ctx.prepared.arrays
    if own is not None:
        # The trip's dates as recorded (a trip under way through as_of); the mask decides.
        last = np.where(trips.back < 0, ctx.as_of.toordinal(), trips.back)
        days = own.counts(np.maximum(trips.departure, start), np.minimum(last, end))
    else:
        lo, hi = trips.intervals(ctx.convention, ctx.as_of)
        days = np.minimum(hi, end) - np.maximum(lo, start) + 1
    kept = np.flatnonzero(days > 0)
    # Stable: equal days and departures keep the record's order.
    order = kept[np.lexsort((trips.departure[kept], -days[kept]))]
    spans = ctx.profile.trips
    return [
        TripShare(spans[i].departure, spans[i].return_date, int(days[i])) for i in order.tolist()
    ]


def _roll_off(ctx: Context, result: RuleResult) -> RollOff | None:
    """The next days to leave the window if no more travel is added (record only)."""
    rule = unit(result.id)
    if rule.daily is None or result.days_abroad == 0:
        return None
    first = ctx.as_of.toordinal()
    last = min(first + ROLL_OFF_SEARCH_DAYS, ctx.last)
    days = np.arange(first, last + 1, dtype=np.int64)
    values = rule.daily(ctx, days).values
    now = int(values[0])
    lower = np.flatnonzero(values < now)
    if lower.size == 0:
        return None
    start = int(lower[0])
    # Through the last day of the run of falling values; a day without change inside it (29
    # February in a years-long window) does not end the run.
    stop, probe = start, start
    while probe + 1 < values.size and values[probe + 1] <= values[probe]:
        probe += 1
        if values[probe] < values[probe - 1]:
            stop = probe
        elif probe - stop > 1:
            break
    return RollOff(
        date.fromordinal(int(days[start])),
        now - int(values[stop]),
        date.fromordinal(int(days[stop])),
    )


def _why_not_earlier(result: RuleResult) -> str | None:
    """Goals: what blocks an earlier date, with dates and numbers."""
    if result.id == "permanent-residence":
        if result.earliest_met is None:
            return words.never_met_sentence()
        if result.earliest_met <= result.window_end:
            return None
        parts: list[str] = []
        for check in result.checks:
            if check.status == Status.GREEN:
                continue
            if check.id == "residence":
                parts.append(words.residence_incomplete_sentence(check.value, check.limit))
            else:
                parts.append(words.not_met_sentence(check.label, check.value, check.limit))
        parts.append(words.met_from_sentence(result.earliest_met))
        return " ".join(parts)
    if result.id == "citizenship":
        parts = [words.route_sentence(r.title, r.earliest_met) for r in result.routes if r.applies]
        deducted = [(y.year, y.days) for y in result.years if y.status != Status.GREEN]
        if deducted:
            parts.append(words.deducted_years_sentence(deducted, result.limit))
        return " ".join(parts) if parts else None
    return None


def explain(
    ctx: Context,
    result: RuleResult,
    under_way: UnderWay | None = None,
    come_home_by: date | None = None,
    come_home_by_lenient: date | None = None,
) -> Explanation:
    """The explanation of one rule's result on `ctx` (the record, not the plans)."""
    shares = _shares(ctx, result)
    roll = _roll_off(ctx, result)
    why = _why_not_earlier(result)
    sentences = [
        words.window_sentence(
            result.days_abroad, result.window_start, result.window_end, result.limit
        ),
        words.trips_sentence(
            [(s.departure, s.return_date, s.days) for s in shares[:MAX_TRIPS_LISTED]],
            max(0, len(shares) - MAX_TRIPS_LISTED),
        ),
    ]
    if roll is not None:
        if result.id == "citizenship":
            sentences.append(words.year_reset_sentence(roll.on, roll.days))
        else:
            sentences.append(words.roll_off_sentence(roll.on, roll.days, roll.until))
    if why:
        sentences.append(why)
    if under_way is not None:
        sentences.append(
            words.under_way_sentence(
                under_way.since,
                come_home_by,
                come_home_by_lenient,
                ctx.as_of,
                result.status,
            )
        )
    return Explanation(
        text=" ".join(sentences),
        window_start=result.window_start,
        window_end=result.window_end,
        trips=tuple(shares),
        roll_off=roll,
        why_not_earlier=why,
    )
