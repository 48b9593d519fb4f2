"""After an edit the window reads back only the trips that changed and recounts at most once,
and what it shows is what a full read would show (issue 12)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind
from app.services.views import TripView
from app.ui import main_window, window_update
from app.ui.entries import TripInput
from app.ui.events import EVERYTHING, Change
from app.ui.main_window import MainWindow
from app.ui.trip_table_model import Column, TripTableModel
from app.ui.undo_commands import (
    AddTripCommand,
    DeleteTripsCommand,
    EditTripCommand,
    MergeTripsCommand,
)
from app.ui.window_data import WindowData, read_window_data

from .helpers import TODAY, me


def _history(services: Services, count: int = 40) -> None:
    person = me(services)
    # Collective protection: a trip to Ukraine carries a warning in the table.
    services.permits.add(
        person, PermitKind.COLLECTIVE_PROTECTION, date(2023, 1, 1), date(2026, 12, 31)
    )
    left = date(2023, 2, 1)
    for n in range(count):
        destination = ("SE", "UA", "US", None)[n % 4]
        services.trips.add(
            person, left, left + timedelta(days=n % 5), destination, note=f"trip {n}", today=TODAY
        )
        left += timedelta(days=9)


def _assert_as_full_read(window: MainWindow) -> None:
    shown = window._data
    assert shown is not None
    full = read_window_data(window.services, window.person_id)
    for name in WindowData.__slots__:
        if name != "table":  # the rows a full read builds ahead; compared below as shown
            assert getattr(shown, name) == getattr(full, name), name
    rows = [window.trip_table.model.row_at(n).trip for n in range(len(full.trips))]
    fresh = TripTableModel()
    fresh.set_trips(full.trips, full.today, full.trip_flags)
    if window.trip_table.model._sort is not None:
        fresh.sort(*window.trip_table.model._sort)
    assert rows == [fresh.row_at(n).trip for n in range(fresh.rowCount())]
    assert window.trip_table.model.rowCount() == len(full.trips)
    assert window.trip_table.model.planned == fresh.planned


def _edit(trip: TripView, **changes: object) -> TripInput:
    return replace(TripInput.from_view(trip), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sort",
    [
        None,
        (Column.DEPARTURE, Qt.SortOrder.DescendingOrder),
        (Column.DAYS, Qt.SortOrder.AscendingOrder),
        (Column.NOTE, Qt.SortOrder.DescendingOrder),
    ],
)
def test_each_edit_shows_what_a_full_read_shows(
    make_window: object, services: Services, sort: tuple[Column, Qt.SortOrder] | None
) -> None:
    _history(services)
    assert callable(make_window)
    window: MainWindow = make_window()
    if sort is not None:
        window.trip_table.view.sortByColumn(sort[0], sort[1])
    ctx, person = window.editor.ctx, me(services)
    trips = services.trips.list(person)
    steps = [
        EditTripCommand(ctx, trips[3], _edit(trips[3], note="a longer note now")),
        EditTripCommand(
            ctx,
            trips[5],
            _edit(trips[5], departure=date(2025, 6, 1), return_date=date(2025, 6, 20)),
        ),
        EditTripCommand(ctx, trips[8], _edit(trips[8], destination="UA")),
        # Out of Ukraine: its warning goes (trips[5] above, moved into 2025, gains one).
        EditTripCommand(ctx, trips[37], _edit(trips[37], destination="SE")),
        AddTripCommand(
            ctx, person, TripInput(date(2025, 7, 10), date(2025, 7, 12), "DE", None, "planned")
        ),
        DeleteTripsCommand(ctx, [trips[0], trips[20]]),
        MergeTripsCommand(
            ctx,
            person,
            replace(
                TripInput.from_view(trips[10]),
                return_date=trips[11].return_date,
                merge_with=(trips[11],),
            ),
            trips[10],
        ),
    ]
    for command in steps:
        assert window.editor.run(command)
        _assert_as_full_read(window)
    for _ in steps:
        window.editor.group.undo()
        _assert_as_full_read(window)
    for _ in steps:
        window.editor.group.redo()
        _assert_as_full_read(window)


def test_a_note_edit_reads_one_trip_and_counts_nothing(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _history(services)
    window.refresh()
    counts = {"assess": 0, "list": 0}
    real_assess, real_list = window_update.assess_window, services.trips.list

    def assess(*args: object, **kwargs: object) -> object:
        counts["assess"] += 1
        return real_assess(*args, **kwargs)  # type: ignore[arg-type]

    def list_all(person_id: int) -> list[TripView]:
        counts["list"] += 1
        return real_list(person_id)

    monkeypatch.setattr(window_update, "assess_window", assess)
    monkeypatch.setattr(services.trips, "list", list_all)
    trip = real_list(me(services))[7]
    shown = window._data
    assert shown is not None
    window.editor.run(EditTripCommand(window.editor.ctx, trip, _edit(trip, note="changed")))
    assert counts == {"assess": 0, "list": 0}
    assert window._data is not None
    assert window._data.assessment is shown.assessment
    row = window.trip_table.model.row_of(trip.id)
    assert row is not None
    assert window.trip_table.model.row_at(row).trip.note == "changed"
    # A change the rules count recounts once, still without reading every trip.
    window.editor.run(EditTripCommand(window.editor.ctx, trip, _edit(trip, destination="US")))
    assert counts == {"assess": 1, "list": 0}
    monkeypatch.undo()
    _assert_as_full_read(window)


def test_anything_but_trips_reads_everything(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _history(services, 4)
    window.refresh()
    calls: list[int] = []
    real_list = services.trips.list
    monkeypatch.setattr(services.trips, "list", lambda p: calls.append(p) or real_list(p))
    services.permits.add(me(services), PermitKind.WORK, date(2020, 1, 1), date(2022, 12, 31))
    window.events.data_changed.emit(EVERYTHING)
    assert calls == [me(services)]
    monkeypatch.undo()
    _assert_as_full_read(window)


def test_a_long_history_updates_on_a_worker_thread(
    window: MainWindow, services: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _history(services)
    window.refresh()
    monkeypatch.setattr(main_window, "BACKGROUND_FROM", 10)
    ctx, trips = window.editor.ctx, services.trips.list(me(services))
    window.editor.run(EditTripCommand(ctx, trips[1], _edit(trips[1], destination="US")))
    assert window.updating  # the GUI thread is free meanwhile
    # Changes that come in while it counts are applied together after it.
    window.editor.run(EditTripCommand(ctx, trips[2], _edit(trips[2], note="second")))
    window.editor.run(DeleteTripsCommand(ctx, [trips[4]]))
    qtbot.waitUntil(lambda: not window.updating, timeout=10_000)
    _assert_as_full_read(window)
    assert window.trip_table.model.row_of(trips[4].id) is None


def test_change_merge() -> None:
    one, two = Change.of_trips(1, {1, 2}), Change.of_trips(1, {3})
    assert one.merge(two) == Change.of_trips(1, {1, 2, 3})
    assert one.merge(Change.of_trips(2, {3})) == EVERYTHING
    assert one.merge(EVERYTHING) == EVERYTHING


@pytest.mark.parametrize("seed", range(6))
def test_the_table_puts_changed_rows_where_a_reset_would(seed: int) -> None:
    rng = random.Random(seed)
    trips = [
        TripView(
            n,
            1,
            date(2024, 1, 1) + timedelta(days=rng.randint(0, 60)),
            date(2024, 3, 1) + timedelta(days=rng.randint(0, 9)),
            rng.choice(["SE", "DE", None]),
            None,
            rng.choice(["", "b", "a"]),
        )
        for n in range(1, 30)
    ]
    column = rng.choice(list(Column))
    order = rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
    model = TripTableModel()
    model.set_trips(sorted(trips, key=lambda t: (t.departure, t.id)), TODAY)
    model.sort(column, order)
    changed = set(rng.sample([t.id for t in trips], 4)) | {99}
    edited = [
        replace(t, departure=t.departure + timedelta(days=rng.randint(-30, 30)), note="x")
        for t in trips
        if t.id in changed and rng.random() < 0.7
    ] + [TripView(99, 1, date(2024, 2, 2), None, "SE", None, "new")]
    after = sorted(
        [t for t in trips if t.id not in changed] + edited, key=lambda t: (t.departure, t.id)
    )
    assert model.update_trips(edited, changed, TODAY, {})
    reset = TripTableModel()
    reset.set_trips(after, TODAY)
    reset.sort(column, order)
    assert [model.row_at(n).trip for n in range(model.rowCount())] == [
        reset.row_at(n).trip for n in range(reset.rowCount())
    ]


def test_a_trip_added_to_a_long_history_is_selected_once_it_arrives(
    window: MainWindow, services: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _history(services)
    window.refresh()
    monkeypatch.setattr(main_window, "BACKGROUND_FROM", 10)
    entered = TripInput(date(2025, 7, 10), date(2025, 7, 12), "DE", None, "new one")
    command = AddTripCommand(window.editor.ctx, me(services), entered)
    window.editor.run(command)
    assert command.trip_id is not None
    window.trip_table.select_trip(command.trip_id)  # as the window does after Save
    assert window.updating
    qtbot.waitUntil(lambda: not window.updating, timeout=10_000)
    assert [t.id for t in window.trip_table.selected_trips()] == [command.trip_id]
