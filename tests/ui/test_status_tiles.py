"""Issue 17, item 1 and 3: compact tiles with "Why?", the headline first, reminders below,
the trip under way as a banner, and everything on screen at 1280×800 and 1024×768."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.assessment import assess, banner_sentences, come_home
from app.services.profile import PermitKind, Status
from app.services.sample_data import create_sample_person
from app.ui.language import apply_language
from app.ui.main_window import MainWindow

from .helpers import TODAY, me


def _sample(window: MainWindow, services: Services, *, abroad_since: date | None = None) -> int:
    person = create_sample_person(services.people, services.trips, services.permits, today=TODAY)
    if abroad_since is not None:
        services.trips.add(person.id, abroad_since, None, "US", today=TODAY)
    window.switch_person(person.id)
    return person.id


def test_explanation_is_one_click_away(window: MainWindow, services: Services) -> None:
    _sample(window, services)
    panel = window.status_panel
    card = panel.card("temporary-365")
    assert card is not None
    assert card.explanation_label is not None
    # The numbers, bar, badge and window are on the tile; the explanation is not.
    for part in (card.left_label, card.days_label, card.limit_label, card.badge):
        assert part.isVisibleTo(panel)
    assert card.bar is not None
    assert card.bar.isVisibleTo(panel)
    assert card.window_label.isVisibleTo(panel)
    assert not card.explanation_label.isVisibleTo(panel)
    assert not card.source_label.isVisibleTo(panel)
    card.why_button.click()
    assert card.expanded
    assert card.explanation_label.isVisibleTo(panel)
    assert card.source_label.isVisibleTo(panel)
    assert card.why_button.text() == "Hide"
    card.why_button.click()
    assert not card.explanation_label.isVisibleTo(panel)


def test_bar_shows_the_share_of_the_limit_used(window: MainWindow, services: Services) -> None:
    _sample(window, services)
    for card in window.status_panel.cards:
        result = card.result
        if result.limit <= 0:
            assert card.bar is None
            continue
        assert card.bar is not None
        assert card.bar.fraction == pytest.approx(min(result.days_abroad / result.limit, 1.0))
        assert card.bar.accessibleName() == f"{result.days_abroad} of {result.limit} days used"


def test_headline_on_top_and_reminders_below_the_tiles(
    window: MainWindow, services: Services
) -> None:
    _sample(window, services)
    panel = window.status_panel
    assert panel.reminders.rows  # the example person has deadlines coming up
    tops = [panel.headline.y(), min(c.y() for c in panel.cards)]
    bottom_of_tiles = max(c.y() + c.height() for c in panel.cards)
    assert tops[0] < tops[1]
    assert panel.reminders.y() >= bottom_of_tiles


def _own_data_abroad(window: MainWindow, services: Services) -> None:
    """The user's own record (no example-data banner): every rule applies, abroad now."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2021, 1, 1), date(2027, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2021, 1, 1))
    for year in (2022, 2023, 2024):
        services.trips.add(person, date(year, 7, 1), date(year, 7, 20), "ES", today=TODAY)
    services.trips.add(person, TODAY - timedelta(days=20), None, "US", today=TODAY)
    window.refresh()


@pytest.mark.parametrize(
    ("size", "sample"),
    [((1280, 800), True), ((1920, 1080), True), ((1024, 768), False), ((1024, 768), True)],
)
def test_verdict_and_every_tile_fit_without_scrolling(
    qtbot: QtBot, window: MainWindow, services: Services, size: tuple[int, int], sample: bool
) -> None:
    """At every size, with the user's own data and with the example-data banner above."""
    if sample:
        _sample(window, services, abroad_since=TODAY - timedelta(days=20))
    else:
        _own_data_abroad(window, services)
    window.resize(*size)
    qtbot.wait(50)
    panel = window.status_panel
    viewport = panel.viewport().height()
    content = panel.widget()
    assert content is not None
    assert panel.banner.isVisibleTo(panel)
    assert len(panel.cards) == 4
    for card in panel.cards:
        # The tile's figures and badge lie inside the visible part of the panel.
        bottom = card.mapTo(content, card.left_label.geometry().bottomLeft()).y()
        assert bottom <= viewport, (size, card.result.id, bottom, viewport)
    assert panel.tile_columns() == 1


def test_two_tiles_side_by_side_on_a_wide_panel(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    _sample(window, services)
    window.resize(1920, 1080)
    window.splitter.setSizes([900, 1000])
    qtbot.wait(50)
    panel = window.status_panel
    assert panel.tile_columns() == 2
    first, second = panel.cards[0], panel.cards[1]
    assert first.y() == second.y()
    assert second.x() > first.x() + first.width() - 1


@pytest.mark.parametrize("booked", [False, True])
def test_bokmal_tiles_fit_on_a_1024_screen_while_abroad(
    qtbot: QtBot, window: MainWindow, services: Services, booked: bool
) -> None:
    """`--lang nb` on the window a 1024×768 screen gets (942×691), abroad now: every tile's
    figures are in view (the bokmål titles and labels wrap less than they did)."""
    apply_language("nb")
    try:
        person = me(services)
        services.permits.add(person, PermitKind.WORK, date(2021, 1, 1), date(2027, 12, 31))
        services.people.set_key_dates(person, arrived_on=date(2021, 1, 1))
        services.trips.add(person, date(2024, 7, 1), date(2024, 7, 20), "ES", today=TODAY)
        back = TODAY + timedelta(days=3) if booked else None
        services.trips.add(person, TODAY - timedelta(days=20), back, "DE", today=TODAY)
        window.switch_person(person)
        window.resize(942, 691)
        qtbot.wait(50)
        panel = window.status_panel
        content = panel.widget()
        assert content is not None
        assert panel.banner.isVisibleTo(panel)
        assert len(panel.cards) == 4
        for card in panel.cards:
            bottom = card.mapTo(content, card.left_label.geometry().bottomLeft()).y()
            assert bottom <= panel.viewport().height(), (card.result.id, bottom)
    finally:
        apply_language("en")


def test_trip_under_way_banner_names_the_tightest_rule(
    window: MainWindow, services: Services
) -> None:
    person = _sample(window, services, abroad_since=TODAY - timedelta(days=20))
    profile = services.people.profile(person)
    found = assess(profile, TODAY, services.settings.convention())
    dated = [(r.come_home_by, r) for r in found.rules if r.come_home_by is not None]
    by, tightest = min(dated, key=lambda pair: pair[0])
    banner = window.status_panel.banner
    assert banner.isVisibleTo(window.status_panel)
    text = banner.label.text()
    assert f"Come home by {by.isoformat()}" in text
    days = (by - TODAY).days
    assert f"{days} day{'s' if days != 1 else ''} left under {tightest.result.title}" in text
    assert "Abroad since " + (TODAY - timedelta(days=20)).isoformat() in text


def _abroad_with_booked_return(services: Services, back: date) -> int:
    """Abroad 20 days (since 06-10) with a booked return: citizenship's 2025 holds 30 days
    from a trip in January, so it allows 8 more days abroad (58)."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, date(2025, 1, 2), date(2025, 1, 31), "US", today=TODAY)
    services.trips.add(person, TODAY - timedelta(days=20), back, "US", today=TODAY)
    return person


@pytest.mark.parametrize(
    ("back", "ok"), [(TODAY + timedelta(days=3), True), (TODAY + timedelta(days=30), False)]
)
def test_banner_with_a_booked_return_says_whether_it_keeps_every_rule_ok(
    window: MainWindow, services: Services, back: date, ok: bool
) -> None:
    """Abroad now with a return booked: the banner shows the trip and the planner's verdict on
    the booked return, with the latest safe return when it is too late; the headline does not
    repeat it."""
    person = _abroad_with_booked_return(services, back)
    window.switch_person(person)
    panel = window.status_panel
    assert panel.banner.isVisibleTo(panel)
    text = panel.banner.label.text()
    since = (TODAY - timedelta(days=20)).isoformat()
    assert f"Abroad since {since}: 21 days so far." in text
    found = panel.banner.found
    assert found is not None
    assert found.booked_return == back
    # The planner's answer for the way home, as `borte plan --departure` gives it.
    plan = window_planner_answer(services, person, TODAY - timedelta(days=20))
    assert found.by == plan
    if ok:
        assert f"Your booked return on {back.isoformat()} keeps every rule OK." in text
        assert "Come home by" not in text
    else:
        assert f"Your booked return on {back.isoformat()} is too late for" in text
        assert found.by is not None
        assert f"come home by {found.by.isoformat()}, " in text
    headline = panel.headline.text()
    assert "booked return" not in headline
    assert "come home" not in headline.lower()


def window_planner_answer(services: Services, person: int, since: date) -> date | None:
    from app.services.planner import Planner

    profile = services.people.profile(person)
    answer = Planner(profile, TODAY, services.settings.convention()).answer(since, destination="US")
    return answer.plan.latest_safe_return or TODAY


def test_headline_does_not_repeat_the_banner(window: MainWindow, services: Services) -> None:
    _sample(window, services, abroad_since=TODAY - timedelta(days=20))
    panel = window.status_panel
    banner = panel.banner.label.text()
    assert "Come home by" in banner
    assert "come home" not in panel.headline.text().lower()


def test_no_banner_at_home(window: MainWindow, services: Services) -> None:
    _sample(window, services)
    assert not window.status_panel.banner.isVisibleTo(window.status_panel)


def test_banner_words_and_plurals() -> None:
    from app.services.assessment import ComeHome

    one = ComeHome(date(2026, 1, 1), 1, date(2026, 1, 3), 1, "Schengen", Status.AMBER)
    assert banner_sentences(one) == (
        "Abroad since 2026-01-01: 1 day so far.",
        "Come home by 2026-01-03: 1 day left under Schengen.",
    )
    today = ComeHome(date(2026, 1, 1), 5, date(2026, 1, 5), 0, "Schengen", Status.RED)
    assert banner_sentences(today)[1] == "Come home today to keep Schengen OK."


def test_come_home_is_amber_within_the_margin(services: Services) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, date(2025, 1, 2), date(2025, 3, 20), "US", today=TODAY)
    services.trips.add(person, date(2025, 6, 1), None, "US", today=TODAY)
    found = assess(services.people.profile(person), TODAY, "inclusive")
    near = come_home(found, warning_margin=365)
    far = come_home(found, warning_margin=0)
    assert near is not None
    assert far is not None
    assert near.by is not None
    assert near.by == far.by
    assert near.days_left == (near.by - TODAY).days
    assert near.status is (Status.AMBER if near.days_left else Status.RED)
    assert far.status is (Status.GREEN if far.days_left else Status.RED)


def test_banner_does_not_promise_ok_for_a_rule_already_over(services: Services) -> None:
    """Abroad 245 days: the 3-year PR rule is over already, so coming home today cannot keep
    it OK; the banner says it is over and to come home as soon as possible."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, TODAY - timedelta(days=244), None, "US", today=TODAY)
    found = come_home(assess(services.people.profile(person), TODAY, "inclusive"), 14)
    assert found is not None
    assert found.days_left == 0
    assert found.rule_status is Status.RED
    back = banner_sentences(found)[1]
    assert "OK" not in back
    assert back == (
        f"{found.rule_title} is over its limit already: come home as soon as you can, "
        "every further day abroad counts against it."
    )


def test_tile_of_a_rule_already_over_does_not_say_come_home_to_keep_it_ok(
    window: MainWindow, services: Services
) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, TODAY - timedelta(days=244), None, "US", today=TODAY)
    window.switch_person(person)
    card = window.status_panel.card("permanent-residence")
    assert card is not None
    assert card.result.status is Status.RED
    assert card.come_home_label is not None
    assert card.come_home_label.text() == (
        "Over the limit already: every further day abroad counts against this rule."
    )


def test_why_is_usable_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    _sample(window, services)
    card = window.status_panel.cards[0]
    button = card.why_button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert button.accessibleName() == f"Why: show the explanation for {card.result.title}"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert card.expanded
    assert card.details.isVisibleTo(card)
    assert button.text() == "Hide"
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert not card.expanded
    assert card.bar is not None
    assert card.bar.accessibleName().endswith(f"of {card.result.limit} days used")


def test_borderline_rule_at_come_home_today_is_not_called_ok(
    window: MainWindow, services: Services
) -> None:
    """62 days abroad this calendar year (limit 58, 62 on the lenient reading): citizenship is
    borderline already, so 'come home today to keep it OK' would be wrong on banner and tile."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, TODAY - timedelta(days=61), None, "US", today=TODAY)
    window.switch_person(person)
    found = come_home(assess(services.people.profile(person), TODAY, "inclusive"), 14)
    assert found is not None
    assert found.days_left == 0
    assert found.rule_status is Status.AMBER
    assert banner_sentences(found)[1] == (
        f"Come home today: {found.rule_title} is borderline already, and every further day "
        "abroad counts against it."
    )
    card = window.status_panel.card("citizenship")
    assert card is not None
    assert card.result.status is Status.AMBER
    assert card.come_home_label is not None
    assert card.come_home_label.text() == (
        "Borderline already: every further day abroad counts against this rule."
    )
