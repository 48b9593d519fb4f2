"""Deleting a person and clearing all trips: confirmed first, and undoable in the session."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind
from app.ui import messages
from app.ui.main_window import MainWindow

from .helpers import TODAY, me


def answer(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    asked: list[str] = []

    def confirm(parent: object, title: str, text: str, action: str) -> bool:
        asked.append(f"{title}|{text}|{action}")
        return yes

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


def test_deleting_a_person_can_be_undone_and_redone(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    kari = services.people.add("Kari")
    services.people.set_key_dates(kari.id, arrived_on=date(2020, 1, 1))
    trip = services.trips.add(kari.id, date(2024, 1, 1), date(2024, 1, 9), "SE", today=TODAY)
    permit = services.permits.add(kari.id, PermitKind.WORK, date(2020, 1, 1))
    window.switch_person(kari.id)

    asked = answer(monkeypatch, yes=False)
    window.acts.delete_person.trigger()
    assert asked == [
        "Delete person|Delete Kari with all their 1 trip, 1 permit and key dates? You can undo "
        "this with Edit > Undo (Ctrl+Z).|Delete Kari"
    ]
    assert len(services.people.list()) == 2

    answer(monkeypatch, yes=True)
    window.acts.delete_person.trigger()
    assert [p.name for p in services.people.list()] == ["Me"]
    assert window.person_id == me(services)
    assert window.acts.undo.text() == "&Undo Delete Kari"

    window.acts.undo.trigger()
    assert services.people.get(kari.id).arrived_on == date(2020, 1, 1)
    assert services.trips.list(kari.id) == [trip]
    assert services.permits.list(kari.id) == [permit]
    combo = window.toolbar.person_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Me", "Kari"]

    window.acts.redo.trigger()
    assert [p.name for p in services.people.list()] == ["Me"]


def test_the_last_person_cannot_go(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, yes=True)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, err: shown.append(str(err)))
    window.tasks.delete_person()  # the menu item is disabled; the sample banner's is not
    assert "only person" in shown[0]
    assert window.person_id == me(services)
    assert not window.editor.group.canUndo()


def test_clear_all_trips_can_be_undone(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not window.acts.clear_trips.isEnabled()  # nothing to clear
    person = me(services)
    trips = [
        services.trips.add(person, date(2024, 1, d), date(2024, 1, d), today=TODAY)
        for d in (1, 5, 9)
    ]
    services.trips.add(person, date(2024, 2, 1), None, today=TODAY)  # one under way
    trips = services.trips.list(person)
    window.refresh()
    assert window.acts.clear_trips.isEnabled()
    assert window.acts.clear_trips.text() == "C&lear all trips…"

    asked = answer(monkeypatch, yes=False)
    window.acts.clear_trips.trigger()
    assert asked == [
        "Clear all trips|Delete all 4 trips of Me? Permits and key dates stay. You can undo "
        "this with Edit > Undo (Ctrl+Z).|Delete 4 trips"
    ]
    assert services.trips.list(person) == trips

    answer(monkeypatch, yes=True)
    window.acts.clear_trips.trigger()
    assert services.trips.list(person) == []
    assert window.trip_table.model.rowCount() == 0
    assert window.acts.undo.text() == "&Undo Clear all 4 trips"

    window.acts.undo.trigger()
    assert services.trips.list(person) == trips  # same ids, so older commands still fit
    assert window.trip_table.model.rowCount() == 4
    window.acts.redo.trigger()
    assert services.trips.list(person) == []


def test_a_refused_undo_drops_out_and_says_why(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    person = me(services)
    services.trips.add(person, date(2024, 2, 1), None, today=TODAY)
    window.refresh()
    answer(monkeypatch, yes=True)
    window.acts.clear_trips.trigger()
    # Behind the window's back (the command line), another trip under way was added.
    services.trips.add(person, date(2024, 3, 1), None, today=TODAY)
    reported: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, err: reported.append(str(err)))
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: bool(reported))
    assert "still under way" in reported[0]
    assert [t.departure for t in services.trips.list(person)] == [date(2024, 3, 1)]
    assert not window.editor.group.canUndo()  # the command dropped out of the stack
