"""The trips prepared after an edit (`prepared_after_edit`, the window's refresh) equal the trips
prepared afresh (`PreparedTrips.of`), whatever the edit: trips changed in place, moved,
removed, added, or none."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.services.profile import Profile, TripSpan
from app.services.rules.context import PreparedTrips, prepared_after_edit
from tests.property import trip, trips


def same(a: PreparedTrips, b: PreparedTrips) -> bool:
    return (
        np.array_equal(a.arrays.departure, b.arrays.departure)
        and np.array_equal(a.arrays.back, b.arrays.back)
        and np.array_equal(a.schengen, b.schengen)
        and np.array_equal(a.schengen_from, b.schengen_from)
        and np.array_equal(a.employer, b.employer)
        and a.unknown_destination == b.unknown_destination
    )


@given(
    trips(max_trips=12),
    st.lists(st.integers(0, 20), max_size=3),
    st.lists(st.tuples(st.integers(0, 20), trip()), max_size=3),
)
def test_prepared_after_an_edit_equal_prepared_afresh(
    before_trips: tuple[TripSpan, ...], removed: list[int], added: list[tuple[int, TripSpan]]
) -> None:
    before = Profile(trips=before_trips)
    spans = [t for n, t in enumerate(before_trips) if n not in set(removed)]
    for at, new in added:  # the window inserts the edited trips where they now sort
        spans.insert(min(at, len(spans)), new)
    after = Profile(trips=tuple(spans))
    found = prepared_after_edit(before, PreparedTrips.of(before), after)
    assert same(found, PreparedTrips.of(after))
