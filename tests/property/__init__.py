"""Property tests (hypothesis): the engine against the day-by-day reference in tests/reference.py.

The strategies shared by the test modules live here. Example counts come from the hypothesis
profile (`HYPOTHESIS_PROFILE=dev|ci`, see tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import strategies as st

from app.services.profile import KeyDates, PermitKind, PermitSpan, TripSpan
from tests.reference import add_years

EARLIEST = date(2015, 1, 1)
LATEST = date(2027, 12, 31)

# Schengen states, other countries, Svalbard and "not recorded".
DESTINATIONS: tuple[str | None, ...] = ("SE", "DE", "FR", "GB", "US", "SJ", None)
# Employer assignments matter to the skilled-worker exception (rules.md §2.4).
PURPOSES = st.sampled_from((None, None, "holiday", "employer_assignment"))


@st.composite
def trip(
    draw: st.DrawFn,
    first: date = EARLIEST,
    last: date = LATEST,
    max_days: int = 400,
    under_way: bool = True,
) -> TripSpan:
    """One trip departing in [first, last], 0 to `max_days` days long, sometimes under way."""
    departure = draw(st.dates(min_value=first, max_value=last))
    ongoing = under_way and draw(st.integers(0, 9)) == 0
    back = None if ongoing else departure + timedelta(days=draw(st.integers(0, max_days)))
    return TripSpan(departure, back, draw(st.sampled_from(DESTINATIONS)), draw(PURPOSES))


@st.composite
def trips(
    draw: st.DrawFn,
    first: date = EARLIEST,
    last: date = LATEST,
    max_trips: int = 12,
    max_days: int = 400,
    under_way: bool = True,
) -> tuple[TripSpan, ...]:
    """0 to `max_trips` trips; sometimes one that starts inside another (overlap or duplicate)."""
    found = draw(st.lists(trip(first, last, max_days, under_way), max_size=max_trips))
    if found and len(found) < max_trips and draw(st.booleans()):
        host = draw(st.sampled_from(found))
        end = host.return_date or last
        offset = draw(st.integers(0, max(0, (end - host.departure).days)))
        departure = host.departure + timedelta(days=offset)
        length = draw(st.integers(0, max_days))
        back = departure + timedelta(days=length)
        found.append(TripSpan(departure, back, host.destination, draw(PURPOSES)))
    return tuple(found)


def one_year_end(start: date) -> date:
    return add_years(start, 1) - timedelta(days=1)


SHAPES = ("short", "one_year", "multi", "open")


@st.composite
def permit_end(
    draw: st.DrawFn, start: date, open_ended: bool = True, shapes: Sequence[str] = SHAPES
) -> date | None:
    """An end date making the permit short, exactly one year, longer, or open-ended."""
    shape = draw(st.sampled_from(shapes))
    if shape == "open" and open_ended:
        return None
    if shape == "short":
        return start + timedelta(days=draw(st.integers(0, (one_year_end(start) - start).days - 1)))
    if shape == "one_year":
        return one_year_end(start)
    return one_year_end(start) + timedelta(days=draw(st.integers(1, 1500)))


@st.composite
def loose_permits(
    draw: st.DrawFn,
    kinds: Sequence[PermitKind],
    first: date,
    last: date,
    max_permits: int = 3,
    shapes: Sequence[str] = SHAPES,
) -> tuple[PermitSpan, ...]:
    """Up to `max_permits` permits with distinct start dates, in any arrangement (overlapping,
    with gaps); for rules that only ask which permit is in force."""
    starts = draw(
        st.lists(st.dates(min_value=first, max_value=last), max_size=max_permits, unique=True)
    )
    return tuple(
        PermitSpan(draw(st.sampled_from(kinds)), start, draw(permit_end(start, shapes=shapes)))
        for start in starts
    )


@st.composite
def permit_chain(
    draw: st.DrawFn,
    kinds: Sequence[PermitKind],
    first: date,
    last: date,
    max_permits: int = 4,
    final_kinds: Sequence[PermitKind] = (),
) -> tuple[PermitSpan, ...]:
    """1 to `max_permits` permits one after another, each starting after the previous one ends,
    right away or after a gap, applied for in time or late (rules.md §2.3 gaps). The first one
    may be granted before entry or applied for from inside Norway. With `final_kinds`, the last
    permit may be one of those kinds, open-ended (permanent residence)."""
    count = draw(st.integers(1, max_permits))
    start = draw(st.dates(min_value=first, max_value=last))
    before_entry = draw(st.booleans())
    applied: date | None = None
    if not before_entry and draw(st.booleans()):
        applied = start - timedelta(days=draw(st.integers(0, 150)))
    chain: list[PermitSpan] = []
    for number in range(count):
        final = number == count - 1
        if final and final_kinds and draw(st.booleans()):
            chain.append(PermitSpan(draw(st.sampled_from(final_kinds)), start, None))
            break
        end = draw(permit_end(start, open_ended=final))
        basis = draw(st.sampled_from((None, None, True, False)))
        chain.append(
            PermitSpan(
                draw(st.sampled_from(kinds)),
                start,
                end,
                forms_pr_basis=basis,
                granted_before_entry=before_entry and number == 0,
                applied_on=applied,
            )
        )
        if end is None:
            break
        gap = draw(st.sampled_from((0, 0, 1, 30, 89, 92, 93)) | st.integers(0, 150))
        start = end + timedelta(days=1 + gap)
        timing = draw(st.sampled_from(("none", "in_time", "late")))
        if timing == "none":
            applied = None
        elif timing == "in_time":
            applied = end - timedelta(days=draw(st.integers(0, 90)))
        else:
            # Late: after the expiry, and before the new permit starts unless it starts the day
            # after the expiry (a renewal filed late, E6).
            latest = 120 if gap == 0 else gap
            applied = end + timedelta(days=draw(st.integers(1, latest)))
    return tuple(chain)


@st.composite
def key_dates_for(draw: st.DrawFn, permits: Sequence[PermitSpan]) -> KeyDates:
    """Arrival and police dates near the first permit's start (for permits granted before
    entry); sometimes none."""
    if not permits:
        return KeyDates()
    first = min(p.valid_from for p in permits)
    arrived = first + timedelta(days=draw(st.integers(0, 60)))
    police = draw(st.none() | st.just(arrived + timedelta(days=draw(st.integers(0, 30)))))
    # Sometimes a PR application date, which decides the PR track (rules.md §2.1, §2.6).
    applied = draw(st.none() | st.dates(first, first + timedelta(days=3000)))
    if draw(st.integers(0, 5)) == 0:
        return KeyDates(reported_to_police_on=police, pr_applied_on=applied)
    return KeyDates(arrived_on=arrived, reported_to_police_on=police, pr_applied_on=applied)


@st.composite
def back_to_back(
    draw: st.DrawFn,
    first: date,
    away: st.SearchStrategy[int],
    home: st.SearchStrategy[int],
    max_trips: int = 5,
) -> tuple[TripSpan, ...]:
    """Trips one after another from `first`: each `away` days long counted inclusive (so
    `away` − 2 whole days), then `home` days in Norway before the next one leaves."""
    found: list[TripSpan] = []
    day = first
    for _ in range(draw(st.integers(1, max_trips))):
        back = day + timedelta(days=draw(away) - 1)
        found.append(TripSpan(day, back, draw(st.sampled_from(DESTINATIONS)), draw(PURPOSES)))
        day = back + timedelta(days=draw(home) + 1)
    return tuple(found)
