"""Permit-history questions the rules share (app/services/rules/permit_history.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.profile import PermitKind, PermitSpan
from app.services.rules.permit_history import gaps, length_class, permit_on, residence_start

D = date
WORK = PermitKind.WORK


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        (D(2025, 3, 1), D(2026, 2, 28), "one_year"),  # E4's permit
        (D(2024, 3, 1), D(2025, 2, 28), "one_year"),  # a permit year with 29 February
        (D(2025, 3, 1), D(2025, 8, 31), "short"),
        (D(2025, 3, 1), D(2026, 3, 1), "multi"),  # a year and a day
        (D(2024, 1, 1), D(2026, 12, 31), "multi"),  # E2's three-year permit
        (D(2024, 1, 1), None, "multi"),  # no end recorded
    ],
)
def test_length_class(valid_from: date, valid_to: date | None, expected: str) -> None:
    assert length_class(PermitSpan(WORK, valid_from, valid_to)) == expected


def test_permit_on_prefers_the_permit_in_force() -> None:
    first = PermitSpan(WORK, D(2022, 1, 1), D(2023, 12, 31))
    renewal = PermitSpan(WORK, D(2024, 1, 1), D(2026, 12, 31))
    permanent = PermitSpan(PermitKind.PERMANENT, D(2027, 1, 1))
    permits = [permanent, first, renewal]
    assert permit_on(permits, D(2021, 6, 1)) is None
    assert permit_on(permits, D(2023, 6, 1)) == first
    assert permit_on(permits, D(2025, 6, 1)) == renewal
    assert permit_on(permits, D(2030, 6, 1)) == permanent
    # After the last permit expired, the last one is still the one that describes the person.
    assert permit_on([first], D(2025, 1, 1)) == first


def test_gaps_e6() -> None:
    # E6: expired 2024-05-31, applied 2024-08-15 (76 days); expired 2025-05-31, applied
    # 2025-06-20 (20 days).
    permits = [
        PermitSpan(WORK, D(2023, 6, 1), D(2024, 5, 31)),
        PermitSpan(WORK, D(2024, 10, 1), D(2025, 5, 31), applied_on=D(2024, 8, 15)),
        PermitSpan(WORK, D(2025, 6, 1), D(2027, 5, 31), applied_on=D(2025, 6, 20)),
    ]
    found = gaps(permits)
    assert found == [(D(2024, 6, 1), D(2024, 8, 15)), (D(2025, 6, 1), D(2025, 6, 20))]
    assert sum((b - a).days + 1 for a, b in found) == 96


def test_gaps_without_application_dates_and_with_overlaps() -> None:
    permits = [
        PermitSpan(WORK, D(2020, 1, 1), D(2021, 12, 31)),
        PermitSpan(WORK, D(2021, 6, 1), D(2022, 6, 30)),  # overlaps: no gap
        PermitSpan(WORK, D(2022, 7, 11), D(2024, 6, 30)),  # 10 days strictly between
        PermitSpan(WORK, D(2024, 7, 1), D(2026, 6, 30), applied_on=D(2024, 5, 1)),  # in time
    ]
    assert gaps(permits) == [(D(2022, 7, 1), D(2022, 7, 10))]
    assert gaps([PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1))]) == []


def test_residence_start() -> None:
    before_entry = PermitSpan(WORK, D(2017, 8, 1), None, granted_before_entry=True)
    inside = PermitSpan(WORK, D(2018, 3, 1), None, applied_on=D(2017, 11, 20))
    au_pair = PermitSpan(PermitKind.AU_PAIR, D(2016, 1, 1), D(2016, 12, 31))
    kwargs = {"arrived_on": D(2017, 8, 15), "reported_to_police_on": D(2017, 8, 20)}
    assert residence_start([before_entry], **kwargs, for_citizenship=False) == D(2017, 8, 20)
    assert residence_start([before_entry], **kwargs, for_citizenship=True) == D(2017, 8, 15)
    assert residence_start([inside], **kwargs, for_citizenship=False) == D(2018, 3, 1)
    assert residence_start([inside], **kwargs, for_citizenship=True) == D(2017, 11, 20)
    # An au pair permit is no basis for permanent residence but counts for citizenship.
    assert residence_start([au_pair, inside], **kwargs, for_citizenship=False) == D(2018, 3, 1)
    assert residence_start([au_pair], None, None, for_citizenship=False) is None
    assert residence_start([], D(2019, 1, 1), None, for_citizenship=False) == D(2019, 1, 1)
    assert residence_start([], None, None, for_citizenship=True) is None
