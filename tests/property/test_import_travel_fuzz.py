"""Calendar and location-history files under random input: imported whole, or refused cleanly.

Random but well-formed structures (wrong types, missing keys, coordinates off the map, odd
timestamps, flight-like titles) and every cut-short prefix of the fixtures go through the whole
pipeline. Each ends imported (only new trips added) or refused with one sentence and the
database exactly as it was; any other exception fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import close_database, open_database
from app.services.errors import DataFileError, ImportRejected
from app.services.importing.pipeline import ImportService

TODAY = date(2025, 12, 1)
DATA = Path(__file__).parent.parent / "data" / "import"


@pytest.fixture(scope="module")
def sessions() -> Iterator[sessionmaker[Session]]:
    factory = open_database(None)
    yield factory
    close_database(factory)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("travel-fuzz")


def _snapshot(sessions: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with sessions() as session:
        return [tuple(row) for row in session.execute(text("SELECT * FROM trips ORDER BY id"))]


def _import_checked(sessions: sessionmaker[Session], path: Path, content: bytes) -> None:
    path.write_bytes(content)
    before = _snapshot(sessions)
    try:
        _, batch = ImportService(sessions).import_file(1, path, today=TODAY)
    except (ImportRejected, DataFileError) as refusal:
        message = str(refusal)
        assert message.endswith("."), message
        assert _snapshot(sessions) == before
        return
    after = _snapshot(sessions)
    assert len(after) == len(before) + batch.added - len(batch.removed)
    # Undo, so the next example starts from the same place and an open trip never piles up.
    ImportService(sessions).undo(batch)
    assert _snapshot(sessions) == before


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "2025-03-05T21:30:00.000Z",
            "2025-03-06T00:30:00+01:00",
            "2025-03-06T00:30:00",
            "1741210200000",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "59.91°, 10.75°",
            "geo:59.3293,18.0686",
            "geo:78.22,15.62",
            "geo:999,999",
            "",
            "x",
        ]
    ),
    st.text(max_size=20),
)
COORDINATES = st.one_of(st.integers(-2_000_000_000, 4_300_000_000), SCALARS)


def _record(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "latitudeE7": draw(st.one_of(st.integers(550_000_000, 790_000_000), COORDINATES)),
        "longitudeE7": draw(st.one_of(st.integers(50_000_000, 310_000_000), COORDINATES)),
        "accuracy": draw(st.one_of(st.integers(0, 20_000), SCALARS)),
        "timestamp": draw(
            st.one_of(
                st.datetimes(min_value=_dt(2010), max_value=_dt(2025)).map(
                    lambda d: d.isoformat() + "Z"
                ),
                SCALARS,
            )
        ),
    }


def _dt(year: int) -> Any:
    from datetime import datetime

    return datetime(year, 1, 1)  # noqa: DTZ001 - hypothesis draws naive datetimes


@st.composite
def records_file(draw: st.DrawFn) -> bytes:
    locations = [_record(draw) for _ in range(draw(st.integers(0, 25)))]
    return json.dumps({"locations": sorted(locations, key=lambda r: str(r["timestamp"]))}).encode()


@st.composite
def timeline_file(draw: st.DrawFn) -> bytes:
    segments: list[Any] = []
    for _ in range(draw(st.integers(0, 10))):
        place = draw(st.one_of(SCALARS, st.fixed_dictionaries({"latLng": SCALARS})))
        kind = draw(st.sampled_from(["visit", "activity", "timelinePath", "junk"]))
        segment: dict[str, Any] = {"startTime": draw(SCALARS), "endTime": draw(SCALARS)}
        if kind == "visit":
            segment["visit"] = {"topCandidate": {"placeLocation": place}}
        elif kind == "activity":
            segment["activity"] = {"start": place, "end": draw(SCALARS)}
        elif kind == "timelinePath":
            segment["timelinePath"] = [{"point": place, "time": draw(SCALARS)}, draw(SCALARS)]
        else:
            segment["junk"] = draw(SCALARS)
        segments.append(segment)
    if draw(st.booleans()):
        return json.dumps({"semanticSegments": segments}, ensure_ascii=False).encode()
    return json.dumps(segments, ensure_ascii=False).encode()


@st.composite
def semantic_file(draw: st.DrawFn) -> bytes:
    objects: list[Any] = []
    for _ in range(draw(st.integers(0, 8))):
        where = {"latitudeE7": draw(COORDINATES), "longitudeE7": draw(COORDINATES)}
        duration = {"startTimestamp": draw(SCALARS), "endTimestamp": draw(SCALARS)}
        if draw(st.booleans()):
            objects.append({"placeVisit": {"location": where, "duration": duration}})
        else:
            objects.append(
                {
                    "activitySegment": {
                        "startLocation": where,
                        "endLocation": where,
                        "duration": duration,
                    }
                }
            )
    return json.dumps({"timelineObjects": objects}).encode()


TITLES = st.one_of(
    st.sampled_from(
        [
            "SK 4035 OSL–ARN",
            "DY1302 OSL-ARN",
            "OSL → LYR",
            "ARN-OSL",
            "Flight to Stockholm (SK 4035)",
            "Flight to Nowhere",
            "Trip to Spain",
            "Trip to Bergen",
            "XXX-YYY",
            "Dentist",
            "",
        ]
    ),
    st.text(max_size=30),
)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@st.composite
def calendar_file(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    for number in range(draw(st.integers(0, 8))):
        day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2027, 12, 31)))
        start = (
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}"
            if draw(st.booleans())
            else f"DTSTART:{day:%Y%m%d}T{draw(st.integers(0, 23)):02d}0000Z"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{number}@fuzz",
            f"SUMMARY:{_escape(draw(TITLES))}",
            f"LOCATION:{_escape(draw(TITLES))}",
            start,
        ]
        if draw(st.booleans()):
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "RRULE:FREQ=DAILY",
                            "RRULE:FREQ=WEEKLY;COUNT=3",
                            "RRULE:FREQ=BOGUS",
                            "EXDATE:2025",
                        ]
                    )
                )
            )
        if draw(st.booleans()):
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "DTEND:20250101T000000Z",
                            "DTEND;VALUE=DATE:20250102",
                            "DURATION:PT2H",
                            "DTEND:junk",
                        ]
                    )
                )
            )
        lines.append("END:VEVENT")
    if draw(st.booleans()):
        lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@given(content=st.one_of(records_file(), timeline_file(), semantic_file()))
def test_random_location_history_is_imported_or_refused_cleanly(
    sessions: sessionmaker[Session], folder: Path, content: bytes
) -> None:
    _import_checked(sessions, folder / "history.json", content)


@given(content=calendar_file())
def test_random_calendars_are_imported_or_refused_cleanly(
    sessions: sessionmaker[Session], folder: Path, content: bytes
) -> None:
    _import_checked(sessions, folder / "calendar.ics", content)


@given(
    name=st.sampled_from(["flights.ics", "Records.json", "Timeline.json", "location-history.json"]),
    fraction=st.floats(0.0, 1.0),
)
def test_every_fixture_cut_short_is_imported_or_refused_cleanly(
    sessions: sessionmaker[Session], folder: Path, name: str, fraction: float
) -> None:
    whole = (DATA / name).read_bytes()
    _import_checked(sessions, folder / f"cut-{name}", whole[: int(len(whole) * fraction)])


def test_events_in_year_9999_or_1066_are_passed_over_not_fatal(
    sessions: sessionmaker[Session], folder: Path
) -> None:
    good = (DATA / "flights.ics").read_bytes()
    odd = (
        b"BEGIN:VEVENT\r\nUID:far@x\r\nSUMMARY:SK 1 OSL-ARN\r\nDTSTART;VALUE=DATE:99991231\r\n"
        b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:old@x\r\nSUMMARY:Hastings\r\n"
        b"DTSTART;VALUE=DATE:10661014\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    path = folder / "odd.ics"
    path.write_bytes(good.replace(b"END:VCALENDAR\r\n", odd))

    proposal = ImportService(sessions).propose(1, path, today=TODAY)

    assert proposal.errors == []
    assert len(proposal.candidates) == 6
    assert "2 events have no start date Borte can use and were left out." in proposal.notes
