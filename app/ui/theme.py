"""The window's theme: light, dark, or whatever the system uses; remembered per user.

The choice lives in QSettings (the user's own configuration), not in the data file: two people
sharing a household file each keep their own theme. `BORTE_DARK=1` still forces dark, for
screenshots under Xvfb where no desktop supplies a palette.
"""

from __future__ import annotations

import os
from typing import Literal

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.services.wording import _
from app.ui.colors import dark_palette

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[ThemeChoice, ...] = ("system", "light", "dark")
THEME_KEY = "appearance/theme"
DARK_ENV = "BORTE_DARK"


def theme_label(choice: ThemeChoice) -> str:
    """How the Settings choice reads."""
    return {"system": _("Follow the system"), "light": _("Light"), "dark": _("Dark")}[choice]


def stored_theme(settings: QSettings) -> ThemeChoice:
    """The theme this user chose ("system" when none or an unknown value is stored)."""
    value = str(settings.value(THEME_KEY, "system"))
    for choice in THEME_CHOICES:
        if value == choice:
            return choice
    return "system"


def store_theme(settings: QSettings, theme: ThemeChoice) -> None:
    """Remember the user's theme."""
    settings.setValue(THEME_KEY, theme)


class ThemeSwitcher:
    """Applies a theme to the application, and can go back to the system's own look."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        style = app.style()
        self._system_style = style.name() if style is not None else "Fusion"
        self._system_palette = QPalette(app.palette())
        self.current: ThemeChoice = "system"

    def apply(self, theme: ThemeChoice, environ: dict[str, str] | None = None) -> ThemeChoice:
        """Switch to `theme` (BORTE_DARK=1 overrides it with dark); returns what was applied."""
        env = os.environ if environ is None else environ
        if env.get(DARK_ENV) == "1":
            theme = "dark"
        if theme == "system" and self.current == "system":
            pass  # as the app started: setting the same style again costs the first frame
        elif theme == "system":
            self.app.setStyle(self._system_style)
            self.app.setPalette(self._system_palette)
        else:
            # Fusion draws every widget from the palette, so both themes look whole.
            self.app.setStyle("Fusion")
            palette = dark_palette() if theme == "dark" else _light_palette()
            self.app.setPalette(palette)
        self.current = theme
        return theme


def _light_palette() -> QPalette:
    fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette() if fusion is not None else QPalette()
