"""Issue 11 item 10: names and notes are shown as plain text in every Qt widget."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.main import Services
from app.services.errors import AppError
from app.ui import messages
from app.ui.main_window import MainWindow
from app.ui.trip_table_model import TripTableModel

from .helpers import TODAY

HEADING = '<h1 style="color:red">UDI: your permit is REVOKED</h1>'


def test_the_clear_all_trips_prompt_shows_a_name_as_typed(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = services.people.add(HEADING)
    services.trips.add(person.id, date(2024, 1, 1), date(2024, 1, 9), "SE", today=TODAY)
    window.switch_person(person.id)
    shown: list[tuple[Qt.TextFormat, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.textFormat(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    window.acts.clear_trips.trigger()
    assert len(shown) == 1
    assert shown[0][0] == Qt.TextFormat.PlainText
    assert HEADING in shown[0][1]


def test_error_messages_are_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    formats: list[Qt.TextFormat] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: formats.append(box.textFormat()) or 0)
    messages.show_error(None, AppError(f"There is no person called {HEADING!r}."))
    assert formats == [Qt.TextFormat.PlainText]


def test_a_note_in_a_tooltip_is_escaped(window: MainWindow, services: Services) -> None:
    me = services.people.default().id
    services.trips.add(me, date(2024, 1, 1), date(2024, 1, 9), "SE", note=HEADING, today=TODAY)
    window.switch_person(me)
    model = window.findChild(TripTableModel)
    assert model is not None
    tips = [
        str(model.index(0, column).data(Qt.ItemDataRole.ToolTipRole) or "")
        for column in range(model.columnCount())
    ]
    assert any("&lt;h1 style=&quot;color:red&quot;&gt;" in tip for tip in tips)
    assert not any("<h1" in tip for tip in tips)
