"""Permits and key dates: the permit dialog's widgets, the tab, undo of every change."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind
from app.ui import messages
from app.ui.entries import KeyDatesInput, PermitInput
from app.ui.key_dates_dialog import KeyDatesDialog
from app.ui.main_window import MainWindow
from app.ui.permit_dialog import PermitDialog
from app.ui.permit_table_model import PermitTableModel

from .helpers import TODAY, me


def make_dialog(qtbot: QtBot, initial: PermitInput | None = None) -> PermitDialog:
    dialog = PermitDialog(None, today=TODAY, initial=initial, title="New permit")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_permit_dialog_validates_as_you_type(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.valid_from.calendarPopup()
    assert dialog.save_button.isEnabled()
    dialog.valid_to.edit.setDate(QDate(2025, 1, 1))
    assert not dialog.save_button.isEnabled()
    assert dialog.message.text() == (
        "✖ The permit's end date 2025-01-01 is before its start date 2025-06-30; check both dates."
    )
    dialog.valid_to.check.setChecked(False)
    assert dialog.save_button.isEnabled()
    assert dialog.entered().valid_to is None


def test_pr_basis_follows_the_kind_unless_the_user_chose(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.pr_basis.isChecked()  # work permits count
    dialog.kind.setCurrentIndex(dialog.kind.findData(PermitKind.STUDY))
    assert not dialog.pr_basis.isChecked()
    assert dialog.entered().forms_pr_basis is None  # "as usual for the kind"
    dialog.pr_basis.setChecked(True)  # the user's decision letter says otherwise
    assert dialog.entered().forms_pr_basis is True
    dialog.kind.setCurrentIndex(dialog.kind.findData(PermitKind.AU_PAIR))
    assert dialog.pr_basis.isChecked()  # kept: the user had set it against the default


def test_a_permanent_permit_has_no_end_date(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findData(PermitKind.PERMANENT))
    assert not dialog.valid_to.isEnabled()
    assert dialog.entered().valid_to is None
    assert dialog.save_button.isEnabled()


def test_applied_after_start_is_a_warning(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.applied_on.check.setChecked(True)
    dialog.applied_on.edit.setDate(QDate(2025, 8, 1))
    assert dialog.save_button.isEnabled()
    assert dialog.message.text().startswith("▲ The application date is after")


def test_permits_tab_add_edit_remove_with_undo(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered = PermitInput(PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31))
    monkeypatch.setattr(PermitDialog, "ask", lambda parent, **kw: entered)
    window.acts.new_permit.trigger()
    assert window.tabs.currentWidget() is window.permits_view
    [permit] = services.permits.list(me(services))
    assert window.permits_view.model.rowCount() == 1
    assert window.pages.currentWidget() is window.splitter  # no longer a first run
    assert window.status_panel.card("temporary-365") is not None

    window.permits_view.view.selectRow(0)
    assert window.permits_view.edit_button.isEnabled()
    changed = PermitInput(PermitKind.FAMILY, date(2024, 1, 1), date(2027, 12, 31))
    monkeypatch.setattr(PermitDialog, "ask", lambda parent, **kw: changed)
    window.permits_view.edit_button.click()
    assert services.permits.get(permit.id).kind is PermitKind.FAMILY

    window.permits_view.view.selectRow(0)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    window.permits_view.remove_button.click()
    assert services.permits.list(me(services)) == []

    window.acts.undo.trigger()
    assert services.permits.get(permit.id).kind is PermitKind.FAMILY
    window.acts.undo.trigger()
    assert services.permits.get(permit.id).kind is PermitKind.WORK
    window.acts.undo.trigger()
    assert services.permits.list(me(services)) == []
    window.acts.redo.trigger()
    assert services.permits.get(permit.id).valid_to == date(2026, 12, 31)


def test_key_dates_edit_and_undo(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    dates = KeyDatesInput.from_person(services.people.default()).dates
    entered = KeyDatesInput(dates | {"arrived_on": date(2020, 5, 1)}, True)
    monkeypatch.setattr(KeyDatesDialog, "ask", lambda parent, **kw: entered)
    window.acts.key_dates.trigger()
    person = services.people.default()
    assert person.arrived_on == date(2020, 5, 1)
    assert person.sufficient_income
    assert window.permits_view.key_date_labels["arrived_on"].text() == "2020-05-01"
    window.acts.undo.trigger()
    person = services.people.default()
    assert person.arrived_on is None
    assert not person.sufficient_income
    assert window.permits_view.key_date_labels["arrived_on"].text() == "not set"


def test_key_dates_refused_by_the_services_reopen_the_dialog(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    dates = KeyDatesInput.from_person(services.people.default()).dates
    bad = KeyDatesInput(
        dates | {"arrived_on": date(2020, 5, 1), "pr_applied_on": date(2019, 1, 1)}, False
    )
    answers: list[KeyDatesInput | None] = [bad, None]
    seen: list[KeyDatesInput] = []

    def fake_ask(parent: object, *, initial: KeyDatesInput, **kw: object) -> KeyDatesInput | None:
        seen.append(initial)
        return answers.pop(0)

    shown: list[str] = []
    monkeypatch.setattr(KeyDatesDialog, "ask", fake_ask)
    monkeypatch.setattr(messages, "tell", lambda parent, title, text, *_: shown.append(text))
    window.acts.key_dates.trigger()
    assert "before the arrival date" in shown[0]
    assert seen[1] == bad
    assert services.people.default().arrived_on is None


def test_key_dates_dialog_widgets(qtbot: QtBot) -> None:
    initial = KeyDatesInput(
        {
            "arrived_on": date(2020, 5, 1),
            "reported_to_police_on": None,
            "pr_applied_on": None,
            "citizenship_applied_on": None,
            "abroad_permission_until": None,
        },
        False,
    )
    dialog = KeyDatesDialog(None, today=TODAY, initial=initial, name="Me")
    qtbot.addWidget(dialog)
    assert dialog.entered() == initial
    police = dialog.fields["reported_to_police_on"]
    assert not police.edit.isEnabled()
    police.check.setChecked(True)
    police.edit.setDate(QDate(2020, 5, 8))
    dialog.fields["arrived_on"].check.setChecked(False)
    dialog.income.setChecked(True)
    got = dialog.entered()
    assert got.dates["reported_to_police_on"] == date(2020, 5, 8)
    assert got.dates["arrived_on"] is None
    assert got.sufficient_income


def test_permit_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, services: Services
) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.STUDY, date(2020, 1, 1), date(2021, 1, 1))
    services.permits.add(person, PermitKind.WORK, date(2021, 1, 2), None, forms_pr_basis=False)
    model = PermitTableModel()
    model.set_permits(services.permits.list(person))
    qtmodeltester.check(model)
    assert model.data(model.index(1, 2)) == "no end date"
    assert model.data(model.index(1, 3)) == "no (as set by you)"
