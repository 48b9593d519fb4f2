"""What a report covers (rules.md §9): default period, planned trips, fingerprint, and how the
PDF reads at 2,000 trips (no stranded headings, no pages before arrival)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader

from app.services.days import add_years
from app.services.engine import evaluate
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.report import build_report
from app.services.report_scope import (
    Identity,
    ReportOptions,
    choose_period,
    default_period,
    fingerprint,
    trips_in,
)
from bench.bench_report import twenty_years

D = date
HEADINGS = (
    "Charts",
    "Trips",
    "Permits and key dates",
    "Days abroad per calendar year",
    "Declaration",
    "Rules applied",
)


def test_default_period_starts_at_the_earliest_window_a_rule_reads() -> None:
    profile, as_of = twenty_years()
    evaluation = evaluate(profile, as_of)
    period = default_period(profile, evaluation)
    starts = [r.window_start for r in evaluation.rules if r.window_start is not None]
    # The citizenship rule looks back 11 years for its main route.
    starts += [
        add_years(as_of, -route.lookback_years)
        for r in evaluation.rules
        for route in r.routes
        if route.applies
    ]
    assert period.start == min(starts) == add_years(as_of, -11)
    assert period.end == as_of
    assert period.reason == "the earliest date a rule looks at"
    # Twenty years recorded, but the rules look back at most 11 (citizenship): not all history.
    assert period.start >= add_years(as_of, -11)
    # With plans, the period runs to the last planned return.
    planned = default_period(profile, evaluation, include_planned=True)
    assert planned.end == max(t.return_date or t.departure for t in profile.trips)


def test_default_period_never_starts_before_residence() -> None:
    arrived = D(2024, 3, 1)
    profile = Profile(
        trips=(TripSpan(D(2020, 1, 1), D(2020, 1, 9)), TripSpan(D(2024, 6, 1), D(2024, 6, 9))),
        permits=(PermitSpan(PermitKind.WORK, arrived, D(2027, 2, 28)),),
        key_dates=KeyDates(arrived_on=arrived),
    )
    as_of = D(2025, 6, 30)
    period = default_period(profile, evaluate(profile, as_of))
    assert period.start == arrived
    assert period.reason == "the start of residence"
    assert trips_in(profile.trips, period, as_of) == [profile.trips[1]]


def test_chosen_dates_win_and_swap_when_reversed() -> None:
    profile, as_of = twenty_years()
    evaluation = evaluate(profile, as_of)
    chosen = choose_period(
        profile, evaluation, ReportOptions(period_from=D(2025, 6, 1), period_to=D(2025, 1, 1))
    )
    assert (chosen.start, chosen.end) == (D(2025, 1, 1), D(2025, 6, 1))


def test_fingerprint_is_short_stable_and_order_free() -> None:
    profile, _ = twenty_years(trips=50)
    print_ = fingerprint(profile.trips, profile.permits)
    assert re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", print_)
    assert fingerprint(tuple(reversed(profile.trips)), profile.permits) == print_
    moved = replace(profile.trips[0], return_date=profile.trips[0].departure + timedelta(days=9))
    assert fingerprint((moved, *profile.trips[1:]), profile.permits) != print_
    assert fingerprint(profile.trips, ()) != print_


def test_two_thousand_trips_read_cleanly(tmp_path: Path) -> None:
    profile, as_of = twenty_years()
    # Arrival five years after the first trips: nothing before it is listed.
    arrived = profile.trips[0].departure + timedelta(days=5 * 365)
    profile = replace(
        profile,
        key_dates=KeyDates(arrived_on=arrived),
        permits=(PermitSpan(PermitKind.WORK, arrived, None),),
    )
    info = build_report(
        profile,
        "Åse Ødegård",
        [],
        as_of,
        as_of,
        "inclusive",
        path=tmp_path / "r.pdf",
        identity=Identity("Åse Marie Ødegård", D(1980, 1, 2), "123456789012"),
    )
    pages = [page.extract_text() for page in PdfReader(info.path).pages]
    period = default_period(profile, evaluate(profile, as_of))
    assert period.start >= arrived
    listed = [
        D.fromisoformat(m[1])
        for page in pages
        for m in re.finditer(r"\n\d+ (\d{4}-\d\d-\d\d) ", page)
    ]
    assert listed
    assert min(listed) >= period.start - timedelta(days=3)
    assert info.trips == len(trips_in(profile.trips, period, as_of)) < 2_000
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = lines[1:-2]  # without the running header and the footer
        assert body, number
        # No heading is the last thing on a page.
        assert body[-1] not in HEADINGS, (number, body[-1])
        assert "Data fingerprint" in page, number
    assert "DUF number 1234 5678 9012" in " ".join(pages[0].split())
