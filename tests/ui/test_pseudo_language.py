"""No text in the window escapes the catalogue (issue 13).

The window runs in the pseudo-language, where every translated text comes back as "⟦…⟧". The
test opens the real window on example data, every tab and every dialog the menus open, and
reads every text a user can see or hear: labels, buttons, menus and actions, tabs, headers and
cells of the tables, combo items, tooltips, placeholders, accessible names, window titles, the
status bar and message boxes. Once the marked parts and the user's own data (names, notes,
places, paths, country names) are taken out, no letters may be left: numbers, dates and
punctuation aside, any word left is a text that bypassed `_()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.main import Services, open_services
from app.models.database import DATABASE_FILENAME
from app.services.countries import destination_choices
from app.services.file_check import DataFileProblem
from app.services.resources import resource_path
from app.services.wording import LANGUAGES
from app.services.wording.core import PSEUDO_LANGUAGE
from app.ui.data_file_dialog import DataFileDialog
from app.ui.language import apply_language
from app.ui.main_window import MainWindow
from app.ui.widgets import CountryCombo

from .helpers import window_services

_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_TAGS = re.compile(r"<[^>]+>")
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_PATH = re.compile(r"(?:https?://|(?:[A-Za-z]:)?[/\\])\S+")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*(?:[ ,:]+[^\W\d_][\w'’-]*){2}")
# Words that are names, not sentences: the app's own, units and formats of files, and the
# languages, each named in itself.
_NAMES = ("Borte", "UDI", "udi.no", "PDF", "CSV", "JSON", "PNG", "SVG", *LANGUAGES.values())
_SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"


def _services_source() -> str:
    """The services' code and the rule files: where texts the window shows may come from."""
    parts = [p.read_text(encoding="utf-8") for p in _SERVICES.rglob("*.py")]
    rules = resource_path("rules")
    parts += [p.read_text(encoding="utf-8") for p in Path(str(rules)).rglob("*") if p.is_file()]
    return "\n".join(parts)


class Texts:
    """Every text seen, with where it was seen; `escapes()` lists the untranslated ones."""

    def __init__(self, user_data: set[str]) -> None:
        self.seen: list[tuple[str, str]] = []  # where, text
        # Longest first, so "Kari Nordmann" goes before "Kari".
        self.user_data = sorted((d for d in user_data if d), key=len, reverse=True)

    def add(self, where: str, text: str | None, widget: QWidget | None = None) -> None:
        if text:
            self.seen.append((where, text))

    def left_over(self, text: str) -> str:
        """What of `text` is neither marked nor data: letters here escaped the catalogue."""
        rest = _TAGS.sub(" ", text.replace("&amp;", "&").replace("&nbsp;", " "))
        previous = None
        while previous != rest:  # "⟦Delete {trip}?⟧" around "⟦your trip⟧": inner first
            previous, rest = rest, _MARKED.sub(" ", rest)
        for data in self.user_data:
            rest = rest.replace(data, " ")
        rest = _PATH.sub(" ", rest)
        for name in _NAMES:
            rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest)
        return rest if _LETTER.search(rest) else ""

    def escapes(self, *, services: bool = False) -> list[str]:
        """Texts outside the catalogue: in the window's own code (default), or those that
        come from the services (`services`)."""
        out = []
        source = _services_source()
        for where, text in self.seen:
            rest = self.left_over(text)
            if rest and _from_services(rest, source) == services:
                out.append(f"{where}: {text!r}")
        return sorted(set(out))


def _from_services(rest: str, source: str) -> bool:
    """Whether a run of three words of `rest` is written in the services' code or rules."""
    if any(run.group(0) in source for run in _WORDS.finditer(rest)):
        return True
    # A short text ("line 2"): a string in the services' code that starts with its first word.
    first = _LETTER_RUN.search(rest)
    return (
        first is not None and re.search(f"[\"']{re.escape(first.group(0))}\\b", source) is not None
    )


def _in_calendar(widget: QWidget) -> bool:
    """Inside a calendar popup: month and day names are the locale's (CLDR), not sentences."""
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def walk(texts: Texts, root: QWidget, where: str) -> None:
    """Read every text `root` and its children show or say."""
    texts.add(f"{where} title", root.windowTitle(), root)
    for widget in [root, *root.findChildren(QWidget)]:
        if _in_calendar(widget):
            continue
        at = f"{where} {_name(widget)}"
        for kind, text in (
            ("tooltip", widget.toolTip()),
            ("status tip", widget.statusTip()),
            ("accessible name", widget.accessibleName()),
            ("accessible description", widget.accessibleDescription()),
        ):
            texts.add(f"{at} {kind}", text, widget)
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(f"{at} text", widget.text(), widget)
        elif isinstance(widget, QGroupBox):
            texts.add(f"{at} title", widget.title(), widget)
        elif isinstance(widget, QLineEdit):
            texts.add(f"{at} placeholder", widget.placeholderText(), widget)
        elif isinstance(widget, QPlainTextEdit) and widget.isReadOnly():
            texts.add(f"{at} text", widget.toPlainText(), widget)
        # Country names are data (CLDR's, in the language); the person switcher holds names.
        if isinstance(widget, QComboBox) and not isinstance(widget, CountryCombo):
            for i in range(widget.count()):
                texts.add(f"{at} item {i}", widget.itemText(i), widget)
        if isinstance(widget, QSpinBox):
            texts.add(f"{at} suffix", widget.suffix(), widget)
            texts.add(f"{at} prefix", widget.prefix(), widget)
        if isinstance(widget, QAbstractSpinBox):
            texts.add(f"{at} special value", widget.specialValueText(), widget)
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                texts.add(f"{at} tab {i}", widget.tabText(i), widget)
                texts.add(f"{at} tab {i} tooltip", widget.tabToolTip(i), widget)
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                texts.add(f"{at} tab {i}", widget.tabText(i), widget)
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                item = widget.item(i)
                texts.add(f"{at} item {i}", item.text() if item else "", widget)
        if (
            isinstance(widget, QAbstractItemView)
            and not isinstance(widget, QListWidget)
            and widget.model() is not None
        ):
            _walk_model(texts, widget, at)
        if isinstance(widget, QMenu):
            texts.add(f"{at} title", widget.title(), widget)
    for action in root.findChildren(QAction):
        owner = action.parent()
        widget = owner if isinstance(owner, QWidget) else root
        if _in_calendar(widget):
            continue
        at = f"{where} action {action.objectName() or action.text()!r}"
        for kind, text in (
            ("text", action.text()),
            ("icon text", action.iconText()),
            ("tooltip", action.toolTip()),
            ("status tip", action.statusTip()),
        ):
            texts.add(f"{at} {kind}", text, widget)


def _walk_model(texts: Texts, view: QAbstractItemView, at: str) -> None:
    model = view.model()
    columns = model.columnCount(QModelIndex())
    for section in range(columns):
        for role, kind in (
            (Qt.ItemDataRole.DisplayRole, "header"),
            (Qt.ItemDataRole.ToolTipRole, "header tooltip"),
        ):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            texts.add(f"{at} {kind} {section}", value if isinstance(value, str) else "", view)
    for row in range(min(model.rowCount(QModelIndex()), 40)):
        for column in range(columns):
            index = model.index(row, column, QModelIndex())
            for role, kind in (
                (Qt.ItemDataRole.DisplayRole, "cell"),
                (Qt.ItemDataRole.ToolTipRole, "cell tooltip"),
                (Qt.ItemDataRole.AccessibleTextRole, "cell accessible text"),
            ):
                value = model.data(index, role)
                if isinstance(value, str):
                    texts.add(f"{at} {kind} {row},{column}", value, view)


@pytest.fixture
def pseudo() -> Iterator[None]:
    apply_language(PSEUDO_LANGUAGE)
    try:
        yield
    finally:
        apply_language("en")


@pytest.fixture
def texts() -> Texts:
    return Texts(set())


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, texts: Texts) -> list[str]:
    """Every dialog and message box shown is read in place of showing it (and answered
    "Cancel"); returns their class names."""
    shown: list[str] = []

    def exec_(self: QDialog) -> int:
        read_dialog(texts, self, f"dialog {len(shown)} {type(self).__name__}")
        shown.append(type(self).__name__)
        return 0

    for cls in (QDialog, QMessageBox, QWizard, QFileDialog, QInputDialog):
        if "exec" in vars(cls):
            monkeypatch.setattr(cls, "exec", exec_)
    return shown


def read_dialog(texts: Texts, dialog: QWidget, where: str) -> None:
    walk(texts, dialog, where)
    if isinstance(dialog, QMessageBox):
        texts.add(f"{where} informative text", dialog.informativeText())


def user_data(services: Services, tmp_path: Path) -> set[str]:
    data: set[str] = {str(tmp_path), str(services.data_dir)}
    for person in services.people.list():
        data |= {person.name, person.full_name or ""}
        for trip in services.trips.list(person.id):
            data |= {trip.note, trip.destination or ""}
        for permit in services.permits.list(person.id):
            data.add(permit.note)
    for code, name in destination_choices():
        data |= {name, code}
    return data


def test_every_window_text_goes_through_the_catalogue(
    pseudo: None,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
    texts: Texts,
) -> None:
    qsettings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(window_services(services), qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    walk(texts, window, "welcome")  # the first run: the welcome page

    window.tasks.explore_example()
    window.load_panels()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        walk(texts, window, f"tab {index}")
    texts.add("status bar", window.statusBar().currentMessage())

    # Static dialogs: record what they would say.
    asked: list[tuple[str, ...]] = []

    def get_text(parent: QWidget, title: str, label: str, *args: Any) -> tuple[str, bool]:
        asked.append((title, label))
        return "", False

    def file_name(parent: QWidget, title: str, suggested: str = "", filters: str = "") -> Any:
        asked.append((title, filters))
        return "", ""

    def folder(parent: QWidget, title: str, *args: Any) -> str:
        asked.append((title,))
        return ""

    def about(parent: QWidget, title: str, text: str) -> None:
        asked.append((title, text))

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", file_name)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", file_name)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    monkeypatch.setattr(QMessageBox, "about", about)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)

    window.trip_table.view.selectRow(0)
    a = window.acts
    for action in (
        a.new_trip,
        a.edit_trip,
        a.delete_trip,
        a.clear_trips,
        a.new_permit,
        a.key_dates,
        a.checklist,
        a.settings,
        a.backups,
        a.new_person,
        a.rename_person,
        a.person_details,
        a.delete_person,
        a.import_csv,
        a.export_csv,
        a.export_all,
        a.export_report,
        a.about,
    ):
        action.trigger()
        QApplication.processEvents()
    window.welcome.setup_button.click()  # the set-up guide
    window.permits_view.view.selectRow(0)
    window.permits_view.edit_button.click()
    window.tasks.change_language("nb")  # asks to restart (answered "Cancel")
    assert not window.restart_requested
    # An import to review, and one refused with its list of bad lines.
    good = tmp_path / "trips.csv"
    good.write_text("departure,return,destination\n2025-01-02,2025-01-05,SE\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("departure,return,destination\nyesterday,2025-01-05,SE\n", encoding="utf-8")
    for chosen in (good, bad):
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *args, path=chosen: (str(path), "")
        )
        a.import_csv.trigger()
        QApplication.processEvents()
    # The dialog shown instead of the window when the data file cannot be opened.
    db = services.data_dir / DATABASE_FILENAME
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / DATABASE_FILENAME).write_bytes(db.read_bytes()[:1500])
    with pytest.raises(DataFileProblem) as problem:
        open_services(damaged)
    read_dialog(texts, DataFileDialog(None, problem.value), "data file dialog")
    assert {
        "TripDialog",
        "PermitDialog",
        "KeyDatesDialog",
        "ChecklistDialog",
        "PersonDetailsDialog",
        "SettingsDialog",
        "BackupsDialog",
        "ReportOptionsDialog",
        "SetupWizard",
        "ImportReviewDialog",
        "ImportErrorsDialog",
        "QMessageBox",
    } <= set(dialogs), dialogs

    for n, said in enumerate(asked):
        for part in said:
            texts.add(f"asked {n}", part)

    texts.user_data = sorted((d for d in user_data(services, tmp_path) if d), key=len, reverse=True)
    # The window's own texts and those it shows from the services (listed apart, to say
    # where to look).
    escaped = [*texts.escapes(), *(f"(services) {t}" for t in texts.escapes(services=True))]
    assert not escaped, "Texts outside the catalogue:\n" + "\n".join(escaped)
