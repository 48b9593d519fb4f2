"""The trip table: the model passes Qt's model tester, sorts by value, filters, marks states."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.services.views import TripView
from app.ui.trip_table import TripTable
from app.ui.trip_table_model import Column, TripFilterProxy, TripRow, TripState, TripTableModel

from .helpers import TODAY


def view(
    trip_id: int, dep: date, ret: date | None, dest: str | None = None, note: str = ""
) -> TripView:
    return TripView(trip_id, 1, dep, ret, dest, None, note)


TRIPS = [
    view(1, date(2025, 1, 10), date(2025, 1, 12), "SE", "Stockholm weekend"),
    view(2, date(2024, 12, 18), date(2025, 1, 8), "IN", "Christmas"),
    view(3, date(2025, 9, 1), date(2025, 9, 14), "PT"),  # planned
    view(4, date(2025, 6, 20), None, "DK"),  # under way
    view(5, date(2025, 6, 25), date(2025, 7, 5), "DE"),  # abroad now, back later
    view(6, date(2025, 2, 1), date(2025, 2, 1), None, "Day trip"),
]


def make_model() -> TripTableModel:
    model = TripTableModel()
    model.set_trips(TRIPS, TODAY)
    return model


def text(model: TripTableModel | TripFilterProxy, row: int, column: Column) -> str:
    return str(model.data(model.index(row, column)))


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(make_model())


def test_proxy_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    proxy = TripFilterProxy()
    proxy.setSourceModel(make_model())
    proxy.set_search("se")
    qtmodeltester.check(proxy)


def test_cells_show_both_conventions_and_the_trip_state() -> None:
    model = make_model()
    assert [text(model, 0, c) for c in Column] == [
        "2025-01-10",
        "2025-01-12",
        "3",
        "1",
        "Sweden (SE)",
        "",
        "Stockholm weekend",
    ]
    assert text(model, 2, Column.DEPARTURE) == "2025-09-01"
    assert text(model, 2, Column.DAYS).endswith(" planned")
    assert text(model, 3, Column.RETURN) == "under way"
    assert text(model, 3, Column.DAYS) == "11 so far"
    assert text(model, 4, Column.RETURN) == "2025-07-05  (abroad now)"
    states = [row.state for row in model.rows()]
    assert states == [
        TripState.PAST,
        TripState.PAST,
        TripState.PLANNED,
        TripState.UNDER_WAY,
        TripState.ABROAD_NOW,
        TripState.PAST,
    ]


def test_planned_and_current_trips_differ_in_shape_not_only_colour() -> None:
    model = make_model()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    planned = model.data(model.index(2, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(planned, QFont)
    assert planned.italic()
    current = model.data(model.index(3, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(current, QFont)
    assert current.bold()
    assert "not counted" in str(model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole))


def test_sorting_uses_values_not_text() -> None:
    proxy = TripFilterProxy()
    proxy.setSourceModel(make_model())
    proxy.sort(Column.DAYS, Qt.SortOrder.DescendingOrder)
    # As text, "3" would sort above "22" and "14".
    shown = [text(proxy, r, Column.DAYS) for r in range(proxy.rowCount())]
    assert shown == ["22", "14 planned", "11", "11 so far", "3", "1"]
    proxy.sort(Column.RETURN, Qt.SortOrder.DescendingOrder)
    assert text(proxy, 0, Column.RETURN) == "under way"


def test_search_matches_code_name_and_note() -> None:
    proxy = TripFilterProxy()
    proxy.setSourceModel(make_model())
    proxy.set_search("sweden")
    assert proxy.rowCount() == 1
    proxy.set_search("IN")
    assert {text(proxy, r, Column.DESTINATION) for r in range(proxy.rowCount())} >= {"India (IN)"}
    proxy.set_search("christ")
    assert [text(proxy, r, Column.NOTE) for r in range(proxy.rowCount())] == ["Christmas"]
    proxy.set_search("  ")
    assert proxy.rowCount() == len(TRIPS)


def test_table_widget_counts_filters_and_totals(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.show()
    table.set_trips(TRIPS, TODAY)
    assert table.count_label.text() == "6 trips, 1 planned"
    # Newest first.
    assert text(table.proxy, 0, Column.DEPARTURE) == "2025-09-01"
    table.search.setText("day trip")
    assert table.count_label.text() == "1 of 6 trips, 1 planned"
    table.search.clear()
    assert not table.totals.isVisible()
    table.totals_button.click()
    assert table.totals.isVisible()

    def cell(row: int, column: int) -> str:
        item = table.totals.item(row, column)
        assert item is not None
        return item.text()

    years = {cell(r, 0): [cell(r, c) for c in (1, 2, 3)] for r in range(table.totals.rowCount())}
    # 2024: 14 days of the Christmas trip (18-31 Dec) inclusive, 13 whole days.
    assert years["2024"] == ["14", "13", "–"]
    # Planned days in 2025: the PT trip (14) and the DE trip's days after today (1-5 July).
    assert years["2025"][2] == "19"


def test_edit_requested_on_double_click(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.show()
    table.set_trips(TRIPS, TODAY)
    index = table.proxy.index(1, 0)
    with qtbot.waitSignal(table.edit_requested) as blocker:
        table.view.activated.emit(index)
    assert blocker.args == [table.proxy.trip_at(index)]


def many_trips(count: int) -> list[TripView]:
    """`count` short trips, one every four days from 1990, to six destinations."""
    start = date(1990, 1, 1).toordinal()
    codes = ("SE", "DE", "IN", "PT", "DK", None)
    return [
        view(
            n + 1,
            date.fromordinal(start + 4 * n),
            date.fromordinal(start + 4 * n + n % 3),
            codes[n % len(codes)],
            "Conference" if n % 5 == 0 else "",
        )
        for n in range(count)
    ]


def test_sorted_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    model = make_model()
    model.sort(Column.DESTINATION, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_model_sorts_with_one_key_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    model = TripTableModel()
    model.set_trips(many_trips(2_000), TODAY)
    calls = 0
    original = TripRow.sort_key

    def counting(row: TripRow, column: Column) -> object:
        nonlocal calls
        calls += 1
        return original(row, column)

    monkeypatch.setattr(TripRow, "sort_key", counting)
    proxy = TripFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DESTINATION, Qt.SortOrder.AscendingOrder)
    # A proxy sorting by role asks for two keys per comparison: about 2 × n log n.
    assert calls == 2_000
    shown = [text(proxy, r, Column.DESTINATION) for r in range(proxy.rowCount())]
    assert shown == sorted(shown, key=str.casefold)
    proxy.sort(Column.DEPARTURE, Qt.SortOrder.DescendingOrder)
    departures = [text(proxy, r, Column.DEPARTURE) for r in range(proxy.rowCount())]
    assert departures == sorted(departures, reverse=True)


def test_descending_is_ascending_upside_down_ties_included() -> None:
    model = make_model()
    model.sort(Column.DAYS, Qt.SortOrder.AscendingOrder)
    ascending = [model.row_at(r).trip.id for r in range(model.rowCount())]
    model.sort(Column.DAYS, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(r).trip.id for r in range(model.rowCount())] == ascending[::-1]


def test_new_trips_arrive_in_the_current_sort_order() -> None:
    model = TripTableModel()
    model.sort(Column.DEPARTURE, Qt.SortOrder.DescendingOrder)
    model.set_trips(TRIPS, TODAY)
    departures = [model.row_at(r).trip.departure for r in range(model.rowCount())]
    assert departures == sorted(departures, reverse=True)


def test_selection_follows_its_trip_through_a_sort(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.show()
    table.set_trips(TRIPS, TODAY)
    table.select_trip(6)
    table.view.sortByColumn(Column.DESTINATION, Qt.SortOrder.AscendingOrder)
    assert [trip.id for trip in table.selected_trips()] == [6]
    table.set_trips(TRIPS, TODAY)  # a refresh keeps it too
    assert [trip.id for trip in table.selected_trips()] == [6]


def test_selecting_a_trip_hidden_by_the_search_selects_nothing(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.set_trips(TRIPS, TODAY)
    table.search.setText("sweden")
    table.select_trip(2)
    assert table.selected_trips() == []
    table.select_trip(1)
    assert [trip.id for trip in table.selected_trips()] == [1]


def test_columns_are_sized_without_asking_every_cell(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.resize(1280, 600)
    table.show()
    calls = 0
    original = TripTableModel.data

    def counting(model: TripTableModel, index: object, role: int = 0) -> object:
        nonlocal calls
        calls += 1
        return original(model, index, role)  # type: ignore[arg-type]

    monkeypatch.setattr(TripTableModel, "data", counting)
    table.set_trips(many_trips(2_000), TODAY)
    # resizeColumnToContents asked data() for every cell of 2,000 rows (166,000 calls).
    assert calls == 0


def test_columns_fit_their_widest_text(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.resize(1800, 600)
    table.show()
    trips = [*TRIPS, view(7, date(2025, 3, 1), date(2025, 3, 2), "CD", "Kinshasa")]
    table.set_trips(trips, TODAY)
    widths = table.content_widths()
    for column, width in widths.items():
        # What Qt's own measuring of every cell (and the header) gives, bold and italic aside.
        assert width >= table.view.sizeHintForColumn(column), column
        assert width >= table.view.horizontalHeader().sectionSizeHint(column), column
    header = table.view.horizontalHeader()
    # Up to 240 pixels: a longer name is elided rather than pushing the note off screen.
    assert header.sectionSize(Column.DESTINATION) == min(widths[Column.DESTINATION] + 4, 240)
    assert header.sectionSize(Column.DAYS) == widths[Column.DAYS] + 4


def test_an_edit_changes_its_row_in_place(qtbot: QtBot) -> None:
    model = TripTableModel()
    model.sort(Column.DEPARTURE, Qt.SortOrder.DescendingOrder)
    model.set_trips(TRIPS, TODAY)
    edited = [replace(t, note="Fika") if t.id == 1 else t for t in TRIPS]
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(model.dataChanged) as changed,
    ):
        model.set_trips(edited, TODAY)
    top_left = changed.args[0]
    assert model.row_at(top_left.row()).trip.id == 1
    assert model.row_at(top_left.row()).trip.note == "Fika"


def test_an_edited_date_moves_its_row_to_its_sorted_place(qtbot: QtBot) -> None:
    model = TripTableModel()
    model.sort(Column.DEPARTURE, Qt.SortOrder.DescendingOrder)
    model.set_trips(TRIPS, TODAY)
    later = [
        replace(t, departure=date(2025, 12, 1), return_date=date(2025, 12, 2)) if t.id == 6 else t
        for t in TRIPS
    ]
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_trips(later, TODAY)
    assert model.row_at(0).trip.id == 6
    departures = [model.row_at(r).trip.departure for r in range(model.rowCount())]
    assert departures == sorted(departures, reverse=True)
    assert model.planned == 2  # the samples and counts follow


def test_other_trips_or_another_day_reset_the_model(qtbot: QtBot) -> None:
    model = make_model()
    with qtbot.waitSignal(model.modelReset):
        model.set_trips(TRIPS[:-1], TODAY)
    with qtbot.waitSignal(model.modelReset):
        model.set_trips(TRIPS[:-1], date(2025, 7, 1))
    assert model.rowCount() == len(TRIPS) - 1
