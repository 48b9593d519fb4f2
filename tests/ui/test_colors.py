"""Status colours stay readable, and the dark palette really is dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from app.services.profile import Status
from app.ui.colors import (
    BADGE_COLORS,
    CLOSE_COLORS,
    contrast,
    dark_palette,
    is_dark,
    message_color,
)


@pytest.mark.parametrize("status", list(Status))
def test_badges_meet_wcag_aa(status: Status) -> None:
    background, text = BADGE_COLORS[status]
    assert contrast(QColor(background), QColor(text)) >= 4.5


def test_close_warning_meets_wcag_aa() -> None:
    assert contrast(QColor(CLOSE_COLORS[0]), QColor(CLOSE_COLORS[1])) >= 4.5


@pytest.mark.parametrize("error", [True, False])
def test_inline_messages_are_readable_on_light_and_dark(qtbot: QtBot, error: bool) -> None:
    light = QPalette(QColor("#efefef"))
    dark = dark_palette()
    assert not is_dark(light)
    assert is_dark(dark)
    for palette in (light, dark):
        window = palette.color(QPalette.ColorRole.Window)
        assert contrast(message_color(palette, error), window) >= 4.5
