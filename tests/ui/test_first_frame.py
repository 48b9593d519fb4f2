"""The window's first frame comes before the data (issue 12): loading state, then `attach`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

import app.main
from app.main import Services, run_gui
from app.services.people import KEY_DATE_FIELDS
from app.ui.key_dates_dialog import key_date_form
from app.ui.main_window import MainWindow, loading_text

from .helpers import TODAY, window_services

REPO = Path(__file__).resolve().parents[2]


def test_the_window_module_loads_no_database_numbers_or_charts() -> None:
    # What the first frame needs must not pull in SQLAlchemy (0.4 s), numpy or matplotlib.
    probe = (
        "import json, sys; import app.ui.main_window, app.main; "
        "print(json.dumps([m for m in ('sqlalchemy', 'numpy', 'matplotlib', 'alembic') "
        "if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []


def test_loading_state_shows_the_real_layout_and_allows_no_edits(
    qtbot: QtBot, qsettings: QSettings
) -> None:
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.has_painted)
    assert window.loading
    assert window.pages.currentWidget() is window.splitter  # not the welcome page
    waiting = window.status_panel.widget()
    assert isinstance(waiting, QLabel)
    assert waiting.text() == loading_text()
    assert window.trip_table.count_label.text() == "Loading trips…"
    assert not window.menuBar().isEnabled()
    assert not window.toolbar.bar.isEnabled()
    assert not window.pages.isEnabled()
    with pytest.raises(RuntimeError, match="still opening"):
        _ = window.services


def test_attach_fills_the_window_in(qtbot: QtBot, qsettings: QSettings, services: Services) -> None:
    services.trips.add(
        services.people.default().id, date(2025, 1, 10), date(2025, 1, 12), "SE", today=TODAY
    )
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.has_painted)
    window.attach(window_services(services))
    assert not window.loading
    assert window.menuBar().isEnabled()
    assert window.pages.isEnabled()
    assert window.status_panel.cards  # the numbers are on screen
    assert window.trip_table.model.rowCount() == 1
    assert window.trip_table.count_label.text() == "1 trip"


def test_run_gui_paints_before_it_opens_the_data(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, bool]] = []
    real_open = app.main.open_services

    def open_services(data_dir: Path, **_options: object) -> Services:
        windows = QApplication.topLevelWidgets()
        [window] = [w for w in windows if isinstance(w, MainWindow) and w.isVisible()]
        seen.append((window.has_painted(), window.loading))
        return real_open(data_dir)

    def fake_exec(*args: object) -> int:
        windows = QApplication.topLevelWidgets()
        for w in [w for w in windows if isinstance(w, MainWindow) and w.isVisible()]:
            qtbot.waitUntil(lambda w=w: not w.loading)  # read on a worker thread
            assert w.status_panel.cards is not None
            w.close()
            w.deleteLater()
        return 0

    monkeypatch.setattr(app.main, "open_services", open_services)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(tmp_path / "data", log_file=None) == 0
    assert seen == [(True, True)]


def test_attach_in_the_background_fills_in_when_the_read_is_done(
    qtbot: QtBot, qsettings: QSettings, services: Services
) -> None:
    services.trips.add(
        services.people.default().id, date(2025, 1, 10), date(2025, 1, 12), "SE", today=TODAY
    )
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.attach(window_services(services), background=True)
    qtbot.waitUntil(lambda: not window.loading)
    assert window.trip_table.model.rowCount() == 1
    assert window.pages.isEnabled()


def test_key_date_form_covers_every_key_date() -> None:
    # Was an import-time assert in key_dates_dialog, which would load SQLAlchemy at start.
    assert set(key_date_form()) == set(KEY_DATE_FIELDS)


def test_closing_the_window_while_the_data_opens_ends_the_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Qt quits when the last window closes, but not before exec(): without this the process
    # would wait in exec() for ever, with no window.
    real_wait = app.main._wait_for_first_paint

    def wait_then_close(window: MainWindow, timeout_ms: int = 2000) -> None:
        real_wait(window, timeout_ms)
        window.close()  # the user closes the loading window

    def no_exec(*args: object) -> int:
        raise AssertionError("exec() with no window")

    monkeypatch.setattr(app.main, "_wait_for_first_paint", wait_then_close)
    monkeypatch.setattr(QApplication, "exec", no_exec)
    assert run_gui(tmp_path / "data", log_file=None) == 0
