"""Issue 17: the theme in Settings, the destination box, and person details for the report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.main import Services
from app.ui.colors import is_dark
from app.ui.main_window import MainWindow
from app.ui.person_dialog import PersonDetailsDialog
from app.ui.settings_dialog import SettingsDialog, SettingsValues
from app.ui.theme import THEME_KEY, ThemeSwitcher, stored_theme
from app.ui.trip_dialog import TripDialog
from app.ui.widgets import CountryCombo, fonts_have_flags

from .helpers import TODAY, me


@pytest.fixture
def app_theme(qapp: QApplication) -> Iterator[ThemeSwitcher]:
    """A switcher over the test application, put back to the system look afterwards."""
    switcher = ThemeSwitcher(qapp)
    yield switcher
    switcher.apply("system", environ={})


def test_theme_choice_is_remembered_per_user_and_applied(
    window: MainWindow,
    qsettings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    app_theme: ThemeSwitcher,
    qtbot: QtBot,
) -> None:
    window.theme = app_theme
    monkeypatch.delenv("BORTE_DARK", raising=False)
    assert stored_theme(qsettings) == "system"
    monkeypatch.setattr(
        SettingsDialog, "ask", lambda *a, **k: SettingsValues("inclusive", 24, 14, 10, "dark")
    )
    window.acts.settings.trigger()
    assert qsettings.value(THEME_KEY) == "dark"
    assert is_dark(QApplication.palette())
    qtbot.waitUntil(lambda: is_dark(window.palette()))
    monkeypatch.setattr(
        SettingsDialog, "ask", lambda *a, **k: SettingsValues("inclusive", 24, 14, 10, "light")
    )
    window.acts.settings.trigger()
    assert stored_theme(qsettings) == "light"
    assert not is_dark(QApplication.palette())
    # Not a data-file setting: the database is untouched.
    assert window.services.settings.convention() == "inclusive"


def test_borte_dark_still_forces_dark(app_theme: ThemeSwitcher) -> None:
    assert app_theme.apply("light", environ={"BORTE_DARK": "1"}) == "dark"
    assert is_dark(QApplication.palette())
    assert app_theme.apply("system", environ={}) == "system"


def test_settings_dialog_offers_the_three_themes(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(
        None, initial=SettingsValues("inclusive", 24, 14, 10, "dark"), data_dir=tmp_path
    )
    qtbot.addWidget(dialog)
    labels = [dialog.theme.itemText(i) for i in range(dialog.theme.count())]
    assert labels == ["Follow the system", "Light", "Dark"]
    assert dialog.entered().theme == "dark"
    dialog.theme.setCurrentIndex(0)
    assert dialog.entered().theme == "system"


def test_stored_nonsense_means_system(qsettings: QSettings) -> None:
    qsettings.setValue(THEME_KEY, "purple")
    assert stored_theme(qsettings) == "system"


def test_charts_follow_the_window_theme(
    window: MainWindow, services: Services, app_theme: ThemeSwitcher, qtbot: QtBot
) -> None:
    from matplotlib.colors import to_hex

    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 9), "SE", today=TODAY)
    window.refresh()
    window.load_panels()
    assert window.chart_slot.panel is not None
    window.show_page(window.chart_slot)
    chart = window.chart_slot.panel.chart_widget
    assert chart.theme == "light"
    assert to_hex(chart.figure.patch.get_facecolor()) == "#ffffff"
    app_theme.apply("dark", environ={})
    qtbot.waitUntil(lambda: chart.theme == "dark")
    qtbot.waitUntil(lambda: to_hex(chart.figure.patch.get_facecolor()) == "#1f1f1f")
    app_theme.apply("system", environ={})
    qtbot.waitUntil(lambda: to_hex(chart.figure.patch.get_facecolor()) == "#ffffff")


# --- Destination --------------------------------------------------------------------------------


def test_destination_is_found_by_name_or_code(qtbot: QtBot) -> None:
    box = CountryCombo(flags=False)
    qtbot.addWidget(box)
    completer = box.completer()
    assert completer is not None
    for typed in ("swe", "(SE)", "Sweden"):
        completer.setCompletionPrefix(typed)
        found = [
            completer.completionModel().index(i, 0).data()
            for i in range(completer.completionCount())
        ]
        assert "Sweden (SE)" in found, typed
    box.setEditText("se")
    assert box.code() == "SE"
    box.setEditText("svalbard and jan mayen")
    assert box.code() == "SJ"


def test_flags_only_where_the_font_has_them(qtbot: QtBot) -> None:
    plain = CountryCombo()
    qtbot.addWidget(plain)
    # DejaVu (the test machine's only font) has no flag glyphs: names and codes only.
    assert plain.flags == fonts_have_flags(plain.font())
    if not plain.flags:
        assert plain.itemText(plain.findData("SE")) == "Sweden (SE)"
    flagged = CountryCombo(flags=True)
    qtbot.addWidget(flagged)
    assert flagged.itemText(flagged.findData("SE")) == "\U0001f1f8\U0001f1ea Sweden (SE)"
    flagged.setCurrentIndex(flagged.findData("SE"))
    assert flagged.code() == "SE"


def test_svalbard_and_ukraine_are_explained_when_chosen(qtbot: QtBot) -> None:
    dialog = TripDialog(None, today=TODAY, find_overlaps=lambda d, r: [], initial=None, title="T")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.destination_hint.isHidden()
    dialog.destination.setEditText("SJ")
    assert dialog.destination_hint.isVisible()
    assert "outside Schengen" in dialog.destination_hint.text()
    dialog.destination.setEditText("Ukraine (UA)")
    assert "collective protection" in dialog.destination_hint.text()
    assert "revoke" in dialog.destination_hint.text()
    dialog.destination.setEditText("Sweden")
    assert dialog.destination_hint.isHidden()


# --- Person details -----------------------------------------------------------------------------


def test_person_details_are_checked_and_saved(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    person = services.people.get(me(services))
    dialog = PersonDetailsDialog(None, person=person, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.number.setText("12 34")
    assert not dialog.save_button.isEnabled()
    assert "is not a D-number" in dialog.message.text()
    dialog.number.setText("410188 12345")
    dialog.full_name.setText("Kari  Nordmann")
    dialog.born_on.set_value(date(1988, 1, 4))
    assert dialog.save_button.isEnabled()
    entered = dialog.entered()
    monkeypatch.setattr(PersonDetailsDialog, "ask", classmethod(lambda cls, *a, **k: entered))
    window.acts.person_details.trigger()
    saved = services.people.get(person.id)
    assert (saved.full_name, saved.born_on, saved.reference_number) == (
        "Kari Nordmann",
        date(1988, 1, 4),
        "41018812345",
    )
    assert window.permits_view.identity_label.text() == (
        "Kari Nordmann, born 1988-01-04, 410188 12345"
    )
    again = PersonDetailsDialog(None, person=saved, today=TODAY)
    qtbot.addWidget(again)
    assert again.number.text() == "410188 12345"


def test_counts_read_in_the_right_number(window: MainWindow, services: Services) -> None:
    from app.services.profile import PermitKind

    person = me(services)
    services.trips.add(person, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)
    services.permits.add(person, PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31))
    window.refresh()
    message = window.statusBar().currentMessage()
    assert message.startswith("Me: 1 trip, 1 permit.")
