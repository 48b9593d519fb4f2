"""The window as a whole: first run, example data, people, settings, files, layout, About."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app import __version__
from app.main import Services
from app.services.profile import PermitKind, Profile
from app.services.sample_data import SAMPLE_NAME
from app.ui import messages
from app.ui.import_review import ImportReviewDialog
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog, SettingsValues
from app.ui.status_panel import DISCLAIMER
from app.ui.trip_dialog import TripDialog, TripInput

from .conftest import MakeWindow
from .helpers import TODAY, me


def test_first_run_shows_the_welcome_page(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.add_button.text() == "Add your first trip"
    assert window.welcome.import_button.text() == "Import from CSV…"
    assert window.welcome.example_button.text() == "Explore with example data"
    assert window.welcome.explanation.text().count("\n") == 1  # two lines
    assert not window.toolbar.person_actions[1].isVisible()  # one person: no switcher


def test_add_your_first_trip_leaves_the_welcome_page(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        TripDialog, "ask", lambda parent, **kw: TripInput(date(2025, 2, 1), date(2025, 2, 3))
    )
    window.welcome.add_button.click()
    assert len(services.trips.list(me(services))) == 1
    assert window.pages.currentWidget() is window.splitter
    assert window.tabs.currentWidget() is window.trip_table


def test_example_data_is_marked_and_can_be_deleted(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.welcome.example_button.click()
    sample = services.people.get(window.person_id)
    assert sample.is_sample
    assert sample.name == SAMPLE_NAME
    assert window.sample_banner.isVisible()
    assert "example data" in window.sample_label.text()
    assert window.trip_table.model.rowCount() > 15
    assert window.status_panel.cards
    # The switcher appears now that there are two people.
    assert window.toolbar.person_actions[1].isVisible()
    assert window.toolbar.person_combo.currentText() == SAMPLE_NAME
    assert window.windowTitle() == f"{SAMPLE_NAME} – Borte"

    window.leave_sample_button.click()
    assert window.person_id == me(services)
    assert not window.sample_banner.isVisible()
    window.switch_person(sample.id)

    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    window.delete_sample_button.click()
    assert [p.name for p in services.people.list()] == ["Me"]
    assert window.person_id == me(services)
    assert not window.toolbar.person_actions[1].isVisible()


def test_person_switcher_and_people_menu(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("Kari", True))
    window.acts.new_person.trigger()
    kari = services.people.by_name("Kari")
    assert window.person_id == kari.id
    combo = window.toolbar.person_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Me", "Kari"]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert window.person_id == me(services)

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("Ola", True))
    window.acts.rename_person.trigger()
    assert services.people.get(window.person_id).name == "Ola"

    shown: list[str] = []
    monkeypatch.setattr(messages, "tell", lambda parent, title, text, *_: shown.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("kari", True))
    window.acts.new_person.trigger()
    assert shown == ["There is already a person called Kari; choose a different name."]

    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    window.acts.delete_person.trigger()
    assert [p.name for p in services.people.list()] == ["Kari"]
    assert not window.acts.delete_person.isEnabled()  # the last person cannot go


def test_settings_are_stored_and_redraw_the_cards(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    got: list[SettingsValues] = []

    def fake_ask(parent: QWidget, *, initial: SettingsValues, data_dir: Path) -> SettingsValues:
        got.append(initial)
        assert data_dir == services.data_dir
        return SettingsValues("whole_days", 18, 30)

    monkeypatch.setattr(SettingsDialog, "ask", fake_ask)
    window.acts.settings.trigger()
    assert got == [SettingsValues("inclusive", 24, 14)]
    assert services.settings.convention() == "whole_days"
    assert services.settings.pr_waiting_months() == 18
    assert services.settings.warning_margin() == 30
    assert "Only whole days" in window.status_panel.convention_label.text()


def test_settings_dialog_widgets(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(None, initial=SettingsValues("inclusive", 24, 14), data_dir=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.folder.isReadOnly()
    assert dialog.folder.text() == str(tmp_path)
    dialog.convention.setCurrentIndex(dialog.convention.findData("whole_days"))
    dialog.waiting.setValue(12)
    dialog.margin.setValue(200)  # clamped to the range
    assert dialog.entered() == SettingsValues("whole_days", 12, 90)


def test_window_layout_is_remembered(
    make_window: MakeWindow, qsettings: QSettings, services: Services
) -> None:
    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 2), today=TODAY)
    first = make_window()
    first.resize(700, 520)
    first.splitter.setSizes([350, 340])
    first.tabs.setCurrentIndex(1)
    first.close()
    assert qsettings.value("window/tab") in (1, "1")
    second = make_window()
    assert (second.width(), second.height()) == (700, 520)
    assert second.tabs.currentIndex() == 1
    assert second.splitter.sizes()[0] == first.splitter.sizes()[0]


def test_import_and_export_csv(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "trips.csv"
    csv.write_text(
        "departure,return,destination,note\n2025-01-01,2025-01-05,SE,a\n2025-02-01,2025-02-02,DK,b\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    monkeypatch.setattr(ImportReviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.acts.import_csv.trigger()
    assert len(services.trips.list(me(services))) == 2
    assert "Imported 2 trips" in window.statusBar().currentMessage()
    window.acts.undo.trigger()
    assert services.trips.list(me(services)) == []
    window.acts.redo.trigger()
    assert len(services.trips.list(me(services))) == 2

    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.acts.export_csv.trigger()
    assert out.read_text(encoding="utf-8").count("\n") == 3


def test_a_rejected_import_lists_every_bad_line(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "departure,return,destination,note\n"
        "2025-01-05,2025-01-01,,\n2025-02-01,2025-02-02,SE,\nnot a date,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    shown: list[str] = []

    def fake_exec(dialog: messages.ImportErrorsDialog) -> int:
        shown.append(dialog.lines.toPlainText())
        return 0

    monkeypatch.setattr(messages.ImportErrorsDialog, "exec", fake_exec)
    window.acts.import_csv.trigger()
    [lines] = shown
    assert lines.splitlines()[0].startswith("line 2: ")
    assert lines.splitlines()[1].startswith("line 4: ")
    assert services.trips.list(me(services)) == []
    assert not window.acts.undo.isEnabled()


def test_about_names_version_data_folder_and_authority(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "about", lambda p, title, text: shown.append((title, text)))
    window.acts.about.trigger()
    [(title, text)] = shown
    assert title == "About Borte"
    assert __version__ in text
    assert str(services.data_dir) in text
    assert DISCLAIMER == "Borte is not legal advice. udi.no is the authority."
    assert DISCLAIMER in text


def test_menus_and_accessible_names(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    for widget in (
        window.trip_table.view,
        window.trip_table.search,
        window.status_panel,
        window.toolbar.person_combo,
        window.permits_view.view,
    ):
        assert widget.accessibleName()


def test_panels_wait_until_their_tab_is_shown(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(load_panels_after_paint=True)
    qtbot.wait(100)  # several turns of the event loop after the first paint
    assert not window.chart_slot.loaded
    assert not window.planner_slot.loaded
    window.acts.show_planner.trigger()
    assert window.tabs.currentWidget() is window.planner_slot
    # Its modules are imported on a worker thread meanwhile, the placeholder on screen.
    qtbot.waitUntil(lambda: window.planner_slot.loaded)
    assert not window.chart_slot.loaded  # each panel on its own
    window.tabs.setCurrentWidget(window.chart_slot)
    assert window.chart_slot.importing or window.chart_slot.loaded
    qtbot.waitUntil(lambda: window.chart_slot.loaded)
    assert window.chart_slot.panel is not None


def test_a_remembered_chart_tab_comes_back_after_the_first_frame(
    make_window: MakeWindow, qtbot: QtBot, qsettings: QSettings
) -> None:
    qsettings.setValue("window/tab", 2)
    window = make_window(load_panels_after_paint=True)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.chart_slot)
    # Its modules may still be importing on the worker thread: the panel follows.
    qtbot.waitUntil(lambda: window.chart_slot.loaded)
    assert not window.planner_slot.loaded


def test_load_panels_builds_both(window: MainWindow) -> None:
    window.load_panels()
    assert window.chart_slot.loaded
    assert window.planner_slot.loaded


def test_the_trip_under_way_shows_in_the_status_bar(window: MainWindow, services: Services) -> None:
    services.trips.add(me(services), date(2025, 6, 20), None, "DK", today=TODAY)
    services.trips.add(me(services), date(2025, 8, 1), date(2025, 8, 2), "SE", today=TODAY)
    window.refresh()
    assert window.statusBar().currentMessage() == (
        "Me: 2 trips (1 planned), 0 permits. Today is 2025-06-30."
    )


def test_import_button_on_the_welcome_page(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "trips.csv"
    csv.write_text("departure,return,destination,note\n2025-01-01,2025-01-05,SE,a\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    monkeypatch.setattr(ImportReviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.welcome.import_button.click()
    assert len(services.trips.list(me(services))) == 1
    assert window.pages.currentWidget() is window.splitter


def test_a_palette_change_redraws_the_cards(window: MainWindow, services: Services) -> None:
    from app.ui.colors import dark_palette

    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 5), "SE", today=TODAY)
    window.refresh()
    before = window.status_panel.cards
    window.setPalette(dark_palette())
    assert window.status_panel.cards is not before


def test_a_missing_panel_module_leaves_a_placeholder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from app.ui.panel_slots import ChartSlot, PlannerSlot

    monkeypatch.setitem(sys.modules, "app.ui.chart_panel", None)
    monkeypatch.setitem(sys.modules, "app.ui.planner_panel", None)
    charts = ChartSlot()
    planner = PlannerSlot(lambda: (Profile(), TODAY, "inclusive"), lambda span: None)
    for slot in (charts, planner):
        qtbot.addWidget(slot)
        slot.load()
        assert slot.loaded
        assert slot.panel is None
        assert "not available" in slot.placeholder.text()
    charts.show_evaluation(Profile(), TODAY, "inclusive")  # nothing to draw on; no error
    planner.refresh()


def test_a_note_edit_redraws_the_trip_not_the_cards(window: MainWindow, services: Services) -> None:
    trip = services.trips.add(me(services), date(2025, 1, 10), date(2025, 1, 20), "SE", today=TODAY)
    services.permits.add(me(services), PermitKind.WORK, date(2024, 1, 1))
    window.refresh()
    cards = list(window.status_panel.cards)
    assert cards
    services.trips.update(
        trip.id,
        departure=trip.departure,
        return_date=trip.return_date,
        destination="SE",
        purpose=None,
        note="Fika",
        today=TODAY,
    )
    window.refresh()
    assert window.status_panel.cards == cards  # the same widgets: nothing was rebuilt
    assert window.trip_table.model.row_at(0).trip.note == "Fika"
    services.trips.update(
        trip.id,
        departure=trip.departure,
        return_date=date(2025, 1, 25),
        destination="SE",
        purpose=None,
        note="Fika",
        today=TODAY,
    )
    window.refresh()
    assert window.status_panel.cards != cards  # the numbers changed
