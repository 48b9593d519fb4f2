"""Reminders as an iCalendar file (RFC 5545) that any calendar can import.

Written by hand, as the format is small: lines end in CRLF and are folded at 75 octets (never
inside a UTF-8 character); TEXT values escape backslash, semicolon, comma and newline; each
reminder is an all-day event (`DTSTART;VALUE=DATE`, `DTEND` the next day, RFC 5545 §3.6.1)
with a UID that stays the same on every export, so importing again updates the events instead
of adding copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.services import safe_write
from app.services.reminders import Reminder
from app.services.wording import N_, _

PRODID = "-//Borte//Borte reminders//EN"
DISCLAIMER = N_("Borte is not legal advice. udi.no is the authority.")  # shown as _(DISCLAIMER)
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 §3.3.11."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, continuation lines starting
    with a space (RFC 5545 §3.1), without splitting a UTF-8 character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [], 1  # the leading space of the continuation line
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _event(reminder: Reminder, stamp: str, scope: str) -> list[str]:
    uid = f"{scope}-{reminder.uid}" if scope else reminder.uid
    description = _("{detail}\n\nSource: {source}\n{disclaimer}").format(
        detail=reminder.detail, source=reminder.source, disclaimer=_(DISCLAIMER)
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(reminder.on)}",
        f"DTEND;VALUE=DATE:{_day(reminder.on + timedelta(days=1))}",
        f"SUMMARY:{escape_text(reminder.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{reminder.source}",
        "CATEGORIES:Borte",
        "TRANSP:TRANSPARENT",  # a reminder, not a busy day
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(reminder.title)}",
        "TRIGGER;RELATED=START:PT9H",  # 09:00 on the day
        "END:VALARM",
        "END:VEVENT",
    ]


def reminders_to_ics(
    reminders: Sequence[Reminder],
    *,
    stamp: datetime | None = None,
    scope: str = "",
    calendar_name: str = "Borte reminders",
) -> str:
    """The reminders as an iCalendar document.

    Args:
        stamp: the DTSTAMP of every event (default: now, in UTC).
        scope: added to every UID, so two people's calendars exported into one calendar do
            not replace each other's events (for example "person-2").
    """
    when = (stamp or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for reminder in reminders:
        lines.extend(_event(reminder, when, scope))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_ics(
    path: Path,
    reminders: Sequence[Reminder],
    *,
    stamp: datetime | None = None,
    scope: str = "",
) -> int:
    """Write the reminders to `path` as an .ics file; returns how many were written."""
    data = reminders_to_ics(reminders, stamp=stamp, scope=scope).encode("utf-8")
    safe_write.write_bytes(path, data, example="reminders.ics")
    return len(reminders)
