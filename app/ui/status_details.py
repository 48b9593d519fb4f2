"""The lines under a status tile: key dates, other checks, dated checks, the planned trips.

Each line says whether it is *key* (shown on the tile itself: a breach, plans that break or
strain the rule) or detail (behind the tile's "Why?" button).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from app.services.profile import Status
from app.services.results import RuleResult
from app.services.wording import _, days_words, status_text
from app.services.wording.explain import planned_year_sentence
from app.services.wording.labels import check_status_text
from app.ui.qt_dates import show_date


@dataclass(frozen=True, slots=True)
class DetailLine:
    """One rich-text line (already escaped) and whether the tile shows it without a click."""

    text: str
    key: bool = False


def _b(day: date | None, empty: str = "") -> str:
    return f"<b>{show_date(day, empty)}</b>"


def _goal_lines(result: RuleResult, as_of: date) -> list[DetailLine]:
    lines: list[DetailLine] = []
    if result.earliest_met is not None and not result.routes:
        if result.earliest_met <= as_of:
            text = _("Requirement met since {date}.").format(date=_b(result.earliest_met))
        else:
            text = _("Requirement met from {date} at the earliest.").format(
                date=_b(result.earliest_met)
            )
        lines.append(DetailLine(text))
    for route in result.routes:
        when = _b(route.earliest_met, _("not within the coming years"))
        if route.applies:
            text = _("{route}: met from {date}").format(route=html.escape(route.title), date=when)
        else:
            text = _("{route}: met from {date} <i>({condition})</i>").format(
                route=html.escape(route.title),
                date=when,
                condition=html.escape(route.note or _("if it applies to you")),
            )
        lines.append(DetailLine(text))
    return lines


def _planned_line(
    projected: RuleResult | None, as_of: date, through: date | None
) -> DetailLine | None:
    if projected is None:
        return None
    key = projected.status is not Status.GREEN  # plans that strain the rule: on the tile
    year_sentence = planned_year_sentence(projected, as_of)
    if year_sentence is not None:
        return DetailLine(html.escape(year_sentence), key)
    if through is None:
        return None
    status = status_text(projected.status)
    # The peak, not the figure on the last day: a planned trip matters most while the window
    # still holds it.
    if projected.peak_days is not None and projected.peak_date is not None:
        if projected.first_breach is not None:
            text = _(
                "With your planned trips, up to {through}: at most {days} abroad "
                "(on {peak}), {status} from {breach}."
            )
        else:
            text = _(
                "With your planned trips, up to {through}: at most {days} abroad "
                "(on {peak}), {status}."
            )
        days = projected.peak_days
    elif projected.first_breach is not None:
        text = _(
            "With your planned trips, up to {through}: {days} abroad on {through}, "
            "{status} from {breach}."
        )
        days = projected.days_abroad
    else:
        text = _("With your planned trips, up to {through}: {days} abroad on {through}, {status}.")
        days = projected.days_abroad
    return DetailLine(
        text.format(
            through=show_date(through),
            days=days_words(days),
            peak=show_date(projected.peak_date),
            status=status,
            breach=_b(projected.first_breach),
        ),
        key,
    )


def detail_lines(
    result: RuleResult, as_of: date, projected: RuleResult | None, through: date | None
) -> list[DetailLine]:
    """Everything the engine says about `result` beyond its headline numbers."""
    lines: list[DetailLine] = []
    if result.first_breach is not None:
        text = _("First over the limit on {date}.").format(date=_b(result.first_breach))
        lines.append(DetailLine(text, key=True))
    elif result.first_warning is not None and result.status is not Status.GREEN:
        text = _("Borderline since {date}.").format(date=show_date(result.first_warning))
        lines.append(DetailLine(text, key=True))
    lines.extend(_goal_lines(result, as_of))
    for check in result.checks[1:]:
        # A check with no allowance counts flags (trips to Ukraine): no "of 0".
        if check.lenient_limit > 0:
            text = _("{check}: {value} of {limit} ({status})")
        else:
            text = _("{check}: {value} ({status})")
        lines.append(
            DetailLine(
                text.format(
                    check=html.escape(check.label),
                    value=check.value,
                    limit=check.limit,
                    status=check_status_text(check),
                ),
                key=check.status is not Status.GREEN,
            )
        )
    for dated in result.evaluations[1:]:
        if dated.includes_planned:
            text = _("{label} ({date}, with planned trips): {days} abroad, {status}")
        else:
            text = _("{label} ({date}): {days} abroad, {status}")
        lines.append(
            DetailLine(
                text.format(
                    label=html.escape(dated.label),
                    date=show_date(dated.on),
                    days=days_words(dated.days_abroad),
                    status=status_text(dated.status),
                )
            )
        )
    planned = _planned_line(projected, as_of, through)
    if planned is not None:
        lines.append(planned)
    return lines
