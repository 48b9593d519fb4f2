"""Issue 17: the set-up guide after the welcome page, and rules waiting for a permit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind
from app.services.setup_check import MISSING_PERMIT
from app.ui.entries import PermitInput
from app.ui.main_window import MainWindow
from app.ui.permit_dialog import PermitDialog
from app.ui.setup_wizard import SetupWizard, kind_explanation
from app.ui.trip_dialog import TripDialog

from .helpers import TODAY, me

Drive = Callable[[SetupWizard], None]


def run_wizard(monkeypatch: pytest.MonkeyPatch, drive: Drive) -> list[SetupWizard]:
    """Make SetupWizard.exec run `drive` on the real wizard instead of waiting for a user."""
    seen: list[SetupWizard] = []

    def fake_exec(wizard: SetupWizard) -> int:
        seen.append(wizard)
        wizard.show()
        drive(wizard)
        return wizard.result()

    monkeypatch.setattr(SetupWizard, "exec", fake_exec)
    return seen


def test_welcome_page_offers_the_guide_first(window: MainWindow) -> None:
    assert window.welcome.setup_button.isDefault()
    assert window.welcome.setup_button.hasFocus()
    assert "Every step can be skipped" in window.welcome.explanation.text()


def test_the_guide_records_arrival_and_permits_as_one_undo_step(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    earlier = PermitInput(PermitKind.STUDY, date(2020, 8, 1), date(2022, 7, 31))
    monkeypatch.setattr(PermitDialog, "ask", classmethod(lambda cls, *a, **k: earlier))

    def drive(wizard: SetupWizard) -> None:
        assert wizard.currentPage() is wizard.arrival
        wizard.arrival.arrived.setDate(QDate(2020, 7, 20))
        wizard.next()
        page = wizard.permit
        page.kind.setCurrentIndex(page.kind.findData(PermitKind.SKILLED_WORKER))
        # The kind in plain words, and why it matters.
        assert "degree or completed vocational training" in page.explanation.text()
        assert "15 months" in page.explanation.text()
        page.kind.setCurrentIndex(page.kind.findData(PermitKind.STUDY))
        assert page.explanation.text() == kind_explanation(PermitKind.STUDY)
        page.kind.setCurrentIndex(page.kind.findData(PermitKind.SKILLED_WORKER))
        page.valid_from.setDate(QDate(2022, 8, 1))
        page.valid_to.set_value(date(2025, 7, 31))
        wizard.next()
        wizard.earlier.add_button.click()  # the permit dialog (answered above)
        assert wizard.earlier.list.count() == 1
        assert "Study" in wizard.earlier.list.item(0).text()
        wizard.next()
        wizard.trips.later.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    run_wizard(monkeypatch, drive)
    window.welcome.setup_button.click()
    person = services.people.get(me(services))
    assert person.arrived_on == date(2020, 7, 20)
    kinds = [(p.kind, p.valid_from, p.valid_to) for p in services.permits.list(person.id)]
    assert kinds == [
        (PermitKind.STUDY, date(2020, 8, 1), date(2022, 7, 31)),
        (PermitKind.SKILLED_WORKER, date(2022, 8, 1), date(2025, 7, 31)),
    ]
    assert window.pages.currentWidget() is window.splitter
    # The rules now have what they need: cards, not "record your permit".
    assert window.status_panel.card("temporary-365") is not None
    assert MISSING_PERMIT not in window.status_panel.not_applicable.text()
    undo = window.editor.group.undoText()
    assert undo == "Set up"
    window.editor.group.undo()
    assert services.permits.list(person.id) == []
    assert services.people.get(person.id).arrived_on is None
    assert window.pages.currentWidget() is window.welcome


def test_every_step_can_be_skipped(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def drive(wizard: SetupWizard) -> None:
        for _ in range(4):
            wizard.button(QWizard.WizardButton.CustomButton1).click()

    seen = run_wizard(monkeypatch, drive)
    window.welcome.setup_button.click()
    assert seen[0].answers().arrived_on is None
    assert seen[0].answers().current is None
    assert services.permits.list(me(services)) == []
    assert services.people.get(me(services)).arrived_on is None
    assert window.pages.currentWidget() is window.welcome


def test_a_skipped_step_can_be_filled_in_after_going_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def drive(wizard: SetupWizard) -> None:
        wizard.button(QWizard.WizardButton.CustomButton1).click()  # skip arrival
        wizard.back()
        wizard.arrival.arrived.setDate(QDate(2021, 1, 5))
        wizard.next()
        wizard.button(QWizard.WizardButton.CustomButton1).click()  # skip the permit
        wizard.button(QWizard.WizardButton.CustomButton1).click()
        wizard.button(QWizard.WizardButton.CustomButton1).click()

    seen = run_wizard(monkeypatch, drive)
    window.welcome.setup_button.click()
    answers = seen[0].answers()
    assert answers.arrived_on == date(2021, 1, 5)
    assert answers.current is None


def test_finishing_with_add_a_trip_opens_the_trip_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(TripDialog, "ask", classmethod(lambda cls, *a, **k: opened.append(1)))

    def drive(wizard: SetupWizard) -> None:
        for _ in range(3):
            wizard.next()
        wizard.trips.add_trip.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    run_wizard(monkeypatch, drive)
    window.welcome.setup_button.click()
    assert opened == [1]


def test_without_a_permit_no_rule_but_schengen_shows_a_verdict(
    window: MainWindow, services: Services
) -> None:
    person = me(services)
    services.people.set_key_dates(person, arrived_on=date(2024, 1, 1))
    services.trips.add(person, date(2025, 3, 1), date(2025, 3, 10), "SE", today=TODAY)
    window.refresh()
    # Before: the 182-day card was green over a one-day window.
    assert [card.result.id for card in window.status_panel.cards] == ["schengen-90-180"]
    # The rules waiting for the permit are listed apart, under one sentence saying so.
    text = window.status_panel.needs_permit.text()
    assert text.count("Record it") == 1
    assert "Temporary permit: 182 days in any 365" in text
    assert "Temporary permit: 182 days" not in window.status_panel.not_applicable.text()
    services.permits.add(person, PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31))
    window.refresh()
    assert window.status_panel.card("temporary-365") is not None
    assert not window.status_panel.needs_permit.isVisibleTo(window.status_panel)
