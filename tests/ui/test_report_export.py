"""File > Export report: the save dialog, the worker thread, progress, errors."""

from __future__ import annotations

import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import app.services.report as report_package
from app.main import Services
from app.services.errors import AppError
from app.services.report_scope import ReportOptions
from app.ui import messages, report_export
from app.ui.main_window import MainWindow
from app.ui.report_export import FOLDER_KEY, default_paper, file_name
from app.ui.report_options import ReportOptionsDialog

from .helpers import TODAY, me


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: answers `answer`, records each call."""

    def __init__(self) -> None:
        self.answer: Path | str = ""
        self.calls: list[tuple[str, str, str]] = []

    def __call__(
        self, parent: object, caption: str, suggested: str, filters: str
    ) -> tuple[str, str]:
        self.calls.append((caption, suggested, filters))
        return str(self.answer), filters


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch) -> SaveDialog:
    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


class OptionsDialog:
    """Stands in for ReportOptionsDialog.ask: answers `answer` (default: the defaults)."""

    def __init__(self) -> None:
        self.answer: ReportOptions | None = ReportOptions()
        self.calls: list[dict[str, Any]] = []

    def __call__(self, parent: object, **kwargs: Any) -> ReportOptions | None:
        self.calls.append(kwargs)
        return self.answer


@pytest.fixture(autouse=True)
def options(monkeypatch: pytest.MonkeyPatch) -> OptionsDialog:
    dialog = OptionsDialog()
    monkeypatch.setattr(ReportOptionsDialog, "ask", dialog)
    return dialog


def export(window: MainWindow, qtbot: QtBot) -> Any:
    with qtbot.waitSignal(window.report_export.finished, timeout=20_000) as blocker:
        window.acts.export_report.trigger()
    return blocker.args[0]


def test_the_action_is_in_the_file_menu(window: MainWindow) -> None:
    file_action = window.menuBar().actions()[0]  # kept: PySide6 6.6 frees the menu with it
    file_menu = file_action.menu()
    assert window.acts.export_report in file_menu.actions()
    assert window.acts.export_report.text() == "Export &report (PDF)…"


def test_export_writes_the_report_and_remembers_the_folder(
    window: MainWindow, services: Services, qtbot: QtBot, tmp_path: Path, save_as: SaveDialog
) -> None:
    services.people.rename(me(services), "Åse Ødegård")
    services.trips.add(me(services), date(2025, 1, 10), date(2025, 1, 20), "SE", today=TODAY)
    window.refresh()
    folder = tmp_path / "reports"
    folder.mkdir()
    save_as.answer = folder / "mine"  # no suffix: .pdf is added
    info = export(window, qtbot)
    path = folder / "mine.pdf"
    assert info.path == path
    reader = PdfReader(path)
    assert len(reader.pages) == info.pages
    assert "Åse Ødegård" in reader.pages[0].extract_text()
    assert window.statusBar().currentMessage() == f"Saved a {info.pages}-page report to {path}."
    assert window.acts.export_report.isEnabled()
    # The dialog suggested a file in the home folder first, then in the folder used last.
    caption, suggested, filters = save_as.calls[0]
    assert caption == "Export report"
    assert Path(suggested).name == "borte-report-åse-ødegård-2025-06-30.pdf"
    assert "*.pdf" in filters
    assert window._qsettings.value(FOLDER_KEY) == str(folder)
    save_as.answer = folder / "again.pdf"
    export(window, qtbot)
    assert Path(save_as.calls[1][1]).parent == folder


def test_cancelling_the_dialog_writes_nothing(
    window: MainWindow, save_as: SaveDialog, tmp_path: Path
) -> None:
    save_as.answer = ""
    window.acts.export_report.trigger()
    assert not window.report_export.running
    assert window._qsettings.value(FOLDER_KEY) is None
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_slow_export_shows_progress(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    save_as: SaveDialog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = report_package.build_report

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.8)
        return real(*args, **kwargs)

    monkeypatch.setattr(report_package, "build_report", slow)
    save_as.answer = tmp_path / "slow.pdf"
    with qtbot.waitSignal(window.report_export.finished, timeout=20_000):
        window.acts.export_report.trigger()
        assert window.report_export.running
        assert not window.acts.export_report.isEnabled()
        assert window.report_export.progress is None  # not at once
        qtbot.waitUntil(
            lambda: (
                window.report_export.progress is not None
                and window.report_export.progress.isVisible()
            ),
            timeout=5_000,
        )
        assert window.report_export.progress.labelText() == "Writing the report…"
    assert window.report_export.progress is None
    assert (tmp_path / "slow.pdf").exists()


def test_a_fast_export_shows_no_progress(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, save_as: SaveDialog
) -> None:
    shown: list[bool] = []
    window.report_export._timer.timeout.connect(
        lambda: shown.append(window.report_export.progress is not None)
    )
    save_as.answer = tmp_path / "fast.pdf"
    started = time.perf_counter()
    export(window, qtbot)
    if time.perf_counter() - started < report_export.PROGRESS_DELAY_MS / 1000:
        assert shown == []


def test_a_folder_that_does_not_exist_is_a_message(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    save_as: SaveDialog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[AppError] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, err: shown.append(err))
    save_as.answer = tmp_path / "missing" / "r.pdf"
    with qtbot.waitSignal(window.report_export.failed, timeout=20_000):
        window.acts.export_report.trigger()
    [error] = shown
    assert "does not exist" in str(error)
    assert window.acts.export_report.isEnabled()
    assert window.statusBar().currentMessage() == ""


def test_an_unexpected_error_goes_to_the_crash_handler(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    save_as: SaveDialog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("bug")

    hooked: list[BaseException] = []
    monkeypatch.setattr(report_package, "build_report", broken)
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: hooked.append(exc))
    save_as.answer = tmp_path / "r.pdf"
    with qtbot.waitSignal(window.report_export.failed, timeout=20_000):
        window.acts.export_report.trigger()
    [error] = hooked
    assert isinstance(error, ZeroDivisionError)
    assert not window.report_export.running


def test_file_names_and_paper() -> None:
    assert file_name("Kari Nordmann", date(2025, 6, 30)) == (
        "borte-report-kari-nordmann-2025-06-30.pdf"
    )
    assert file_name('a/b\\c:*?"<>|', date(2025, 1, 1)) == "borte-report-a-b-c-2025-01-01.pdf"
    assert file_name("...", date(2025, 1, 1)) == "borte-report-person-2025-01-01.pdf"
    assert default_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        "letter"
    )
    assert default_paper(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)) == "a4"


def test_the_options_dialog_proposes_the_default_periods_and_planned_trips(
    services: Services, qtbot: QtBot
) -> None:
    from app.services.report_scope import Period

    recorded = Period(date(2023, 7, 1), date(2025, 6, 30), "the earliest date a rule looks at")
    planned = Period(date(2023, 7, 1), date(2025, 9, 10), "the earliest date a rule looks at")
    dialog = ReportOptionsDialog(None, recorded=recorded, with_planned=planned, planned=2)
    qtbot.addWidget(dialog)
    assert dialog.entered() == ReportOptions()  # untouched: the defaults
    assert "2023-07-01 to 2025-06-30" in dialog.hint.text()
    dialog.planned.setChecked(True)
    # The end follows the choice; the options still say "default".
    assert dialog.period_to.date().toString("yyyy-MM-dd") == "2025-09-10"
    assert dialog.entered() == ReportOptions(include_planned=True)
    assert "last planned trip" in dialog.hint.text()
    dialog.period_from.setDate(dialog.period_from.date().addYears(-1))
    assert dialog.entered().period_from == date(2022, 7, 1)
    none_planned = ReportOptionsDialog(None, recorded=recorded, with_planned=recorded, planned=0)
    qtbot.addWidget(none_planned)
    assert not none_planned.planned.isEnabled()


def test_export_passes_the_chosen_options_and_the_identity(
    window: MainWindow,
    services: Services,
    qtbot: QtBot,
    tmp_path: Path,
    save_as: SaveDialog,
    options: OptionsDialog,
) -> None:
    person = me(services)
    services.people.set_identity(
        person, full_name="Kari Ås Nordmann", born_on=date(1990, 4, 12),
        reference_number="12345678901",
    )  # fmt: skip
    services.trips.add(person, date(2019, 1, 10), date(2019, 1, 20), "SE", "holiday", "Old",
                       today=TODAY)  # fmt: skip
    services.trips.add(person, date(2025, 1, 10), date(2025, 1, 20), "DE", "family",
                       "Visit to aunt", today=TODAY)  # fmt: skip
    services.trips.add(person, date(2025, 8, 1), date(2025, 8, 5), "DK", today=TODAY)
    window.refresh()
    options.answer = ReportOptions(period_from=date(2024, 1, 1), include_planned=True)
    save_as.answer = tmp_path / "caseworker.pdf"
    info = export(window, qtbot)
    # The dialog was offered one planned trip.
    assert options.calls[0]["planned"] == 1
    body = " ".join(" ".join(p.extract_text() for p in PdfReader(info.path).pages).split())
    assert "Full name Kari Ås Nordmann" in body
    assert "Date of birth 1990-04-12" in body
    assert "D-number 123456 78901" in body  # grouped as UDI writes it
    assert "Period covered 2024-01-01 to 2025-08-05" in body
    # Purpose and note columns; the 2019 trip is before the period; the plan is marked.
    assert re.search(
        r" 1 2025-01-10 2025-01-20 DE Germany Family visit 11 9 \d+ Visit to aunt", body
    )
    assert "2019-01-10" not in body
    assert re.search(r" 2 2025-08-01 2025-08-05 DK Denmark 5 3 \d+ planned", body)
    assert "Included: 1 planned trip that has not happened yet" in body


def test_the_report_is_written_in_the_language_chosen_at_export(
    window: MainWindow, services: Services, qtbot: QtBot, tmp_path: Path, save_as: SaveDialog
) -> None:
    """A user reading Borte in English can give UDI a report in bokmål (issue 13)."""
    from app.services.wording import current_language
    from app.ui.report_options import REPORT_LANGUAGE_KEY

    services.trips.add(me(services), date(2025, 1, 10), date(2025, 1, 20), "SE", today=TODAY)
    window.refresh()
    window._qsettings.setValue(REPORT_LANGUAGE_KEY, "nb")  # as the options dialog stores it
    save_as.answer = tmp_path / "rapport.pdf"
    info = export(window, qtbot)
    text = " ".join(p.extract_text() for p in PdfReader(info.path).pages)
    assert "10.01.2025" in text  # Norwegian dates
    assert "Sverige" in text
    assert current_language() == "en"  # the window keeps its own language
    assert window.statusBar().currentMessage().startswith("Saved a")


def test_the_options_dialog_offers_the_languages_and_remembers_the_choice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from app.services.report_scope import Period
    from app.ui.report_options import REPORT_LANGUAGE_KEY, report_language

    settings = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    assert report_language(settings) == "en"  # the window's language, at first
    period = Period(date(2023, 7, 1), date(2025, 6, 30), "the earliest date a rule looks at")
    dialog = ReportOptionsDialog(
        None, recorded=period, with_planned=period, planned=0, settings=settings
    )
    qtbot.addWidget(dialog)
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert names == ["English", "Norsk bokmål"]
    dialog.language.setCurrentIndex(1)
    dialog.remember_language()
    assert settings.value(REPORT_LANGUAGE_KEY) == "nb"
    assert report_language(settings) == "nb"
