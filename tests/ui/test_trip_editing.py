"""Adding, editing, deleting, merging, undoing and redoing trips through the real window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.views import TripView
from app.ui import messages
from app.ui.entries import TripInput
from app.ui.main_window import MainWindow
from app.ui.trip_dialog import TripDialog

from .helpers import TODAY, me


def answer(monkeypatch: pytest.MonkeyPatch, *answers: TripInput | None) -> list[dict[str, object]]:
    """Make TripDialog.ask return `answers` in turn; returns the keyword arguments it got."""
    calls: list[dict[str, object]] = []
    queue = list(answers)

    def fake_ask(parent: object, **kwargs: object) -> TripInput | None:
        calls.append(kwargs)
        return queue.pop(0)

    monkeypatch.setattr(TripDialog, "ask", fake_ask)
    return calls


def confirm_with(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    asked: list[str] = []

    def fake_confirm(parent: object, title: str, text: str, action: str) -> bool:
        asked.append(text)
        return yes

    monkeypatch.setattr(messages, "confirm", fake_confirm)
    return asked


def trips(services: Services) -> list[TripView]:
    return services.trips.list(me(services))


def test_add_edit_delete_with_undo_and_redo(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    stockholm = TripInput(date(2025, 3, 1), date(2025, 3, 5), "SE", "holiday", "Stockholm")
    answer(monkeypatch, stockholm)
    window.acts.new_trip.trigger()
    [added] = trips(services)
    assert (added.departure, added.return_date, added.destination) == (
        date(2025, 3, 1),
        date(2025, 3, 5),
        "SE",
    )
    assert window.trip_table.model.rowCount() == 1
    assert window.acts.undo.text() == "&Undo Add trip to Sweden (SE)"
    assert [t.id for t in window.trip_table.selected_trips()] == [added.id]  # ready to edit

    answer(monkeypatch, TripInput(date(2025, 3, 1), date(2025, 3, 9), "SE", None, "Longer"))
    window.acts.edit_trip.trigger()
    assert trips(services)[0].return_date == date(2025, 3, 9)

    window.trip_table.select_trip(added.id)
    asked = confirm_with(monkeypatch, yes=True)
    window.acts.delete_trip.trigger()
    assert "Sweden" in asked[0]
    assert trips(services) == []
    assert window.trip_table.model.rowCount() == 0

    window.acts.undo.trigger()  # the delete
    assert [t.return_date for t in trips(services)] == [date(2025, 3, 9)]
    assert trips(services)[0].id == added.id  # restored under its old id
    window.acts.undo.trigger()  # the edit
    assert trips(services)[0].return_date == date(2025, 3, 5)
    window.acts.undo.trigger()  # the add
    assert trips(services) == []
    assert not window.acts.undo.isEnabled()

    window.acts.redo.trigger()
    window.acts.redo.trigger()
    assert trips(services)[0].return_date == date(2025, 3, 9)
    assert window.trip_table.model.rowCount() == 1
    window.acts.redo.trigger()
    assert trips(services) == []


def test_keyboard_shortcuts(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    assert window.acts.new_trip.shortcut().toString() == "Ctrl+N"
    assert window.acts.undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [key.toString() for key in window.acts.redo.shortcuts()]

    answer(monkeypatch, TripInput(date(2025, 1, 1), date(2025, 1, 2), "DK"))
    qtbot.keyClick(window.trip_table.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(trips(services)) == 1

    # Enter on a row edits it.
    calls = answer(monkeypatch, None)
    view = window.trip_table.view
    view.setFocus()
    view.setCurrentIndex(window.trip_table.proxy.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert calls[0]["title"] == "Edit trip"
    initial = calls[0]["initial"]
    assert isinstance(initial, TripInput)
    assert initial.destination == "DK"

    # Delete asks first; saying no keeps the trip.
    window.trip_table.select_trip(trips(services)[0].id)
    asked = confirm_with(monkeypatch, yes=False)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked
    assert len(trips(services)) == 1

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert trips(services) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Z, redo)
    assert len(trips(services)) == 1


def test_delete_in_the_search_box_edits_text_not_trips(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 2), today=TODAY)
    window.refresh()
    window.trip_table.select_trip(trips(services)[0].id)
    asked = confirm_with(monkeypatch, yes=True)
    search = window.trip_table.search
    search.setText("ab")
    search.setFocus()
    search.setCursorPosition(0)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == "b"
    assert asked == []


def test_a_refused_trip_is_shown_and_the_dialog_comes_back(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.trips.add(me(services), date(2025, 6, 1), None, today=TODAY)
    window.refresh()
    shown: list[str] = []
    monkeypatch.setattr(messages, "tell", lambda parent, title, text, *_: shown.append(text))
    second_open = TripInput(date(2025, 6, 20), None)
    calls = answer(monkeypatch, second_open, None)
    window.acts.new_trip.trigger()
    assert "still under way" in shown[0]
    assert calls[1]["initial"] == second_open  # what the user typed is kept
    assert len(trips(services)) == 1
    assert not window.acts.undo.isEnabled()


def test_merge_replaces_overlapping_trips_by_their_union_in_one_step(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = me(services)
    first = services.trips.add(person, date(2025, 7, 1), date(2025, 7, 21), "SE", today=TODAY)
    services.trips.add(person, date(2025, 8, 1), date(2025, 8, 3), "DK", today=TODAY)
    window.refresh()
    overlapping = services.trips.overlapping(person, date(2025, 7, 15), date(2025, 7, 25))
    answer(
        monkeypatch,
        TripInput(date(2025, 7, 15), date(2025, 7, 25), None, None, "more", tuple(overlapping)),
    )
    window.acts.new_trip.trigger()
    stored = trips(services)
    assert [(t.departure, t.return_date, t.destination) for t in stored] == [
        (date(2025, 7, 1), date(2025, 7, 25), "SE"),
        (date(2025, 8, 1), date(2025, 8, 3), "DK"),
    ]
    assert window.acts.undo.text() == "&Undo Merge 2 trips"
    window.acts.undo.trigger()
    assert [(t.id, t.return_date) for t in trips(services)][0] == (first.id, date(2025, 7, 21))
    assert len(trips(services)) == 2
    window.acts.redo.trigger()
    assert len(trips(services)) == 2
    assert trips(services)[0].return_date == date(2025, 7, 25)


def test_merge_while_editing_keeps_the_edited_trip(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = me(services)
    a = services.trips.add(person, date(2025, 1, 1), date(2025, 1, 5), "SE", today=TODAY)
    b = services.trips.add(person, date(2025, 1, 10), date(2025, 1, 12), "DK", today=TODAY)
    window.refresh()
    window.trip_table.select_trip(a.id)
    answer(monkeypatch, TripInput(date(2025, 1, 1), date(2025, 1, 10), "SE", merge_with=(b,)))
    window.acts.edit_trip.trigger()
    [merged] = trips(services)
    assert (merged.id, merged.return_date) == (a.id, date(2025, 1, 12))
    window.acts.undo.trigger()
    assert [(t.id, t.return_date) for t in trips(services)] == [
        (a.id, date(2025, 1, 5)),
        (b.id, date(2025, 1, 12)),
    ]


def test_several_trips_are_deleted_and_restored_together(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = me(services)
    for day in (1, 10, 20):
        services.trips.add(person, date(2025, 2, day), date(2025, 2, day + 2), today=TODAY)
    window.refresh()
    window.trip_table.view.selectAll()
    asked = confirm_with(monkeypatch, yes=True)
    window.acts.delete_trip.trigger()
    assert "these 3 trips" in asked[0]
    assert trips(services) == []
    window.acts.undo.trigger()
    assert len(trips(services)) == 3


def test_undo_history_belongs_to_each_person(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    kari = services.people.add("Kari")
    answer(monkeypatch, TripInput(date(2025, 1, 1), date(2025, 1, 2)))
    window.acts.new_trip.trigger()
    window.switch_person(kari.id)
    assert not window.acts.undo.isEnabled()  # nothing done for Kari yet
    window.switch_person(me(services))
    assert window.acts.undo.isEnabled()


def test_an_undo_the_services_refuse_is_reported_and_dropped(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    answer(monkeypatch, TripInput(date(2025, 1, 1), date(2025, 1, 2)))
    window.acts.new_trip.trigger()
    services.trips.remove(trips(services)[0].id)  # behind the window's back
    shown: list[str] = []
    monkeypatch.setattr(messages, "tell", lambda parent, title, text, *_: shown.append(text))
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "no trip with id" in shown[0]
    assert window.editor.group.activeStack().count() == 0


def test_planner_trips_are_added_as_undoable_changes(
    window: MainWindow, services: Services
) -> None:
    from app.services.profile import TripSpan

    window.load_panels()
    span = TripSpan(date(2025, 8, 1), date(2025, 8, 9), "IT")
    panel = window.planner_slot.panel
    if panel is not None:  # the planner's own signal, as its "Add as planned trip" sends it
        panel.trip_requested.emit(span)
    else:
        window._on_planner_trip_requested(span)
    [planned] = trips(services)
    assert planned.destination == "IT"
    window.acts.undo.trigger()
    assert trips(services) == []


def test_planner_trip_that_overlaps_goes_through_the_trip_dialog(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: "Add as planned trip" gets the trip dialog's overlap check and merge offer,
    as a trip typed in by hand does, instead of adding a second trip over the same days."""
    from app.services.profile import TripSpan

    services.trips.add(me(services), date(2025, 8, 5), date(2025, 8, 20), "IT", today=TODAY)
    asked = answer(monkeypatch, None)  # the user cancels the dialog
    window._on_planner_trip_requested(TripSpan(date(2025, 8, 1), date(2025, 8, 9), "IT"))
    assert len(asked) == 1
    initial = asked[0]["initial"]
    assert isinstance(initial, TripInput)
    assert (initial.departure, initial.return_date) == (date(2025, 8, 1), date(2025, 8, 9))
    assert len(trips(services)) == 1  # nothing added behind the user's back
