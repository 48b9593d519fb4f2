"""The .ics export: RFC 5545 by hand, read back with the `icalendar` parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from app.services.errors import DataFileError
from app.services.ics import escape_text, fold, reminders_to_ics, write_ics
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile
from app.services.reminders import Reminder, reminders

STAMP = datetime(2026, 2, 10, 8, 30, tzinfo=UTC)
TRICKY = Reminder(
    date(2024, 2, 29),
    "renewal-start",
    "Fornye tillatelsen; søk i tide, også på skuddårsdagen",
    "Line one, with commas; semicolons \\ a backslash\nand a second line: æøå ÆØÅ " * 3,
    "https://www.udi.no/",
    "2024-05-29",
)


def events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_reminders_read_back_with_the_right_dates() -> None:
    profile = Profile(
        permits=(PermitSpan(PermitKind.WORK, date(2023, 6, 1), date(2026, 5, 31)),),
        key_dates=KeyDates(arrived_on=date(2023, 6, 1)),
    )
    found = reminders(profile, date(2026, 2, 10))
    parsed = events(reminders_to_ics(found, stamp=STAMP))
    assert [(e["SUMMARY"], e["DTSTART"].dt, e["DTEND"].dt) for e in parsed] == [
        (r.title, r.on, r.on + timedelta(days=1)) for r in found
    ]
    # All-day events: dates, not datetimes.
    assert all(type(e["DTSTART"].dt) is date for e in parsed)
    assert all(e["DTSTAMP"].dt == STAMP for e in parsed)
    assert len({str(e["UID"]) for e in parsed}) == len(found)


def test_uids_are_stable_and_scoped() -> None:
    one = events(reminders_to_ics([TRICKY], stamp=STAMP, scope="person-2"))
    later = events(reminders_to_ics([TRICKY], stamp=STAMP + timedelta(days=3), scope="person-2"))
    assert str(one[0]["UID"]) == str(later[0]["UID"]) == "person-2-renewal-start-2024-05-29@borte"


def test_escaping_and_folding_round_trip() -> None:
    text = reminders_to_ics([TRICKY], stamp=STAMP, calendar_name="Borte; Kari, Ola")
    (event,) = events(text)
    assert str(event["SUMMARY"]) == TRICKY.title
    assert str(event["DESCRIPTION"]).startswith(TRICKY.detail)
    # X- properties are TEXT by default (RFC 5545 §3.8.8.2), so they are escaped too;
    # icalendar hands them back unparsed.
    assert "X-WR-CALNAME:Borte\\; Kari\\, Ola\r\n" in text
    # Every line ends in CRLF and holds at most 75 octets; no bare LF anywhere.
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert "\n" not in "".join(lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # something was folded


def test_fold_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "æ" * 100
    pieces = fold(line).split("\r\n")
    for piece in pieces:
        piece.encode("utf-8").decode("utf-8")  # each piece is whole UTF-8
        assert len(piece.encode("utf-8")) <= 75
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


@pytest.mark.parametrize(
    ("plain", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\r\nb", "a\\nb"),
        ("a\nb", "a\\nb"),
    ],
)
def test_escape_text(plain: str, escaped: str) -> None:
    assert escape_text(plain) == escaped


def test_an_empty_calendar_is_valid() -> None:
    calendar = icalendar.Calendar.from_ical(reminders_to_ics([], stamp=STAMP))
    assert calendar["VERSION"] == "2.0"
    assert list(calendar.walk("VEVENT")) == []


def test_write_ics(tmp_path: Path) -> None:
    path = tmp_path / "borte.ics"
    assert write_ics(path, [TRICKY], stamp=STAMP) == 1
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(events(path.read_text(encoding="utf-8"))) == 1
    with pytest.raises(DataFileError, match="is a folder, not a regular file"):
        write_ics(tmp_path, [TRICKY])  # a folder, not a file
