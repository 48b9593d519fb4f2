"""The window for a person with collective protection (the Ukraine flag on the trip and the
card), and the checklist of other conditions: card, dialog, planner goal dates."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind, Status
from app.ui.checklist_dialog import ChecklistChanges, ChecklistDialog
from app.ui.main_window import MainWindow
from app.ui.trip_table_model import Column

from .helpers import TODAY, me


def collective_person(services: Services) -> int:
    person = me(services)
    services.permits.add(
        person, PermitKind.COLLECTIVE_PROTECTION, date(2025, 3, 1), date(2026, 2, 28)
    )
    services.people.set_key_dates(person, arrived_on=date(2025, 3, 1))
    services.trips.add(person, date(2025, 5, 10), date(2025, 5, 10), "UA", today=TODAY)
    services.trips.add(person, date(2025, 6, 1), date(2025, 6, 10), "PL", today=TODAY)
    return person


def test_the_trip_to_ukraine_is_flagged_on_the_trip_and_the_card(
    window: MainWindow, services: Services
) -> None:
    collective_person(services)
    window.refresh()
    card = window.status_panel.card("collective-protection")
    assert card is not None
    assert card.result.status == Status.RED
    assert "UDI may open a case to revoke your permit" in card.summary.text()
    # A one-day trip is no count over the limit: the badge says "At risk" instead.
    assert card.badge.text() == "✖ At risk"
    assert card.alternative_label is not None
    assert card.alternative_label.text().endswith("(At risk)")
    texts = [label.text() for label in card.findChildren(type(card.summary))]
    assert any("Trips to Ukraine during collective protection: 1 (✖ At risk)" in t for t in texts)
    assert card.result.days_abroad <= card.result.limit
    model = window.trip_table.model
    rows = {model.row_at(r).trip.destination: r for r in range(model.rowCount())}
    ukraine = model.index(rows["UA"], Column.NOTE)
    poland = model.index(rows["PL"], Column.NOTE)
    assert model.data(ukraine).startswith("✖ Revocation risk: trip to Ukraine")
    assert model.data(poland) == ""
    tooltip = model.data(ukraine, Qt.ItemDataRole.ToolTipRole)
    assert "UDI may open a case to revoke your permit" in tooltip
    assert "can-i-return-home-to-ukraine" in tooltip
    # The temporary-permit cards give way to the collective-protection card.
    assert window.status_panel.card("temporary-permit-period") is None
    citizenship = window.status_panel.card("citizenship")
    assert citizenship is not None
    assert any(
        "Open question" in label.text() for label in citizenship.findChildren(type(card.summary))
    )


def test_the_goal_card_shows_what_is_still_open_and_ticks_through_the_dialog(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2023, 1, 1), date(2027, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2023, 1, 1))
    window.refresh()
    card = window.status_panel.card("permanent-residence")
    assert card is not None
    assert card.checklist_label is not None
    # On 2025-06-30 the training-hours item still applies and the oral test is at A1 (A2 and
    # no training hours from 2025-09-01).
    assert "Still open: 7 of 7 other conditions." in card.checklist_label.text()
    assert "level A1" in card.checklist_label.text()
    seen: list[int] = []

    def ask(parent: object, *, checklists: object, today: date, name: str) -> ChecklistChanges:
        seen.append(len(checklists))  # type: ignore[arg-type]
        return ChecklistChanges({"pr-social-studies": date(2025, 3, 3)}, ())

    monkeypatch.setattr(ChecklistDialog, "ask", ask)
    assert card.checklist_button is not None
    card.checklist_button.click()
    assert seen == [2]
    [pr] = services.checklists.checklists(person, TODAY, "pr")
    assert {i.id: i.met_on for i in pr.items if i.ticked} == {"pr-social-studies": date(2025, 3, 3)}
    card = window.status_panel.card("permanent-residence")
    assert card is not None
    assert card.checklist_label is not None
    assert "Still open: 6 of 7 other conditions." in card.checklist_label.text()
    # Undo puts the ticks back as they were; redo makes the change again.
    window.acts.undo.trigger()
    [pr] = services.checklists.checklists(person, TODAY, "pr")
    assert not any(i.ticked for i in pr.items)
    window.acts.redo.trigger()
    [pr] = services.checklists.checklists(person, TODAY, "pr")
    assert [(i.id, i.met_on) for i in pr.items if i.ticked] == [
        ("pr-social-studies", date(2025, 3, 3))
    ]


def test_the_dialog_reports_ticks_dates_and_unticks(qtbot: QtBot, services: Services) -> None:
    person = me(services)
    services.checklists.tick(person, "cit-identity", date(2024, 1, 2))
    lists = services.checklists.checklists(person, TODAY)
    dialog = ChecklistDialog(None, checklists=lists, today=TODAY, name="Me")
    qtbot.addWidget(dialog)
    assert dialog.changes() == ChecklistChanges({}, ())  # nothing changed yet
    row = dialog.rows["pr-norwegian"]
    assert not row.met_on.isEnabled()
    row.check.click()
    assert row.met_on.isEnabled()
    row.met_on.set_value(date(2025, 5, 20))
    dialog.rows["pr-fee"].check.click()  # ticked without a date
    dialog.rows["cit-identity"].check.click()  # unticked
    changes = dialog.changes()
    assert changes.ticked == {"pr-norwegian": date(2025, 5, 20), "pr-fee": None}
    assert changes.unticked == ("cit-identity",)


def test_the_planner_warns_before_a_trip_to_ukraine_and_lists_open_conditions(
    qtbot: QtBot, services: Services
) -> None:
    from app.services.checklists import build_checklist, load_checklists
    from app.services.profile import PermitSpan, Profile
    from app.ui.planner_panel import PlannerPanel

    profile = Profile(
        permits=(PermitSpan(PermitKind.COLLECTIVE_PROTECTION, date(2025, 3, 1), date(2026, 2, 28)),)
    )
    panel = PlannerPanel(lambda: (profile, TODAY, "inclusive"))
    qtbot.addWidget(panel)
    panel.resize(760, 900)
    panel.show()
    panel.set_checklists([build_checklist(load_checklists()["citizenship"], {}, TODAY)])
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.set_trip(date(2025, 7, 1), date(2025, 7, 3), "UA")
    row = panel.verdict_rows["collective-protection"]
    # Red for the trip, not for a count: the badge says the rule's reason, not "Over the limit".
    assert row.badge.text() == "✖ At risk"
    assert "UDI may open a case to revoke your permit" in row.message.text()
    assert "Other conditions: Still open: 4 of 4 other conditions." in panel.goals_label.text()


def test_about_says_when_the_rules_were_checked(window: MainWindow) -> None:
    assert "Rules checked against UDI&#x27;s sources on 2026-12-01." in window.tasks.about_text()
