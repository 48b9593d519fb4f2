"""While the window is loading, no action's keyboard shortcut reaches a pane (issue 12).

Before `build_panes` the panes do not exist, and before `attach` there are no services: an
action's key (Ctrl+F, Ctrl+N, Delete…) must do nothing then. The disabled menu bar and toolbar
already block them (Qt matches a window shortcut only through an enabled, visible widget that
holds the action); these tests pin that, for every action with a key.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow


def keyed_actions(window: MainWindow) -> list[QAction]:
    return [action for action in window.findChildren(QAction) if action.shortcuts()]


def press(window: MainWindow, key: QKeySequence) -> None:
    QTest.keySequence(window, key)


def count_triggers(actions: list[QAction]) -> list[str]:
    fired: list[str] = []
    for action in actions:
        action.triggered.disconnect()  # what a press would run needs the panes and services
        action.triggered.connect(lambda _checked=False, a=action: fired.append(a.text()))
    return fired


def test_no_shortcut_fires_before_the_panes_or_the_data(qtbot: QtBot, qsettings: QSettings) -> None:
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)  # shortcuts go to the active window only
    actions = keyed_actions(window)
    names = {action.text() for action in actions}
    assert {"&Find trips", "&New trip…", "&Delete trip…"} <= names  # the keys the issue names
    fired = count_triggers(actions)
    assert not window.panes_built
    for action in actions:
        for key in action.shortcuts():
            press(window, key)
    assert fired == []
    qtbot.waitUntil(lambda: window.panes_built)  # built, still waiting for the data
    assert window.loading
    window.trip_table.view.setFocus()  # where Delete would act
    for action in actions:
        for key in action.shortcuts():
            press(window, key)
    assert fired == []


def test_the_same_presses_fire_once_the_window_is_enabled(
    qtbot: QtBot, qsettings: QSettings
) -> None:
    """The check above can fail: with the menu bar enabled, the same press reaches Find."""
    window = MainWindow(None, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)  # shortcuts go to the active window only
    fired = count_triggers(keyed_actions(window))
    window.menuBar().setEnabled(True)
    press(window, window.acts.find.shortcut())
    assert fired == [window.acts.find.text()]
