"""The status panel is built a piece per event-loop turn (issue 12) and ends up the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.assessment import Assessment, assess
from app.services.profile import PermitKind
from app.services.sample_data import create_sample_person
from app.ui.status_panel import FIRST_TILES, StatusPanel

from .helpers import TODAY


def _assessment(services: Services, as_of: date = TODAY) -> Assessment:
    person = create_sample_person(services.people, services.trips, services.permits, today=TODAY)
    return assess(services.people.profile(person.id), as_of, "inclusive")


def _show(panel: StatusPanel, assessment: Assessment) -> None:
    panel.show_evaluation(
        assessment.evaluation,
        warning_margin=14,
        reminders=assessment.reminders,
        scope="person-1",
        assessment=assessment,
    )


def _texts(panel: StatusPanel) -> list[str]:
    """Every label's text in the panel, in order, with whether it shows on the tile."""
    content = panel.widget()
    assert content is not None
    return [
        f"{label.isVisibleTo(content)} {label.text()}" for label in content.findChildren(QLabel)
    ]


def _panel(qtbot: QtBot) -> StatusPanel:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_built_in_steps_the_panel_shows_what_a_build_at_once_shows(
    qtbot: QtBot, services: Services
) -> None:
    assessment = _assessment(services)
    rules = assessment.evaluation.rules
    assert len(rules) > FIRST_TILES + 1  # enough tiles for later turns
    in_steps = _panel(qtbot)
    _show(in_steps, assessment)
    # The first turn put the headline and the first tiles on screen; the rest is to come.
    assert in_steps.building
    assert len(in_steps._cards) == FIRST_TILES
    assert in_steps._headline.isVisibleTo(in_steps)
    with qtbot.waitSignal(in_steps.built, timeout=5000):
        pass
    assert not in_steps.building
    at_once = _panel(qtbot)
    _show(at_once, assessment)
    at_once.finish_now()
    qtbot.wait(50)  # widgets added to a window on screen show in the next turn
    assert [c.result.id for c in in_steps.cards] == [r.id for r in rules]
    assert _texts(in_steps) == _texts(at_once)
    # The part behind "Why?" was built in a later turn, hidden, and opens as before.
    card = in_steps.cards[-1]
    assert card.explanation_label is not None
    assert not card.explanation_label.isVisibleTo(in_steps)
    card.why_button.click()
    assert card.explanation_label.isVisibleTo(in_steps)


def test_a_newer_show_cancels_an_older_partial_build(qtbot: QtBot, services: Services) -> None:
    older = _assessment(services)
    person = services.people.default().id
    services.permits.add(person, PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2024, 1, 1))
    newer = assess(services.people.profile(person), TODAY, "inclusive")
    panel = _panel(qtbot)
    _show(panel, older)
    panel.finish_now()
    # A refresh builds off screen while the older content stays; a newer one replaces it.
    _show(panel, older)
    assert panel.building
    on_screen: QWidget | None = panel.viewport().findChild(QWidget)
    _show(panel, newer)
    with qtbot.waitSignal(panel.built, timeout=5000):
        pass
    qtbot.wait(20)  # the dropped content is deleted by the event loop
    content = panel.widget()
    assert content is not None
    assert content is not on_screen
    assert [c.result.id for c in panel.cards] == [r.id for r in newer.evaluation.rules]
    assert panel.heading.text() == "<b>Where you stand on 2025-06-30</b>"
    # Nothing of the older builds is left under the panel: one content widget, the newest.
    contents = [w for w in panel.findChildren(QWidget) if w.parent() is panel.viewport()]
    assert contents == [content]
    assert panel.headline.text().endswith(newer.headline.text)


def test_a_refresh_keeps_the_old_content_until_the_new_is_whole(
    qtbot: QtBot, services: Services
) -> None:
    assessment = _assessment(services)
    panel = _panel(qtbot)
    _show(panel, assessment)
    panel.finish_now()
    panel.resize(420, 300)
    qtbot.waitUntil(lambda: panel.verticalScrollBar().maximum() > 0)
    panel.verticalScrollBar().setValue(panel.verticalScrollBar().maximum())
    scrolled = panel.verticalScrollBar().value()
    assert scrolled > 0
    old = panel.viewport().findChild(QWidget)
    _show(panel, assessment)
    assert panel.viewport().findChild(QWidget) is old  # still the old one on screen
    with qtbot.waitSignal(panel.built, timeout=5000):
        pass
    assert panel.verticalScrollBar().value() == scrolled


def test_a_first_show_with_no_rules_is_built_at_once(qtbot: QtBot, services: Services) -> None:
    person = services.people.default().id
    evaluation = assess(services.people.profile(person), TODAY, "inclusive").evaluation
    panel = _panel(qtbot)
    with qtbot.waitSignal(panel.built, timeout=1000):
        panel.show_evaluation(replace(evaluation, rules=()), warning_margin=14)
    assert not panel.building
    assert panel.cards == []
    assert any("No rule can be worked out yet" in text for text in _texts(panel))
