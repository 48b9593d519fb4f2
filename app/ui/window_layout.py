"""Remembering the window's size, position, splitter, tab and totals between runs (QSettings)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

# The status panel's share of a new window, before the user moves the splitter: room for
# the compact rule tiles, the rest for the trip table (purposes fit at 1280 px).
DEFAULT_SPLIT = (430, 830)


@dataclass(frozen=True, slots=True)
class LayoutParts:
    """The widgets whose state is remembered."""

    window: QMainWindow
    splitter: QSplitter
    tabs: QTabWidget
    year_totals: QAction


def restore_layout(q: QSettings, parts: LayoutParts, lazy_tabs: Collection[int]) -> int | None:
    """Put the window back as it was; returns a remembered tab in `lazy_tabs` to show later."""
    window = parts.window
    geometry = q.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        screen = window.screen().availableGeometry()
        window.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))
    state = q.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    splitter = q.value("window/splitter")
    if not (isinstance(splitter, QByteArray) and parts.splitter.restoreState(splitter)):
        parts.splitter.setSizes(list(DEFAULT_SPLIT))
    if str(q.value("window/year_totals", "false")).lower() == "true":
        parts.year_totals.setChecked(True)
    tab = str(q.value("window/tab", 0))
    index = int(tab) if tab.isdigit() and int(tab) < parts.tabs.count() else 0
    if index in lazy_tabs:
        return index
    parts.tabs.setCurrentIndex(index)
    return None


def save_layout(q: QSettings, parts: LayoutParts) -> None:
    """Store what `restore_layout` reads."""
    q.setValue("window/geometry", parts.window.saveGeometry())
    q.setValue("window/state", parts.window.saveState())
    q.setValue("window/splitter", parts.splitter.saveState())
    q.setValue("window/tab", parts.tabs.currentIndex())
    q.setValue("window/year_totals", parts.year_totals.isChecked())
    q.sync()
