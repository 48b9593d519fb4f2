"""The window's language (issue 13): the Settings choice, Qt's own texts and the date fields in
Norwegian bokmål."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialogButtonBox,
    QMessageBox,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.wording import current_language
from app.ui.language import (
    LANGUAGE_KEY,
    apply_language,
    resolve_language,
    store_language,
    stored_language,
    system_language,
)
from app.ui.main_window import MainWindow
from app.ui.qt_dates import edit_format, show_date, show_number
from app.ui.qt_words import BOKMAL
from app.ui.settings_dialog import SettingsDialog, SettingsValues
from app.ui.widgets import make_date_edit

from .helpers import window_services


@pytest.fixture
def bokmal() -> Iterator[None]:
    apply_language("nb")
    try:
        yield
    finally:
        apply_language("en")


def test_qt_standard_buttons_read_norwegian(bokmal: None, qtbot: QtBot) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel
    )
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Avbryt", "Ja", "Nei"]
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
        | QDialogButtonBox.StandardButton.Ok
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text().replace("&", "") for b in buttons.buttons()) == [
        "Avbryt",
        "Lagre",
        "Lukk",
        "OK",
    ]
    wizard = QWizard()
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Neste >"
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< &Tilbake"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "&Fullfør"


def test_english_keeps_qt_own_texts(qtbot: QtBot) -> None:
    apply_language("en")
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["No", "Yes"]


def test_every_bokmal_qt_text_is_one_qt_asks_for() -> None:
    """Each key is a real (context, source) of Qt: Qt's own nynorsk catalogue knows it.

    A misspelt source text would silently stay English; nynorsk is the closest catalogue
    PySide6 ships, and it holds every text translated here.
    """
    nynorsk = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert nynorsk.load("qtbase_nn", folder)
    unknown = [
        (context, source)
        for context, texts in BOKMAL.items()
        for source in texts
        if not nynorsk.translate(context, source)
    ]
    assert unknown == []
    assert all(text for texts in BOKMAL.values() for text in texts.values())


def test_date_fields_and_numbers_in_bokmal(bokmal: None, qtbot: QtBot) -> None:
    edit = make_date_edit(None, date(2025, 3, 5), "Departure")
    qtbot.addWidget(edit)
    assert edit_format() == "dd.MM.yyyy"
    assert edit.displayFormat() == "dd.MM.yyyy"
    assert edit.text() == "05.03.2025"
    assert show_date(date(2025, 3, 5)) == "05.03.2025"
    assert show_number(2000) == "2\u00a0000"
    # The calendar popup names the months and days in bokmål and starts on Monday.
    calendar = edit.calendarWidget()
    assert isinstance(calendar, QCalendarWidget)
    assert calendar.locale().language() == QLocale.Language.NorwegianBokmal
    assert calendar.locale().monthName(3) == "mars"
    assert calendar.firstDayOfWeek().name == "Monday"


def test_english_keeps_iso_dates(qtbot: QtBot) -> None:
    apply_language("en")
    edit = make_date_edit(None, date(2025, 3, 5), "Departure")
    qtbot.addWidget(edit)
    assert edit.text() == "2025-03-05"
    assert show_number(2000) == "2,000"


def test_the_choice_is_remembered_per_user_and_borte_lang_overrides_it(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    assert stored_language(settings) == "system"
    store_language(settings, "nb")
    assert stored_language(settings) == "nb"
    settings.setValue(LANGUAGE_KEY, "klingon")
    assert stored_language(settings) == "system"
    assert resolve_language("nb", {}) == "nb"
    assert resolve_language("en", {"BORTE_LANG": "nb"}) == "nb"
    assert resolve_language("nb", {"BORTE_LANG": "en_GB.UTF-8"}) == "en"
    norwegian = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)
    assert resolve_language("system", {}, norwegian) == "nb"
    assert system_language(QLocale(QLocale.Language.NorwegianNynorsk)) == "nb"
    assert system_language(QLocale(QLocale.Language.German)) == "en"


def test_settings_offer_the_three_choices(qtbot: QtBot, tmp_path: Path) -> None:
    initial = SettingsValues("inclusive", 12, 14, language="nb")
    dialog = SettingsDialog(None, initial=initial, data_dir=tmp_path)
    qtbot.addWidget(dialog)
    items = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert items == ["Follow the system", "English", "Norsk bokmål"]
    assert dialog.entered().language == "nb"
    dialog.language.setCurrentIndex(1)
    assert dialog.entered().language == "en"
    # The units follow the number.
    dialog.waiting.setValue(1)
    assert dialog.waiting.suffix() == " month"
    dialog.waiting.setValue(3)
    assert dialog.waiting.suffix() == " months"


def test_changing_the_language_stores_it_and_restarts_on_request(
    services: Services, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_language("en")
    qsettings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(window_services(services), qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    answers: list[bool] = []
    monkeypatch.setattr("app.ui.messages.confirm", lambda *args: answers.pop())
    answers.append(False)  # "Cancel": stored, shown at the next start
    window.tasks.change_language("nb")
    assert stored_language(qsettings) == "nb"
    assert not window.restart_requested
    assert window.isVisible()
    assert current_language() == "en"  # the window keeps its language until it restarts
    answers.append(True)  # "Restart now": the window closes; app/main.py starts Borte again
    window.tasks.change_language("nb")
    assert window.restart_requested
    assert not window.isVisible()
    # Back to the language on screen: nothing to restart for.
    window.restart_requested = False
    window.tasks.change_language("en")
    assert stored_language(qsettings) == "en"
    assert not window.restart_requested


def test_a_restart_for_a_new_language_drops_lang_from_the_command_line() -> None:
    from app.main import without_lang

    assert without_lang(["-m", "app", "--lang", "en", "--data-dir", "d"]) == [
        "-m",
        "app",
        "--data-dir",
        "d",
    ]
    assert without_lang(["--lang=nb", "x"]) == ["x"]


def test_the_import_review_shows_and_edits_dates_the_norwegian_way(
    bokmal: None, services: Services, tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt

    from app.ui.import_review import ImportReviewModel

    path = tmp_path / "reiser.csv"
    path.write_text("Avreise;Hjemkomst;Land\n01.02.2025;05.02.2025;Sverige\n", encoding="utf-8")
    me = services.people.default().id
    proposal = services.trips.importer().propose(me, path, today=date(2025, 6, 30))
    model = ImportReviewModel(proposal.candidates, date(2025, 6, 30))
    departure = model.index(0, 1)
    assert departure.data(Qt.ItemDataRole.DisplayRole) == "01.02.2025"
    assert departure.data(Qt.ItemDataRole.EditRole) == "01.02.2025"
    assert model.setData(model.index(0, 2), "06.02.2025")
    assert model.rows[0].values.return_date == date(2025, 2, 6)
    assert model.index(0, 3).data() == "Sverige (SE)"
