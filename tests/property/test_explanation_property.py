"""The explanations' trip shares (computed over the trips as arrays) against a day-by-day count.

Each rule's explanation lists every trip with days inside the rule's binding window, largest
first. Here the same list is made the slow way: each trip's dates as a Python set, under the
convention (or, for the Schengen rule, the trip's dates that are Schengen days of the record),
cut to the window, sorted by days then departure, ties in the record's order.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.assessment import TripShare, assess
from app.services.profile import Convention, Profile
from tests import reference as ref
from tests.property.test_assessment_property import chains

CONVENTIONS = st.sampled_from(("inclusive", "whole_days", "nights"))


def slow_shares(
    profile: Profile, as_of: date, convention: Convention, rule_id: str, window: tuple[date, date]
) -> list[TripShare]:
    start, end = window
    schengen_days: set[date] = set()
    if rule_id == "schengen-90-180":
        # rules.md §6: days in other Schengen states, counted inclusive, as recorded on as_of.
        schengen_days = ref.abroad_dates(
            [t for t in profile.trips if ref.is_schengen(t.destination)], "inclusive", as_of
        )
    found: list[TripShare] = []
    for trip in profile.trips:
        if rule_id == "schengen-90-180":
            dates = ref.trip_dates(trip, "inclusive", as_of) & schengen_days
        else:
            dates = ref.trip_dates(trip, convention, as_of)
        days = sum(1 for d in dates if start <= d <= end)
        if days:
            found.append(TripShare(trip.departure, trip.return_date, days))
    return sorted(found, key=lambda s: (-s.days, s.departure))


@settings(max_examples=40)
@given(chains(), CONVENTIONS)
def test_trip_shares_equal_a_day_by_day_count(
    case: tuple[Profile, date], convention: Convention
) -> None:
    profile, as_of = case
    found = assess(profile, as_of, convention)
    for rule in found.rules:
        why = rule.explanation
        window = (why.window_start or date.min, why.window_end)
        expected = slow_shares(profile, as_of, convention, rule.id, window)
        assert list(why.trips) == expected, rule.id
