"""The window's first frame comes before the data (issue 12): loading state, then `attach`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

import app.main
from app.main import Services, run_gui
from app.services.people import KEY_DATE_FIELDS
from app.ui.labels import key_date_form
from app.ui.main_window import MainWindow, loading_text

from .helpers import TODAY, window_services

REPO = Path(__file__).resolve().parents[2]


# What the window's first frame needs: the command line's entry, the composition root, the
# window's module and what `run_gui` imports before the window is shown.
FIRST_FRAME_IMPORTS = (
    "import app.cli, app.main, app.desktop, app.ui.language, app.ui.startup_trace, "
    "app.ui.main_window, app.ui.single_instance, app.ui.theme"
)
# Each costs the first frame a visible wait: SQLAlchemy 0.4 s, numpy 0.15 s, matplotlib 0.5 s,
# the planner 0.1 s, the whole command tree 0.1 s; the dialogs, the commands and the panes
# come after the first frame, when they are used or while the data opens (the message boxes
# and logging.handlers cost it about 5 and 7 ms).
NOT_BEFORE_THE_FIRST_FRAME = (
    "sqlalchemy",
    "numpy",
    "matplotlib",
    "alembic",
    "app.models",
    "app.services.engine",
    "app.services.assessment",
    "app.services.planner",
    "app.cli.parser",
    "app.cli.commands",
    "app.ui.trip_dialog",
    "app.ui.permit_dialog",
    "app.ui.key_dates_dialog",
    "app.ui.undo_commands",
    "app.ui.report_export",
    "app.ui.window_tasks",
    "app.ui.status_panel",
    "app.ui.trip_table",
    "app.ui.permits_view",
    "app.ui.messages",  # the message boxes: at the first message
    "logging.handlers",  # socket, pickle, queue: the log has its own rotation
)


def loaded_in_a_fresh_process(imports: str, watched: tuple[str, ...]) -> list[str]:
    probe = (
        f"import json, sys; {imports}; "
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_the_first_frame_loads_no_database_numbers_charts_dialogs_or_panes() -> None:
    # What Qt's own modules load is out of our hands (PySide6 6.6, the lowest we support,
    # imports numpy with QtGui).
    by_qt = set(loaded_in_a_fresh_process("import PySide6.QtWidgets", NOT_BEFORE_THE_FIRST_FRAME))
    loaded = loaded_in_a_fresh_process(FIRST_FRAME_IMPORTS, NOT_BEFORE_THE_FIRST_FRAME)
    assert [module for module in loaded if module not in by_qt] == []


def test_the_undo_commands_load_no_dialog() -> None:
    """`attach` builds the undo context while the window opens; the dialogs wait for a click."""
    dialogs = ("app.ui.trip_dialog", "app.ui.permit_dialog", "app.ui.key_dates_dialog")
    assert loaded_in_a_fresh_process("import app.ui.undo_commands", dialogs) == []


def test_opening_the_window_skips_the_command_tree(tmp_path: Path) -> None:
    # `borte` and `borte --data-dir D --lang nb` open the window without argparse's whole tree.
    from app.cli.options import window_arguments

    args = window_arguments(["--data-dir", str(tmp_path), "--lang", "nb", "--person", "Ola"])
    assert args is not None
    assert (args.data_dir, args.lang, args.person, args.command) == (
        str(tmp_path),
        "nb",
        "Ola",
        None,
    )
    assert window_arguments([]) is not None
    # A command, help, a version, a setup option, an abbreviation or a mistake: the whole tree
    # answers, as before.
    for arguments in (
        ["status"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--print-completion", "bash"],
        ["--data", str(tmp_path)],
        ["--lang", "xx"],
        ["--data-dir"],
        ["--person", "Ola", "trips", "list"],
    ):
        assert window_arguments(arguments) is None, arguments


def test_loading_state_shows_the_real_layout_and_allows_no_edits(
    qtbot: QtBot, qsettings: QSettings
) -> None:
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    assert not window.panes_built  # the first frame has a word where each pane goes
    qtbot.waitUntil(window.has_painted)
    qtbot.waitUntil(lambda: window.panes_built)  # just after the first frame
    assert window.loading
    assert window.pages.currentWidget() is window.splitter  # not the welcome page
    assert window.splitter.widget(0) is window.status_panel
    assert window.tabs.widget(0) is window.trip_table
    assert window.tabs.widget(1) is window.permits_view
    waiting = window.status_panel.widget()
    assert isinstance(waiting, QLabel)
    assert waiting.text() == loading_text()
    assert window.trip_table.count_label.text() == "Loading trips…"
    assert not window.menuBar().isEnabled()
    assert not window.toolbar.bar.isEnabled()
    assert not window.pages.isEnabled()
    with pytest.raises(RuntimeError, match="still opening"):
        _ = window.services


def test_the_panes_modules_are_imported_off_the_gui_thread(
    qtbot: QtBot, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported on the GUI thread, the panes' modules froze the window just on screen."""
    import importlib
    import types

    import app.ui.window_data as window_data
    from app.ui.main_window import PANE_MODULES

    importers: dict[str, threading.Thread] = {}

    def import_module(name: str) -> types.ModuleType:
        importers[name] = threading.current_thread()
        return importlib.import_module(name)

    monkeypatch.setattr(
        window_data, "importlib", types.SimpleNamespace(import_module=import_module)
    )
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.panes_built)
    assert set(importers) == set(PANE_MODULES)
    assert threading.main_thread() not in importers.values()


def test_no_module_imported_after_qt_has_its_source_read(tmp_path: Path) -> None:
    """PySide6 reads the source of each module imported after it, for switches Borte does
    not use (`app.ui.pyside_scan`); after `import app.ui` it reads none."""
    probe = (
        "import sys, linecache; sys.path.insert(0, sys.argv[1]); {first}; "
        "import borte_probe_module; "
        "print(borte_probe_module.__file__ in linecache.cache)"
    )

    def source_read(first: str, folder: Path) -> bool:
        done = subprocess.run(
            [sys.executable, "-c", probe.format(first=first), str(folder)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip() == "True"

    def fresh_folder(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "borte_probe_module.py").write_text("VALUE = 1\n", encoding="utf-8")
        return folder

    if not source_read("import PySide6.QtCore", fresh_folder("plain")):
        pytest.skip("this PySide6 reads no module's source")
    assert not source_read("import app.ui", fresh_folder("skipped"))


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


@pytest.mark.parametrize("observer", ["app", "window"])
def test_the_startup_trace_notes_each_milestone_and_quits(tmp_path: Path, observer: str) -> None:
    """What `bench/bench_startup.py` reads: after the first frame the trace watches the window
    alone (a filter on every event slowed what it measured) and still sees the numbers' paint;
    with the window observer it watches the window alone from the start."""
    env = {
        **os.environ,
        "BORTE_TRACE_OBSERVER": observer,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "BORTE_TRACE_STARTUP": "exit",
        "BORTE_TRACE_STALLS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "data")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    marks: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "borte-trace":
            marks[parts[1]] = float(parts[2])
    assert marks["qt-ready"] <= marks["first-frame"] <= marks["panes"] <= marks["status"]
    assert marks["data-open"] <= marks["data-read"] <= marks["status"]
    assert 0 < marks["longest-stall"] < 60
