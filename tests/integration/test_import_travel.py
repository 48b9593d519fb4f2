"""Calendar (.ics) and Google location history sources: their fixtures turned into trips."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import ImportRejected
from app.services.importing import calendar_source, location_trips
from app.services.importing.calendar_events import Event
from app.services.importing.location_read import Sighting
from app.services.importing.pipeline import ImportService
from app.services.importing.sources import Cancelled, read_rows
from app.services.people import PersonService
from app.services.trips import TripService

from .conftest import Borte

TODAY = date(2025, 12, 1)
DATA = Path(__file__).parent.parent / "data" / "import"
TAKEOUT = DATA / "Takeout"
OSLO, STOCKHOLM, CHARLOTTENBERG = (59.9139, 10.7522), (59.3293, 18.0686), (59.884, 12.293)


def _trips(path: Path, file_format: str = "auto") -> list[tuple[date, date | None, str | None]]:
    rows = read_rows(path, file_format, today=TODAY).rows
    return [(r.departure, r.return_date, r.destination) for r in rows]


def test_calendar_flights_become_trips_and_other_events_are_counted() -> None:
    source = read_rows(DATA / "flights.ics", today=TODAY)

    assert [(r.departure, r.return_date, r.destination) for r in source.rows] == [
        (date(2025, 3, 5), date(2025, 3, 9), "SE"),  # SK 4035 OSL–ARN, SK 4036 ARN–OSL
        # DY7001 leaves 22:00 UTC on 1 June: 00:00 on 2 June in Oslo, the date that counts.
        # Back with Google's "Flight to Oslo (DY 7002)", landing on 15 June in Oslo.
        (date(2025, 6, 2), date(2025, 6, 15), "US"),
        (date(2025, 8, 20), date(2025, 8, 24), "SJ"),  # Svalbard is abroad; home via Tromsø
        (date(2025, 10, 10), date(2025, 10, 14), "ES"),  # an all-day "Trip to Spain"
        (date(2025, 11, 3), date(2025, 11, 4), "DK"),  # a weekly commute, twice
        (date(2025, 11, 10), date(2025, 11, 11), "DK"),
    ]
    first = source.rows[0]
    assert first.note == "Flights SK 4035, SK 4036"
    assert (
        first.evidence
        == "event 'SK 4035 OSL–ARN' (2025-03-05); event 'SK 4036 ARN–OSL' (2025-03-09)"
    )
    # Dentist, Birthday and 9 team meetings (10 weekly, one cancelled by EXDATE).
    assert source.notes == (
        "11 events were not travel and were left out.",
        "1 flight within Norway was left out.",
    )


def _event(number: int, summary: str, start: datetime | date, hours: float = 2.0) -> Event:
    end = start + timedelta(hours=hours) if isinstance(start, datetime) else start
    return Event(number, summary, "", "", start, end)


def test_a_trip_with_no_flight_home_is_under_way_and_one_with_no_flight_out_is_left_out() -> None:
    utc = datetime(2025, 1, 1).astimezone().tzinfo
    assert utc is not None
    events = [
        _event(1, "DY 1302 ARN-OSL", datetime(2025, 1, 10, 18, 0, tzinfo=utc)),
        _event(2, "DY1303 OSL-ARN", datetime(2025, 2, 10, 7, 0, tzinfo=utc)),
        _event(3, "DY 1310 OSL-CPH", datetime(2025, 3, 1, 7, 0, tzinfo=utc)),
        _event(4, "DY 1311 CPH-OSL", datetime(2025, 3, 4, 7, 0, tzinfo=utc)),
        _event(5, "SK 811 OSL–LHR", datetime(2025, 11, 20, 7, 0, tzinfo=utc)),
    ]

    found = calendar_source.pair(events, today=date(2025, 11, 25))

    assert [(r.departure, r.return_date, r.destination) for r in found.rows] == [
        (date(2025, 3, 1), date(2025, 3, 4), "DK"),
        (date(2025, 11, 20), None, "GB"),
    ]
    assert any("2025-01-10 has no flight out" in note for note in found.notes)
    assert any("2025-02-10 leaves Norway, but the next flight out" in note for note in found.notes)
    assert any("proposed as under way" in note for note in found.notes)


def test_a_flight_that_has_not_happened_without_a_return_is_left_out() -> None:
    found = calendar_source.pair(
        [_event(1, "SK 811 OSL–LHR", date(2026, 2, 1))], today=date(2025, 11, 25)
    )

    assert found.rows == []
    assert "planned trip was left out" in found.notes[0]


def test_a_flight_across_time_zones_counts_the_local_dates_at_each_airport() -> None:
    # Leaves Tokyo 23:30 local on 10 April (14:30 UTC), lands in Oslo 06:10 local on 11 April.
    events = [
        _event(1, "SK 983 OSL-NRT", datetime(2025, 4, 1, 20, 0, tzinfo=_utc())),
        _event(2, "SK 984 NRT-OSL", datetime(2025, 4, 10, 14, 30, tzinfo=_utc()), hours=13.7),
    ]

    found = calendar_source.pair(events, today=TODAY)

    assert [(r.departure, r.return_date, r.destination) for r in found.rows] == [
        (date(2025, 4, 1), date(2025, 4, 11), "JP")
    ]


def _utc() -> object:
    return UTC


@pytest.mark.parametrize(
    "name",
    ["Records.json", "Timeline.json", "location-history.json", "Takeout"],
)
def test_every_location_format_gives_the_trip_across_midnight_and_the_one_under_way(
    name: str,
) -> None:
    # Last in Oslo 22:30 on 5 March, first in Stockholm after midnight: the trip is 5–8 March.
    # The history ends in Copenhagen: that trip's return is unknown (under way).
    trips = _trips(DATA / name)

    assert trips[0] == (date(2025, 3, 5), date(2025, 3, 8), "SE")
    assert trips[1][1:] == (None, "DK")
    assert len(trips) == 2


def test_a_stray_or_border_hugging_point_does_not_flip_a_day() -> None:
    source = read_rows(DATA / "Records.json", today=TODAY)

    # 2 March: a fix in Charlottenberg (Sweden) between fixes in Magnor, and one whose 1.5 km
    # accuracy reaches across the border. Neither becomes a trip.
    assert all(r.departure != date(2025, 3, 2) for r in source.rows)
    assert source.notes[0] == "The location history covers 2025-03-01 to 2025-03-22."
    assert (
        "1 point was too close to a border for its accuracy to tell the side, and was not used."
        in source.notes
    )
    assert any(note.startswith("1 stray sighting") for note in source.notes)
    assert source.rows[0].evidence == (
        "last seen in Norway 2025-03-05 22:30; abroad 2025-03-06 00:30 to 2025-03-08 09:00: "
        "3 points in Sweden (SE); no sightings in between: the trip starts on the last day seen "
        "in Norway; back in Norway 2025-03-08 11:00"
    )
    assert source.rows[1].evidence.endswith("return unknown (the history ends abroad)")


def _sighting(hour: float, where: tuple[float, float], kind: str = "point") -> Sighting:
    start = datetime(2025, 5, 1, tzinfo=UTC).timestamp()
    return Sighting(start + hour * 3600, *where, kind, 0.0, "")


def test_two_points_over_ten_minutes_abroad_make_a_trip_and_one_visit_does() -> None:
    two_points = [
        _sighting(10, OSLO, "visit"),
        _sighting(12, CHARLOTTENBERG),
        _sighting(12.5, CHARLOTTENBERG),
        _sighting(15, OSLO, "visit"),
    ]
    home, back = _sighting(1, OSLO, "visit"), _sighting(60, OSLO, "visit")
    one_visit = [home, _sighting(30, STOCKHOLM, "visit"), back]
    one_point = [home, _sighting(30, STOCKHOLM), back]

    for sightings, expected in ((two_points, 1), (one_visit, 1), (one_point, 0)):
        kept, _ = location_trips.stretches(sightings)
        rows, _ = location_trips.to_trips(kept)
        assert len(rows) == expected


def test_svalbard_in_location_history_is_abroad() -> None:
    longyearbyen = (78.2232, 15.6267)
    kept, _ = location_trips.stretches(
        [
            _sighting(0, OSLO, "visit"),
            _sighting(24, longyearbyen, "visit"),
            _sighting(96, OSLO, "visit"),
        ]
    )
    rows, _ = location_trips.to_trips(kept)

    assert [(r.departure, r.return_date, r.destination) for r in rows] == [
        (date(2025, 5, 1), date(2025, 5, 5), "SJ")
    ]


def test_a_takeout_zip_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "takeout-20251201.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in TAKEOUT.rglob("*.json"):
            out.write(path, "Takeout/" + str(path.relative_to(TAKEOUT)))

    assert _trips(archive)[0] == (date(2025, 3, 5), date(2025, 3, 8), "SE")


def test_reading_location_history_can_be_cancelled(tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        read_rows(DATA / "Records.json", "google", progress=lambda done, total: False, today=TODAY)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"something": "else"}', "holds none; choose one of those files"),
        (b'{"locations": [{"latitudeE7": 1, "longitudeE7": ', "damaged or cut short"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2025", "could not be read as one"),
    ],
)
def test_bad_calendar_and_location_files_are_refused_in_one_sentence(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / ("bad.ics" if content.startswith(b"BEGIN") else "bad.json")
    path.write_bytes(content)

    with pytest.raises(ImportRejected) as caught:
        read_rows(path, today=TODAY)

    assert expected in str(caught.value)
    assert str(caught.value).count(". ") == 0


def test_a_folder_without_location_history_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}")
    with pytest.raises(ImportRejected, match="holds none"):
        read_rows(tmp_path, today=TODAY)


def test_calendar_trips_go_through_the_pipeline(sessions: sessionmaker[Session]) -> None:
    me = PersonService(sessions).default().id
    importer = ImportService(sessions)
    proposal = importer.propose(me, DATA / "flights.ics", today=TODAY)

    assert proposal.source == "ics"
    assert proposal.errors == []
    assert "11 events were not travel and were left out." in proposal.notes
    accepted = [c.proposed for c in proposal.candidates]
    importer.commit(me, accepted, today=TODAY)
    assert len(TripService(sessions).list(me)) == 6


def test_cli_imports_a_calendar_dry_run_as_json(borte: Borte) -> None:
    result = borte("import", str(DATA / "flights.ics"), "--format", "ics", "--dry-run", "--json")

    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["format"] == "ics"
    assert out["saved"] == 0
    assert [t["departure"] for t in out["trips"]][:2] == ["2025-03-05", "2025-06-02"]
    assert out["trips"][0]["from"].startswith("event 'SK 4035 OSL–ARN' (2025-03-05); event")
    assert out["notes"][0] == "11 events were not travel and were left out."
    assert json.loads(borte("trips", "list", "--json").out) == []


def test_cli_imports_google_location_history(borte: Borte, tmp_path: Path) -> None:
    folder = tmp_path / "Takeout"
    shutil.copytree(TAKEOUT, folder)

    dry = borte("import", str(folder), "--format", "google", "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert [(t["departure"], t["return"]) for t in json.loads(dry.out)["trips"]] == [
        ("2025-03-05", "2025-03-08"),
        ("2025-03-20", None),
    ]
    saved = borte("import", str(DATA / "Records.json"), "--format", "google")
    assert saved.code == 0, saved.err
    assert "Imported 2 trips" in saved.out
    assert "proposed as under way" in saved.out


def test_cli_refuses_a_calendar_given_as_google_and_saves_nothing(borte: Borte) -> None:
    result = borte("import", str(DATA / "flights.ics"), "--format", "google", "--json")

    assert result.code == 2
    assert (
        "Borte expected Google location history (a .json file, or a Takeout folder or .zip),"
        in result.err
    )
    assert "but flights.ics is a calendar (.ics)" in result.err
    assert json.loads(borte("trips", "list", "--json").out) == []


def test_flights_named_by_city_or_with_no_origin_are_paired_from_where_the_person_is() -> None:
    events = [
        # Google's events from booking e-mails: the place is the airport left, or nothing.
        Event(
            1, "DY 1302 to Stockholm", "Oslo Gardermoen", "", _at(2025, 2, 1, 7), _at(2025, 2, 1, 8)
        ),
        Event(2, "Flight to Oslo", "", "", _at(2025, 2, 4, 21), _at(2025, 2, 4, 22)),
        Event(3, "Flight to Paris", "", "", _at(2025, 4, 1, 9), _at(2025, 4, 1, 11)),
        Event(
            4, "Flight to Rome (AZ 317)", "Paris CDG", "", _at(2025, 4, 5, 9), _at(2025, 4, 5, 11)
        ),
        Event(
            5, "Flight to Oslo (SK 4712)", "Rome FCO", "", _at(2025, 4, 9, 9), _at(2025, 4, 9, 12)
        ),
        Event(6, "Flight to Bergen", "", "", _at(2025, 5, 1, 9), _at(2025, 5, 1, 10)),
        Event(7, "Flight delayed", "", "", _at(2025, 5, 2, 9), _at(2025, 5, 2, 10)),
        Event(8, "LH 400 FRA-JFK", "", "", _at(2025, 6, 1, 9), _at(2025, 6, 1, 18)),
    ]

    found = calendar_source.pair(events, today=TODAY)

    assert [(r.departure, r.return_date, r.destination) for r in found.rows] == [
        (date(2025, 2, 1), date(2025, 2, 4), "SE"),
        (date(2025, 4, 1), date(2025, 4, 9), "FR"),  # four days in Paris, four in Rome: the first
    ]
    assert found.notes == (
        "1 event was not travel and was left out.",
        "1 flight within Norway was left out.",
        "1 flight between other countries, not part of a trip from Norway, was left out.",
    )


def _at(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_city_routes_cancelled_events_and_a_flight_written_twice() -> None:
    events = [
        Event(
            1, "Norwegian DY1302 Oslo - Stockholm", "", "", _at(2025, 2, 1, 7), _at(2025, 2, 1, 8)
        ),
        # The same flight from Google's booking import: one flight, not a second trip.
        Event(2, "Flight to Stockholm (DY 1302)", "", "", _at(2025, 2, 1, 7), _at(2025, 2, 1, 8)),
        Event(3, "Flight: Stockholm to Oslo", "", "", _at(2025, 2, 3, 17), _at(2025, 2, 3, 18)),
        Event(4, "Team offsite Oslo - Stockholm", "", "", _at(2025, 3, 1, 9), _at(2025, 3, 1, 17)),
    ]

    found = calendar_source.pair(events, today=TODAY)

    assert [(r.departure, r.return_date, r.destination) for r in found.rows] == [
        (date(2025, 2, 1), date(2025, 2, 3), "SE")
    ]
    assert found.notes == ("1 event was not travel and was left out.",)


def test_a_cancelled_flight_and_a_cancelled_occurrence_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "cancelled.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a@t\r\nSUMMARY:SK 4035 OSL-ARN\r\nSTATUS:CANCELLED\r\n"
        b"DTSTART:20250305T063000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:w@t\r\nSUMMARY:SK 1455 OSL-CPH\r\nDTSTART:20251103T060000Z\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:w@t\r\nRECURRENCE-ID:20251110T060000Z\r\nSTATUS:CANCELLED\r\n"
        b"SUMMARY:SK 1455 OSL-CPH\r\nDTSTART:20251110T060000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b@t\r\nSUMMARY:SK 1470 CPH-OSL\r\nDTSTART:20251105T180000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    source = read_rows(path, today=TODAY)

    assert [(r.departure, r.return_date, r.destination) for r in source.rows] == [
        (date(2025, 11, 3), date(2025, 11, 5), "DK")
    ]
    assert source.notes == ("1 cancelled event was left out.",)


def test_sightings_dated_after_today_are_passed_over(tmp_path: Path) -> None:
    records = json.loads((DATA / "Records.json").read_text())
    records["locations"].append(
        {"latitudeE7": 593293000, "longitudeE7": 180686000, "timestamp": "2090-01-01T00:00:00Z"}
    )
    path = tmp_path / "Records.json"
    path.write_text(json.dumps(records))

    source = read_rows(path, today=TODAY)

    assert len(source.rows) == 2
    assert "1 sighting is dated after today (a damaged time) and was not used." in source.notes


@pytest.mark.parametrize(
    ("title", "route"),
    [
        ("OSL → ARN", ("NO", "SE")),
        ("✈️ OSL-ARN", ("NO", "SE")),
        ("Oslo (OSL) - Stockholm (ARN)", ("NO", "SE")),
        ("Flight: SFO to CDG", ("US", "FR")),
        ("USA - CAN hockey", None),  # both are airport codes, but nothing says flight
        ("Meeting OSL-ARN team", None),
    ],
)
def test_three_capitals_are_a_route_only_when_the_event_is_about_a_flight(
    title: str, route: tuple[str, str] | None
) -> None:
    from app.services.importing import flights

    leg = flights.to_leg(Event(1, title, "", "", _at(2025, 4, 1, 9), _at(2025, 4, 1, 11)))

    assert (leg.origin, leg.destination) == route if leg is not None else route is None
