"""The "Plan a trip" panel and the reminders list, driven offscreen with pytest-qt.

The record is rules.md E2 (a work permit for 2024–2026, 111 days abroad 2025-01-10 → 04-30)
seen on 2025-05-15.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.services.profile import Convention, PermitKind, PermitSpan, Profile, TripSpan
from app.services.reminders import reminders
from app.ui import reminder_list
from app.ui.planner_panel import PlannerPanel
from app.ui.qt_dates import to_date, to_qdate
from app.ui.reminder_list import IcsSaveDialog, ReminderList

TODAY = date(2025, 5, 15)
E2 = Profile(
    trips=(TripSpan(date(2025, 1, 10), date(2025, 4, 30)),),
    permits=(PermitSpan(PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31)),),
)


class Inputs:
    """What the main window would hand the panel; tests change `profile` between refreshes."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def __call__(self) -> tuple[Profile, date, Convention]:
        return self.profile, TODAY, "inclusive"


@pytest.fixture
def panel(qtbot: QtBot) -> PlannerPanel:
    widget = PlannerPanel(Inputs(E2))
    qtbot.addWidget(widget)
    widget.resize(760, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def badge(panel: PlannerPanel, rule_id: str) -> str:
    return panel.verdict_rows[rule_id].badge.text()


def test_starts_with_a_two_week_trip_from_tomorrow(panel: PlannerPanel) -> None:
    assert to_date(panel.departure_edit.date()) == date(2025, 5, 16)
    assert to_date(panel.return_edit.date()) == date(2025, 5, 29)
    assert panel.answer is not None
    assert badge(panel, "temporary-365") == "✔ OK"
    # E2's 2025 holds 111 days abroad, all deducted for citizenship: any more days abroad in
    # 2025 are deducted too, so no trip this year keeps citizenship OK.
    assert badge(panel, "citizenship") == "✖ Over the limit"
    assert "over the limit for citizenship" in panel.summary.text()
    assert panel.add_button.isEnabled()


def test_verdicts_update_after_the_debounce(qtbot: QtBot, panel: PlannerPanel) -> None:
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.departure_edit.setDate(to_qdate(date(2025, 6, 1)))
        panel.return_edit.setDate(to_qdate(date(2025, 8, 12)))
    assert badge(panel, "temporary-365") == "✖ Over the limit"
    row = panel.verdict_rows["temporary-365"]
    assert "Over the limit from 2025-08-11" in row.message.text()
    assert row.safe.text() == "Latest safe return: 2025-08-10."
    assert panel.summary.text().startswith("✖ 2025-06-01 to 2025-08-12 (73 days): over the limit")
    # Colour is never alone: the accessible name says it in words too.
    assert row.badge.accessibleName().endswith("Over the limit")


def test_typing_is_debounced(qtbot: QtBot, panel: PlannerPanel) -> None:
    answers: list[None] = []
    panel.results_updated.connect(lambda: answers.append(None))
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        for day in range(1, 8):  # a burst of edits, as when typing a date
            panel.return_edit.setDate(to_qdate(date(2025, 6, day)))
    qtbot.wait(300)
    assert len(answers) == 1
    assert panel.answer is not None
    assert panel.answer.plan.return_date == date(2025, 6, 7)


def test_length_mode_and_the_earliest_departure(qtbot: QtBot, panel: PlannerPanel) -> None:
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.length_radio.click()
        panel.length_spin.setValue(80)
    assert not panel.return_edit.isEnabled()
    # 111 days in Jan–Apr plus 80 would fit 182 from 2025-10-31, but 2025 is a deducted year
    # for citizenship already, and 2026 may hold 58 days: leaving 2026-11-04 puts 58 days in
    # 2026 and 22 in 2027 (back 2027-01-22).
    assert panel.earliest_label.text() == (
        "Earliest departure for 80 days that keeps every rule OK: 2026-11-04 (back 2027-01-22)."
    )
    assert badge(panel, "temporary-365") == "✖ Over the limit"
    assert panel.use_earliest_button.isVisible()
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.use_earliest_button.click()
    assert to_date(panel.departure_edit.date()) == date(2026, 11, 4)
    assert badge(panel, "temporary-365") == "✔ OK"
    assert not panel.use_earliest_button.isVisible()


def test_add_as_planned_trip(qtbot: QtBot, panel: PlannerPanel) -> None:
    panel.set_trip(date(2025, 7, 1), date(2025, 7, 14), "SE")
    panel.recompute()
    with qtbot.waitSignal(panel.trip_requested, timeout=1000) as caught:
        panel.add_button.click()
    assert caught.args == [TripSpan(date(2025, 7, 1), date(2025, 7, 14), "SE")]


def test_destination_outside_schengen(qtbot: QtBot, panel: PlannerPanel) -> None:
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.destination.set_code("US")
    assert badge(panel, "schengen-90-180") == "– Not affected"
    assert not panel.verdict_rows["schengen-90-180"].safe.isVisible()


def test_unknown_destination_and_bad_dates_are_explained(qtbot: QtBot, panel: PlannerPanel) -> None:
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.destination.setEditText("Atlantis")
    assert "Atlantis is not a country" in panel.summary.text()
    assert not panel.add_button.isEnabled()
    assert panel.verdict_rows == {}
    panel.destination.set_code(None)
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.return_edit.setDate(to_qdate(date(2025, 5, 1)))
    assert "before the departure date" in panel.summary.text()


def test_refresh_reads_the_record_again(qtbot: QtBot) -> None:
    inputs = Inputs(Profile())
    widget = PlannerPanel(inputs)
    qtbot.addWidget(widget)
    widget.set_trip(date(2025, 6, 1), date(2025, 8, 12))
    widget.recompute()
    assert badge(widget, "temporary-365") == "✔ OK"  # nothing else recorded
    inputs.profile = E2
    widget.refresh()
    assert badge(widget, "temporary-365") == "✖ Over the limit"


def test_planner_looks_right(panel: PlannerPanel, tmp_path: Path) -> None:
    panel.set_trip(date(2025, 6, 1), date(2025, 8, 12), "DE")
    panel.recompute()
    image = panel.grab()
    assert not image.isNull()
    assert image.save(str(tmp_path / "planner.png"))
    # Every label fits its width (word wrap on), so nothing is clipped sideways.
    for label in panel.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.width() <= panel.width()


# ---------------------------------------------------------------------------------------------
# Reminders


@pytest.fixture
def reminder_widget(qtbot: QtBot) -> ReminderList:
    widget = ReminderList()
    qtbot.addWidget(widget)
    widget.set_reminders(reminders(E2, TODAY), as_of=TODAY, scope="person-1")
    widget.show()
    return widget


def test_reminder_list_shows_the_deadlines(reminder_widget: ReminderList) -> None:
    texts = [row.accessibleName() for row in reminder_widget.rows]
    assert texts[0].startswith("2026-09-30  Start renewing your residence permit")
    assert (
        reminder_widget.rows[0]
        .text()
        .startswith("<b>2026-09-30 · Start renewing your residence permit</b>")
    )
    assert reminder_widget.export_button.isEnabled()
    reminder_widget.set_reminders([])
    assert reminder_widget.empty_label.isVisible()
    assert not reminder_widget.export_button.isEnabled()


def test_export_to_calendar(
    qtbot: QtBot,
    reminder_widget: ReminderList,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = tmp_path / "borte.ics"
    monkeypatch.setattr(IcsSaveDialog, "ask", classmethod(lambda cls, parent: path))
    with qtbot.waitSignal(reminder_widget.exported, timeout=1000):
        reminder_widget.export_button.click()
    events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert [e["DTSTART"].dt for e in events] == [r.on for r in reminder_widget.reminders()]
    assert str(events[0]["UID"]).startswith("person-1-")
    assert reminder_widget.saved_label.text().startswith("✔ Saved")


def test_export_cancelled_or_failing(
    reminder_widget: ReminderList, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(IcsSaveDialog, "ask", classmethod(lambda cls, parent: None))
    reminder_widget.export_button.click()
    assert not reminder_widget.saved_label.isVisible()
    monkeypatch.setattr(IcsSaveDialog, "ask", classmethod(lambda cls, parent: tmp_path))
    reminder_widget.export_button.click()
    assert reminder_widget.message.is_error
    assert "is a folder, not a regular file" in reminder_widget.message.text()
    assert reminder_list.IcsSaveDialog is IcsSaveDialog
