"""The status cards show the engine's own figures, in words as well as colour."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.engine import evaluate
from app.services.profile import PermitKind, Status
from app.ui.colors import BADGE_COLORS, CLOSE_COLORS
from app.ui.main_window import MainWindow
from app.ui.status_card import StatusCard
from app.ui.status_panel import StatusPanel

from .helpers import TODAY, me


def e2_profile(services: Services) -> int:
    """rules.md E2: 184 days inclusive in one 365-day window (RED), 180 whole days."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2024, 1, 1), date(2026, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2024, 1, 1))
    services.trips.add(person, date(2025, 1, 10), date(2025, 4, 30), "US", today=TODAY)
    services.trips.add(person, date(2025, 6, 1), date(2025, 8, 12), "IN", today=TODAY)
    return person


def test_cards_show_the_engines_numbers(window: MainWindow, services: Services) -> None:
    person = e2_profile(services)
    window.refresh()
    evaluation = evaluate(services.people.profile(person), TODAY, "inclusive")
    assert [card.result.id for card in window.status_panel.cards] == [
        r.id for r in evaluation.rules
    ]
    for card, result in zip(window.status_panel.cards, evaluation.rules, strict=True):
        assert card.days_label.text() == str(result.days_abroad)
        assert card.limit_label.text() == str(result.limit)
        assert card.left_label.text() == str(result.days_left)
        assert card.title.text() == result.title
        assert card.source_label.openExternalLinks()
        assert result.source in card.source_label.text()
        assert card.window_label.text() == (f"Window: {result.window_start} – {result.window_end}")
        if result.alternative is not None:
            assert card.alternative_label is not None
            assert str(result.alternative.days_abroad) in card.alternative_label.text()


def test_e2_is_over_the_limit_with_the_lenient_count_beside_it(
    window: MainWindow, services: Services
) -> None:
    e2_profile(services)
    window.refresh()
    card = window.status_panel.card("temporary-365")
    assert card is not None
    # On 2025-06-30 the window holds the first trip (111) and June (30).
    assert card.days_label.text() == "141"
    assert card.badge.text() == "✔ OK"
    assert card.alternative_label is not None
    assert card.alternative_label.text() == "Counting only whole days abroad: 138 (OK)"


def test_red_card_says_so_in_words_and_shape(qtbot: QtBot, services: Services) -> None:
    person = e2_profile(services)
    as_of = date(2025, 8, 12)
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.show_evaluation(
        evaluate(services.people.profile(person), as_of, "inclusive"), warning_margin=14
    )
    card = panel.card("temporary-365")
    assert card is not None
    assert card.days_label.text() == "184"
    assert card.badge.text() == "✖ Over the limit"
    assert BADGE_COLORS[Status.RED][0] in card.badge.styleSheet()
    assert "Over the limit" in card.accessibleName()
    details = [label.text() for label in card.findChildren(type(card.title))]
    assert any("First over the limit on <b>2025-08-11</b>" in text for text in details)
    assert card.alternative_label is not None
    assert card.alternative_label.text() == "Counting only whole days abroad: 180 (OK)"


def test_warning_margin_flags_a_rule_close_to_its_limit(qtbot: QtBot, services: Services) -> None:
    person = e2_profile(services)
    evaluation = evaluate(services.people.profile(person), date(2025, 7, 25), "inclusive")
    result = evaluation.rule("temporary-365")
    assert result is not None
    assert result.status is Status.GREEN
    left = result.days_left
    card = StatusCard(
        result, as_of=evaluation.as_of, warning_margin=left, projected=None, projected_through=None
    )
    qtbot.addWidget(card)
    assert card.margin_label is not None
    assert card.margin_label.text() == f"▲ Close: within your warning margin of {left} days."
    assert card.margin_label.toolTip() == f"Only {left} days left under this rule."
    assert card.edge_color == CLOSE_COLORS[0]  # the tile's edge says "close" too
    calm = StatusCard(
        result,
        as_of=evaluation.as_of,
        warning_margin=left - 1,
        projected=None,
        projected_through=None,
    )
    qtbot.addWidget(calm)
    assert calm.margin_label is None
    assert calm.edge_color == BADGE_COLORS[Status.GREEN][0]


def test_rules_that_do_not_apply_are_listed_with_their_reason(
    window: MainWindow, services: Services
) -> None:
    """Rules waiting for a permit are said apart from rules that do not apply now, and the
    collective-protection rule is left out for someone who never had that permit."""
    from app.services.setup_check import missing_permit

    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 5), "SE", today=TODAY)
    window.refresh()
    profile = services.people.profile(me(services))
    evaluation = missing_permit(evaluate(profile, TODAY, "inclusive"), profile)
    panel = window.status_panel
    waiting, not_now = panel.needs_permit.text(), panel.not_applicable.text()
    kinds = {n.kind for n in evaluation.not_applicable}
    assert kinds == {"needs_permit", "not_now", "never"}
    for skipped in evaluation.not_applicable:
        if skipped.kind == "needs_permit":
            assert skipped.title in waiting
            assert skipped.title not in not_now
        elif skipped.kind == "not_now":
            assert skipped.title in not_now
            assert skipped.reason in not_now
        else:
            assert skipped.title not in waiting + not_now
    assert "Collective protection" not in waiting + not_now
    assert waiting.startswith("Waiting for your residence permit.")
    assert panel.needs_permit.isVisibleTo(panel)
    assert panel.not_applicable.isVisibleTo(panel)


def test_collective_rule_is_listed_for_someone_who_had_that_permit(
    window: MainWindow, services: Services
) -> None:
    person = me(services)
    services.permits.add(
        person, PermitKind.COLLECTIVE_PROTECTION, date(2022, 4, 1), date(2023, 3, 31)
    )
    services.permits.add(person, PermitKind.WORK, date(2023, 4, 1), date(2026, 3, 31))
    services.people.set_key_dates(person, arrived_on=date(2022, 4, 1))
    window.refresh()
    assert "Collective protection" in window.status_panel.not_applicable.text()
    assert not window.status_panel.needs_permit.isVisibleTo(window.status_panel)


def test_planned_trips_are_projected_on_the_card(window: MainWindow, services: Services) -> None:
    person = e2_profile(services)
    services.trips.add(person, date(2025, 9, 1), date(2025, 9, 20), "SE", today=TODAY)
    window.refresh()
    card = window.status_panel.card("schengen-90-180")
    assert card is not None
    texts = [label.text() for label in card.findChildren(type(card.title))]
    projection = evaluate(services.people.profile(person), TODAY, "inclusive").projection
    assert projection is not None
    [projected] = [r for r in projection.rules if r.id == "schengen-90-180"]
    assert (
        f"With your planned trips, up to {projection.through}: at most {projected.peak_days} "
        f"days abroad (on {projected.peak_date}), ✔ OK." in texts
    )


def test_headline_follows_the_convention_setting(window: MainWindow, services: Services) -> None:
    person = e2_profile(services)
    services.settings.set_convention("whole_days")
    window.refresh()
    evaluation = evaluate(services.people.profile(person), TODAY, "whole_days")
    card = window.status_panel.card("temporary-365")
    result = evaluation.rule("temporary-365")
    assert card is not None
    assert result is not None
    assert card.days_label.text() == str(result.days_abroad) == "138"
    assert card.alternative_label is not None
    assert card.alternative_label.text() == "Counting departure and return days too: 141 (OK)"


def test_headline_sentence_first_and_explanations_on_the_cards(
    window: MainWindow, services: Services
) -> None:
    """Issue 10: the assessment's headline at the top, and why each rule stands where it does."""
    from app.services.assessment import assess

    person = e2_profile(services)
    window.refresh()
    found = assess(services.people.profile(person), TODAY, "inclusive")
    panel = window.status_panel
    assert panel.headline.isVisibleTo(panel)
    assert found.headline.text in panel.headline.text()
    assert found.headline.status == Status.RED
    card = panel.card("temporary-365")
    assert card is not None
    assert card.explanation_label is not None
    assert "Trips in it, largest first" in card.explanation_label.text()


def test_citizenship_card_names_the_year_the_plans_fill(
    window: MainWindow, services: Services
) -> None:
    """Issue 10, case 1: 50 days abroad in 2025 and a planned December trip taking the year to
    74 days: the card says so, not "OK" for the last year of the plans."""
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2019, 3, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2019, 3, 1))
    services.trips.add(person, date(2025, 3, 1), date(2025, 4, 19), "US", today=TODAY)
    services.trips.add(person, date(2025, 12, 5), date(2025, 12, 28), "US", today=TODAY)
    services.trips.add(person, date(2026, 2, 10), date(2026, 2, 14), "US", today=TODAY)
    window.refresh()
    card = window.status_panel.card("citizenship")
    assert card is not None
    texts = [label.text() for label in card.findChildren(type(card.title))]
    assert "With your planned trips, 2025 reaches 74 days abroad: over the limit." in texts
    assert "2025" in window.status_panel.headline.text()
