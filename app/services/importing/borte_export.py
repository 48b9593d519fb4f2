"""Borte's full export: everything in the data file as readable, versioned JSON, and back.

`borte export FILE.json` and File > Export everything… write it; `borte import FILE.json` (or
File > Import…) reads it into an empty data folder, reproducing the same status. SQLite
backups stay the way to go back in time; this is the portable, readable form.

The format (version 2)::

    {
      "format": "borte-export",
      "version": 2,
      "app_version": "0.4.0",
      "people": [
        {
          "id": 1, "name": "Me", "is_sample": false,
          "arrived_on": "2019-08-01", "reported_to_police_on": null, "pr_applied_on": null,
          "citizenship_applied_on": null, "abroad_permission_until": null,
          "sufficient_income": false,
          "full_name": null, "born_on": null, "reference_number": null,
          "trips": [{"id": 3, "departure": "2025-03-05", "return": "2025-03-09",
                     "destination": "SE", "purpose": null, "note": ""}],
          "permits": [{"id": 1, "kind": "work", "valid_from": "2019-08-01",
                       "valid_to": "2022-07-31", "forms_pr_basis": null,
                       "granted_before_entry": false, "applied_on": null, "note": ""}],
          "checklists": [{"item": "pr-norwegian", "met_on": "2024-05-02"},
                         {"item": "pr-no-criminal-record", "met_on": null}]
        }
      ],
      "settings": {"convention": "inclusive"}
    }

Dates are ISO `YYYY-MM-DD`, `null` where there is none (a trip's `return` null: under way).
Ids are kept, so undo history and references line up after a round trip.

`checklists` are the person's ticked checklist items (the item ids of
`resources/rules/checklists.json`; `met_on` null: ticked without a date).

Versioning: a reader ignores keys it does not know, and refuses a version newer than its own.
`version` goes up when a field changes meaning or is removed, or when a field is added that an
older reader would silently drop: version 2 added `checklists` (a version 1 reader refuses a
version 2 file rather than lose the ticks). Every older version still imports: version 1 files
have no `checklists`, read as none ticked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.models.tables import Permit, Person, Setting, Trip
from app.services import safe_write
from app.services.checklists import check_met_on, item_ids
from app.services.errors import DataFileError, ImportRejected
from app.services.people import KEY_DATE_FIELDS, PersonSnapshot, restore_into, snapshot_of
from app.services.profile import PermitKind
from app.services.views import PermitView, PersonView, TripView
from app.services.wording import N_, _, ngettext
from app.services.wording.formats import format_count

FORMAT = "borte-export"
VERSION = 2
MAX_EXPORT_BYTES = 200 * 1024 * 1024
_NOT_IMPORTED = N_("The file was not imported: ")  # used as _(NOT_IMPORTED) + sentence


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def export_data(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Everything in the data file as the JSON-ready export (one read transaction)."""
    with sessions.begin() as session:
        ids = session.scalars(select(Person.id).order_by(Person.id)).all()
        people = [_person_json(snapshot_of(session, person_id)) for person_id in ids]
        settings = {s.key: s.value for s in session.scalars(select(Setting).order_by(Setting.key))}
    return {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "people": people,
        "settings": settings,
    }


def _person_json(snapshot: PersonSnapshot) -> dict[str, Any]:
    p = snapshot.person
    return {
        "id": p.id,
        "name": p.name,
        "is_sample": p.is_sample,
        **{field: _iso(getattr(p, field)) for field in KEY_DATE_FIELDS},
        "sufficient_income": p.sufficient_income,
        "full_name": p.full_name,
        "born_on": _iso(p.born_on),
        "reference_number": p.reference_number,
        "trips": [
            {
                "id": t.id,
                "departure": t.departure.isoformat(),
                "return": _iso(t.return_date),
                "destination": t.destination,
                "purpose": t.purpose,
                "note": t.note,
            }
            for t in snapshot.trips
        ],
        "permits": [
            {
                "id": m.id,
                "kind": m.kind.value,
                "valid_from": m.valid_from.isoformat(),
                "valid_to": _iso(m.valid_to),
                "forms_pr_basis": m.forms_pr_basis,
                "granted_before_entry": m.granted_before_entry,
                "applied_on": _iso(m.applied_on),
                "note": m.note,
            }
            for m in snapshot.permits
        ],
        "checklists": [{"item": item, "met_on": _iso(met_on)} for item, met_on in snapshot.ticks],
    }


def write_export(sessions: sessionmaker[Session], path: Path) -> dict[str, int]:
    """Write the full export to `path` (0600 when new); returns how many of each were written."""
    data = export_data(sessions)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # Regular files only, links followed, modes kept (new files 0600): see safe_write.
    safe_write.write_bytes(path, text.encode("utf-8"), example="borte-export.json")
    return {
        "people": len(data["people"]),
        "trips": sum(len(p["trips"]) for p in data["people"]),
        "permits": sum(len(p["permits"]) for p in data["people"]),
        "checklist_ticks": sum(len(p["checklists"]) for p in data["people"]),
    }


class _Bad(ValueError):
    """A field of the export that is missing or has the wrong type; the argument says where."""


def _field(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise _Bad(_("{where} has no {key!r}").format(where=where, key=key))
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Bad(f"{where}: {key!r} is {value!r}")
    return value


def _day(obj: Mapping[str, Any], key: str, where: str, *, optional: bool) -> date | None:
    value = obj.get(key)
    if value is None:
        if optional:
            return None
        raise _Bad(_("{where} has no {key!r}").format(where=where, key=key))
    if not isinstance(value, str) or len(value) != 10:
        raise _Bad(f"{where}: {key!r} is {value!r}, not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{where}: {key!r} is {value!r}, not a real date") from None


def _optional_text(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise _Bad(f"{where}: {key!r} is {value!r}")
    return value


def parse_export(data: object) -> tuple[list[PersonSnapshot], dict[str, str]]:
    """The people and settings in an export, checked for shape (not yet for the rules).

    Raises:
        ImportRejected: naming the first thing that does not fit the format.
    """
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise _Bad(_('it is not a Borte export (no "format": "borte-export")'))
        version = _field(data, "version", int, "the file")
        if version > VERSION:
            raise ImportRejected(
                [],
                _(_NOT_IMPORTED)
                + _(
                    "it is a version {version} Borte export, newer than this Borte reads "
                    "(version {version2}); update Borte and try again."
                ).format(version=version, version2=VERSION),
            )
        people = [
            _snapshot(entry, _("person {number}").format(number=number))
            for number, entry in enumerate(_field(data, "people", list, "the file"), start=1)
        ]
        settings_obj = data.get("settings", {})
        if not isinstance(settings_obj, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in settings_obj.items()
        ):
            raise _Bad(_("'settings' must map names to text"))
    except _Bad as bad:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED)
            + _(
                "it does not fit Borte's export format: {bad}; export it again from Borte, or "
                "restore a backup instead."
            ).format(bad=bad),
        ) from None
    return people, dict(settings_obj)


def _snapshot(entry: object, where: str) -> PersonSnapshot:
    if not isinstance(entry, dict):
        raise _Bad(_("{where} is not an object").format(where=where))
    person_id = _field(entry, "id", int, where)
    name = _field(entry, "name", str, where)
    person = PersonView(
        id=person_id,
        name=name,
        is_sample=bool(_field(entry, "is_sample", bool, where)),
        arrived_on=_day(entry, "arrived_on", where, optional=True),
        reported_to_police_on=_day(entry, "reported_to_police_on", where, optional=True),
        pr_applied_on=_day(entry, "pr_applied_on", where, optional=True),
        citizenship_applied_on=_day(entry, "citizenship_applied_on", where, optional=True),
        abroad_permission_until=_day(entry, "abroad_permission_until", where, optional=True),
        sufficient_income=bool(_field(entry, "sufficient_income", bool, where)),
        # Added after version 1 was written: optional, so older exports still read.
        full_name=_optional_text(entry, "full_name", where),
        born_on=_day(entry, "born_on", where, optional=True),
        reference_number=_optional_text(entry, "reference_number", where),
    )
    trips = []
    for number, trip in enumerate(_field(entry, "trips", list, where), start=1):
        at = f"{where}, trip {number}"
        if not isinstance(trip, dict):
            raise _Bad(_("{at} is not an object").format(at=at))
        departure = _day(trip, "departure", at, optional=False)
        assert departure is not None
        trips.append(
            TripView(
                id=_field(trip, "id", int, at),
                person_id=person_id,
                departure=departure,
                return_date=_day(trip, "return", at, optional=True),
                destination=_optional_text(trip, "destination", at),
                purpose=_optional_text(trip, "purpose", at),
                note=_field(trip, "note", str, at),
            )
        )
    permits = []
    for number, permit in enumerate(_field(entry, "permits", list, where), start=1):
        at = f"{where}, permit {number}"
        if not isinstance(permit, dict):
            raise _Bad(_("{at} is not an object").format(at=at))
        kind = _field(permit, "kind", str, at)
        if kind not in {k.value for k in PermitKind}:
            raise _Bad(f"{at}: 'kind' is {kind!r}")
        valid_from = _day(permit, "valid_from", at, optional=False)
        assert valid_from is not None
        basis = permit.get("forms_pr_basis")
        if basis is not None and not isinstance(basis, bool):
            raise _Bad(f"{at}: 'forms_pr_basis' is {basis!r}")
        permits.append(
            PermitView(
                id=_field(permit, "id", int, at),
                person_id=person_id,
                kind=PermitKind(kind),
                valid_from=valid_from,
                valid_to=_day(permit, "valid_to", at, optional=True),
                forms_pr_basis=basis,
                granted_before_entry=bool(_field(permit, "granted_before_entry", bool, at)),
                applied_on=_day(permit, "applied_on", at, optional=True),
                note=_field(permit, "note", str, at),
            )
        )
    ticks = []
    for number, tick in enumerate(_field_or(entry, "checklists", list, where), start=1):
        at = f"{where}, checklist item {number}"
        if not isinstance(tick, dict):
            raise _Bad(f"{at} is not an object")
        item = _field(tick, "item", str, at)
        if item.strip().lower() not in item_ids():
            raise _Bad(f"{at}: 'item' is {item!r}, not a checklist item")
        ticks.append((item.strip().lower(), check_met_on(_day(tick, "met_on", at, optional=True))))
    if len({item for item, _ in ticks}) != len(ticks):
        raise _Bad(f"{where}: a checklist item is ticked twice")
    return PersonSnapshot(person, tuple(trips), tuple(permits), tuple(ticks))


def _field_or(obj: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    """An optional field (added in a later version): absent means empty."""
    return _field(obj, key, kind, where) if key in obj else kind()


def read_export(path: Path) -> tuple[list[PersonSnapshot], dict[str, str]]:
    """The people and settings in the export file at `path`."""
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise ImportRejected([], _(_NOT_IMPORTED) + _("it is larger than 200 MB."))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise DataFileError.unreadable(path, err) from err
    except UnicodeDecodeError:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED) + _("it is not UTF-8 text, so not a Borte export; export it again."),
        ) from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED)
            + _("it is not valid JSON ({err}); export it again from Borte.").format(err=err),
        ) from None
    return parse_export(data)


def import_export(sessions: sessionmaker[Session], path: Path) -> dict[str, int]:
    """Load a full export into an empty data folder, all in one transaction.

    "Empty" is what a first start leaves: one person without trips, permits or key dates (it
    is replaced by the people in the file) and no settings beyond the defaults.

    Raises:
        ImportRejected: the file does not fit the format, or the data folder is not empty.
        ValidationError: a row breaks a rule a trip or permit typed by hand must meet.
    """
    people, settings = read_export(path)
    with sessions.begin() as session:
        _require_empty(session)
        session.execute(delete(Person))
        for snapshot in people:
            restore_into(session, snapshot)
            session.flush()
        for key, value in settings.items():
            session.merge(Setting(key=key, value=value))
    return {
        "people": len(people),
        "trips": sum(len(p.trips) for p in people),
        "permits": sum(len(p.permits) for p in people),
        "checklist_ticks": sum(len(p.ticks) for p in people),
    }


def _require_empty(session: Session) -> None:
    trips = session.scalar(select(func.count()).select_from(Trip)) or 0
    permits = session.scalar(select(func.count()).select_from(Permit)) or 0
    people = session.scalars(select(Person)).all()
    blank = len(people) <= 1 and all(
        all(getattr(p, field) is None for field in KEY_DATE_FIELDS) for p in people
    )
    if trips or permits or not blank:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED)
            + _(
                "a full export goes into an empty data folder, and this one already holds "
                "{people}, {trips} and {permits}; start Borte with --data-dir pointing at a new "
                "folder and import it there."
            ).format(
                people=_many(len(people), "person", "people"),
                trips=_many(trips, "trip", "trips"),
                permits=_many(permits, "permit", "permits"),
            ),
        )


def _many(number: int, one: str, more: str) -> str:
    if one == "person":
        text = ngettext("{count} person", "{count} people", number)
    elif one == "trip":
        text = ngettext("{count} trip", "{count} trips", number)
    else:
        text = ngettext("{count} permit", "{count} permits", number)
    return text.format(count=format_count(number))
