"""Fixtures for the window tests: services on a temporary data folder, a pinned "today"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.main import Services, open_services
from app.ui.main_window import MainWindow

from .helpers import window_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Window settings in a file of this test's own, never the user's."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, services: Services, qsettings: QSettings) -> MakeWindow:
    """Build (and show) a main window over `services`; call again for a second one.

    The chart and planner panels load only when a test asks (`load_panels()` or their tab),
    or with `make_window(load_panels_after_paint=True)` as in the app.
    """

    def make(load_panels_after_paint: bool = False) -> MainWindow:
        win = MainWindow(
            window_services(services),
            qsettings=qsettings,
            load_panels_after_paint=load_panels_after_paint,
        )
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    return make


@pytest.fixture
def window(make_window: MakeWindow) -> MainWindow:
    return make_window()
