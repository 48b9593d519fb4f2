"""Issue 17, item 4: the planner's calendar strip (longest safe trip per departure day) and
several what-if trips judged together, driven through the real panel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.services.planner import Planner
from app.services.planner.batch import judge_together, longest_safe_trips
from app.services.profile import Convention, KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.ui.planner_panel import PlannerPanel
from app.ui.planner_strip import STRIP_DAYS, trip_words
from app.ui.qt_dates import to_date, to_qdate

TODAY = date(2025, 5, 15)
E2 = Profile(
    trips=(TripSpan(date(2025, 1, 10), date(2025, 4, 30)),),
    permits=(PermitSpan(PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31)),),
    key_dates=KeyDates(arrived_on=date(2024, 1, 1)),
)


def inputs() -> tuple[Profile, date, Convention]:
    return E2, TODAY, "inclusive"


@pytest.fixture
def panel(qtbot: QtBot) -> PlannerPanel:
    widget = PlannerPanel(inputs)
    qtbot.addWidget(widget)
    widget.resize(800, 1200)
    widget.show()
    qtbot.waitExposed(widget)
    widget.strip.finish_now()
    return widget


def test_strip_shows_the_longest_safe_trip_for_each_day(panel: PlannerPanel) -> None:
    strip = panel.strip
    assert strip.done
    assert len(strip.found) == STRIP_DAYS
    assert strip.found[0].departure == TODAY + timedelta(days=1)
    # The same figures as the planner's batch question.
    planner = Planner(*inputs())
    expected = longest_safe_trips(planner, [TODAY + timedelta(days=i) for i in (1, 30, 90)])
    assert [strip.found[i] for i in (0, 29, 89)] == list(expected)
    assert panel.strip_summary.text() == (
        f"{strip.summary()} Pick a destination to check the Schengen rule too."
    )
    best = max(f.days for f in strip.found)
    assert f"{best} days" in strip.summary()


def test_clicking_a_day_plans_that_trip(qtbot: QtBot, panel: PlannerPanel) -> None:
    strip = panel.strip
    index = 20
    found = strip.found[index]
    x = int((index + 0.5) * strip.width() / len(strip.found))
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    assert to_date(panel.departure_edit.date()) == found.departure
    assert found.return_date is not None
    assert to_date(panel.return_edit.date()) == found.return_date
    assert panel.answer is not None
    # The longest safe trip keeps every rule OK, as the panel's own answer says.
    assert panel.answer.plan.return_date == found.return_date
    assert all(v.status.value == "green" for v in panel.answer.plan.verdicts if v.affected)


def test_strip_is_usable_from_the_keyboard(qtbot: QtBot, panel: PlannerPanel) -> None:
    strip = panel.strip
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    qtbot.keyClick(strip, Qt.Key.Key_PageDown)
    assert strip.current == 8
    found = strip.found[8]
    assert strip.accessibleDescription() == trip_words(found, strip.rule_titles)
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        qtbot.keyClick(strip, Qt.Key.Key_Return)
    assert to_date(panel.departure_edit.date()) == found.departure
    qtbot.keyClick(strip, Qt.Key.Key_End)
    assert strip.current == len(strip.found) - 1
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    assert strip.current == 0


def test_strip_follows_the_destination(qtbot: QtBot, panel: PlannerPanel) -> None:
    before = list(panel.strip.found)
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.destination.set_code("DE")
    panel.strip.finish_now()
    planner = Planner(*inputs())
    [first] = longest_safe_trips(planner, [TODAY + timedelta(days=1)], "DE")
    assert panel.strip.found[0] == first
    assert len(panel.strip.found) == len(before)
    assert "Pick a destination" not in panel.strip_summary.text()


def test_tooltip_words() -> None:
    planner = Planner(*inputs())
    [june] = longest_safe_trips(planner, [date(2025, 6, 1)])
    text = trip_words(june, {"temporary-365": "Temporary permit: 182 days in any 365"})
    assert text == (
        f"Leave 2025-06-01: at most {june.days} days (back by {june.return_date}); "
        "Temporary permit: 182 days in any 365 sets the limit."
    )


def _add(qtbot: QtBot, panel: PlannerPanel, departure: date, back: date) -> None:
    with qtbot.waitSignal(panel.results_updated, timeout=2000):
        panel.set_trip(departure, back, "US")
    panel.what_ifs.add_button.click()


def test_what_ifs_are_judged_together_and_not_saved(qtbot: QtBot, panel: PlannerPanel) -> None:
    """Two trips each fine alone go over the 182-day rule together; nothing is saved."""
    first = TripSpan(date(2025, 6, 1), date(2025, 7, 10), "US")
    second = TripSpan(date(2025, 8, 1), date(2025, 9, 10), "US")
    _add(qtbot, panel, first.departure, first.return_date or first.departure)
    what_ifs = panel.what_ifs
    assert what_ifs.trips == [first]
    assert what_ifs.verdict.text() == "✔ Together: every rule stays OK with this trip."
    _add(qtbot, panel, second.departure, second.return_date or second.departure)
    assert what_ifs.trips == [first, second]
    assert what_ifs.table.rowCount() == 2
    expected = judge_together(E2, TODAY, [first, second])
    assert what_ifs.result == expected
    assert what_ifs.verdict.text().startswith(("✖ Together", "▲ Together"))
    assert "Temporary permit: 182 days in any 365" in what_ifs.verdict.text()
    cell = what_ifs.table.item(1, 4)
    assert cell is not None
    assert cell.text() != "✔ OK"
    assert inputs()[0] is E2  # the record itself is unchanged: nothing saved
    # Remove the second: fine again.
    what_ifs.table.selectRow(1)
    what_ifs.remove_button.click()
    assert what_ifs.trips == [first]
    assert what_ifs.verdict.text().startswith("✔")
    what_ifs.clear_button.click()
    assert what_ifs.trips == []
    assert what_ifs.verdict.text() == "No trips on the list yet."
    assert not what_ifs.table.isVisibleTo(what_ifs)


def test_form_trip_is_unchanged_by_the_list(qtbot: QtBot, panel: PlannerPanel) -> None:
    _add(qtbot, panel, date(2025, 6, 1), date(2025, 6, 10))
    assert to_date(panel.departure_edit.date()) == date(2025, 6, 1)
    panel.departure_edit.setDate(to_qdate(date(2025, 6, 2)))
    assert panel.what_ifs.trips[0].departure == date(2025, 6, 1)
