"""The chart and planner tabs read the window's one assessment per refresh (issue 10): the
record it prepared (its contexts and rule results) and the settings it was made with."""

from __future__ import annotations

from datetime import date

from app.main import Services
from app.services.profile import PermitKind
from app.ui.main_window import MainWindow

from .helpers import TODAY, me


def test_chart_and_planner_read_the_assessment_of_the_refresh(
    window: MainWindow, services: Services
) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2022, 1, 1), date(2027, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2022, 1, 1))
    services.trips.add(person, date(2025, 3, 1), date(2025, 3, 20), "DE", today=TODAY)
    services.settings.set_pr_waiting_months(12)
    window.refresh()
    window.load_panels()
    basis = window._basis
    assert basis is not None
    assert basis.pr_waiting_months == 12

    planner_panel = window.planner_slot.panel
    assert planner_panel is not None
    planner = planner_panel._planner
    assert planner is not None
    # The planner works on the assessment's record, with the user's waiting time (it used to
    # build its own with the default 24 months).
    assert planner.basis is basis
    assert planner.pr_waiting_months == 12
    assert planner.base["temporary-365"] is basis.result("temporary-365", projected=True)

    chart_panel = window.chart_slot.panel
    assert chart_panel is not None
    chart_panel._prepare()
    source = chart_panel._source
    assert source is not None
    assert source.basis is basis
    shown = window.status_panel.card("temporary-365")
    assert shown is not None
    assert source.result("temporary-365") is basis.result("temporary-365")

    # An edit makes a new assessment, and both tabs follow it.
    services.trips.add(person, date(2025, 5, 1), date(2025, 5, 5), "SE", today=TODAY)
    window.refresh()
    assert window._basis is not basis
    assert planner_panel._planner is not None
    assert planner_panel._planner.basis is window._basis
    chart_panel._prepare()
    assert chart_panel._source is not None
    assert chart_panel._source.basis is window._basis
