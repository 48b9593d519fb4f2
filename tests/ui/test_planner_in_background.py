"""With a long history the planner panel is prepared on a worker thread (issue 12)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.services.profile import Convention, PermitKind, PermitSpan, Profile, TripSpan
from app.ui.planner_panel import PlannerPanel

TODAY = date(2025, 5, 15)
E2 = Profile(
    trips=(TripSpan(date(2025, 1, 10), date(2025, 4, 30)),),
    permits=(PermitSpan(PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31)),),
)
LONGER = Profile(
    trips=(*E2.trips, TripSpan(date(2024, 6, 1), date(2024, 8, 31))),
    permits=E2.permits,
)


class Inputs:
    """What the main window would hand the panel; tests change `profile` between refreshes."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def __call__(self) -> tuple[Profile, date, Convention]:
        return self.profile, TODAY, "inclusive"


def _panel(qtbot: QtBot, inputs: Inputs, background_from: int) -> PlannerPanel:
    panel = PlannerPanel(inputs, background_from=background_from)
    qtbot.addWidget(panel)
    panel.resize(760, 900)
    panel.show()
    return panel


def _shown(panel: PlannerPanel) -> tuple[str, dict[str, str], str]:
    badges = {rule: row.badge.text() for rule, row in panel.verdict_rows.items()}
    return panel.summary.text(), badges, panel.goals_label.text()


def test_the_planner_tab_fills_in_from_the_worker(qtbot: QtBot) -> None:
    at_once = _panel(qtbot, Inputs(E2), background_from=10**9)
    assert not at_once.preparing
    panel = PlannerPanel(Inputs(E2), background_from=0)
    qtbot.addWidget(panel)
    # Built at once, in a loading state: the answer comes from the worker thread.
    assert panel.preparing
    assert panel.answer is None
    assert panel.summary.text() == "Working out the answer…"
    assert not panel.add_button.isEnabled()
    panel.recompute()  # a debounced edit meanwhile waits for the planner
    assert panel.answer is None
    with qtbot.waitSignal(panel.results_updated, timeout=10000):
        panel.show()
    assert not panel.preparing
    assert panel.answer is not None
    assert panel.add_button.isEnabled()
    assert _shown(panel) == _shown(at_once)
    # Edits are then answered at once, as on a short history.
    for widget in (panel, at_once):
        widget.set_trip(date(2025, 6, 1), date(2025, 9, 30))
        widget.recompute()
    assert _shown(panel) == _shown(at_once)


def test_a_newer_refresh_wins_over_a_preparation_under_way(qtbot: QtBot) -> None:
    inputs = Inputs(E2)
    panel = _panel(qtbot, inputs, background_from=0)
    assert panel.preparing
    inputs.profile = LONGER
    panel.refresh()  # the record changed before the first preparation ended
    with qtbot.waitSignal(panel.results_updated, timeout=10000):
        pass
    qtbot.wait(100)  # the older preparation's result, if it comes later, is dropped
    reference = _panel(qtbot, Inputs(LONGER), background_from=10**9)
    assert _shown(panel) == _shown(reference)


def test_the_form_changed_while_preparing_is_answered_when_ready(qtbot: QtBot) -> None:
    panel = _panel(qtbot, Inputs(E2), background_from=0)
    panel.set_trip(date(2025, 7, 1), date(2025, 7, 14))  # starts the debounce
    with qtbot.waitSignal(panel.results_updated, timeout=10000):
        pass
    assert panel.answer is not None
    assert panel.answer.plan.departure == date(2025, 7, 1)
