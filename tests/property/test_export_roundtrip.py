"""Full export → import into an empty database gives back exactly the same data, for any data."""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.database import close_database, open_database
from app.services.checklists import ChecklistService, item_ids
from app.services.errors import ImportRejected, ValidationError
from app.services.importing.borte_export import export_data, import_export
from app.services.people import KEY_DATE_FIELDS, PersonService
from app.services.permits import PermitService
from app.services.profile import PURPOSES, PermitKind
from app.services.settings import SettingsService
from app.services.trips import TripService

TODAY = date(2025, 6, 30)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
notes = st.text(max_size=30)


@st.composite
def trip(draw: st.DrawFn) -> tuple[date, date | None, str | None, str | None, str]:
    departure = draw(days)
    back = departure + timedelta(days=draw(st.integers(0, 400)))
    return (
        departure,
        back,
        draw(st.sampled_from([None, "SE", "DE", "SJ", "US", "XK"])),
        draw(st.sampled_from([None, *PURPOSES])),
        draw(notes),
    )


@st.composite
def person(draw: st.DrawFn) -> dict[str, object]:
    arrived = draw(st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 1, 1)))
    return {
        "trips": draw(st.lists(trip(), max_size=6)),
        "under_way": draw(st.none() | st.dates(min_value=date(2024, 1, 1), max_value=TODAY)),
        "permits": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(list(PermitKind)),
                    days,
                    st.integers(0, 2000),
                    st.none() | st.booleans(),
                    notes,
                ),
                max_size=3,
            )
        ),
        "arrived_on": arrived,
        "income": draw(st.booleans()),
        "ticks": draw(st.dictionaries(st.sampled_from(sorted(item_ids())), st.none() | days)),
    }


@settings(
    max_examples=15,  # two migrated databases per example
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    people=st.lists(person(), min_size=1, max_size=3),
    margin=st.none() | st.integers(0, 90),
)
def test_export_then_import_reproduces_everything(
    tmp_path: Path, people: list[dict[str, object]], margin: int | None
) -> None:
    source = open_database(None)
    copy = open_database(None)
    try:
        service = PersonService(source)
        trips = TripService(source)
        permits = PermitService(source)
        for number, entry in enumerate(people):
            pid = service.default().id if number == 0 else service.add(f"Person {number}").id
            for t in entry["trips"]:  # type: ignore[attr-defined]
                trips.add(pid, *t, today=TODAY)
            if entry["under_way"] is not None:
                trips.add(pid, entry["under_way"], None, "DK", today=TODAY)  # type: ignore[arg-type]
            for kind, start, length, basis, note in entry["permits"]:  # type: ignore[attr-defined]
                end = None if kind is PermitKind.PERMANENT else start + timedelta(days=length)
                # Drawn permits may break a rule (overlap a permanent one, say): leave those out.
                with contextlib.suppress(ValidationError):
                    permits.add(pid, kind, start, end, basis, False, None, note)
            if entry["arrived_on"] is not None:
                service.set_key_dates(pid, arrived_on=entry["arrived_on"])  # type: ignore[arg-type]
            service.set_sufficient_income(pid, bool(entry["income"]))
            ChecklistService(source).apply(pid, entry["ticks"], ())  # type: ignore[arg-type]
        if margin is not None:
            SettingsService(source).set_warning_margin(margin)
        exported = export_data(source)
        path = tmp_path / "all.json"
        path.write_text(json.dumps(exported), encoding="utf-8")

        written = import_export(copy, path)

        assert export_data(copy) == exported
        assert written["checklist_ticks"] == sum(len(p["ticks"]) for p in people)  # type: ignore[arg-type]
        for person_view in PersonService(source).list():
            assert PersonService(copy).profile(person_view.id) == PersonService(source).profile(
                person_view.id
            )
        assert set(KEY_DATE_FIELDS) <= set(exported["people"][0])
        # The ticks are in the export (and so, by the equality above, in the copy).
        for entry, exported_person in zip(people, exported["people"], strict=True):
            ticks: dict[str, date | None] = entry["ticks"]  # type: ignore[assignment]
            assert {t["item"]: t["met_on"] for t in exported_person["checklists"]} == {
                item: day.isoformat() if day else None for item, day in ticks.items()
            }
    finally:
        close_database(source)
        close_database(copy)


def test_a_version_1_export_without_checklists_still_imports(tmp_path: Path) -> None:
    copy = open_database(None)
    try:
        path = tmp_path / "old.json"
        old = {
            "format": "borte-export",
            "version": 1,
            "app_version": "0.4.0",
            "people": [
                {
                    "id": 1,
                    "name": "Me",
                    "is_sample": False,
                    **dict.fromkeys(KEY_DATE_FIELDS),
                    "sufficient_income": False,
                    "trips": [
                        {
                            "id": 3,
                            "departure": "2025-03-05",
                            "return": "2025-03-09",
                            "destination": "SE",
                            "purpose": None,
                            "note": "",
                        }
                    ],
                    "permits": [],
                }
            ],
            "settings": {},
        }
        path.write_text(json.dumps(old), encoding="utf-8")

        import_export(copy, path)

        again = export_data(copy)
        assert again["version"] == 2
        assert again["people"][0]["checklists"] == []
        assert len(again["people"][0]["trips"]) == 1
    finally:
        close_database(copy)


def test_an_unknown_checklist_item_is_refused_and_nothing_saved(tmp_path: Path) -> None:
    source = open_database(None)
    copy = open_database(None)
    try:
        ChecklistService(source).apply(PersonService(source).default().id, {"pr-fee": None}, ())
        exported = export_data(source)
        exported["people"][0]["checklists"][0]["item"] = "pr-bribe"
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(exported), encoding="utf-8")

        with pytest.raises(ImportRejected, match="'pr-bribe', not a checklist item"):
            import_export(copy, path)
        assert export_data(copy)["people"][0]["name"] == PersonService(copy).default().name
        assert export_data(copy)["people"][0]["checklists"] == []
    finally:
        close_database(source)
        close_database(copy)
