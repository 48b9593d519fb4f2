"""The sentences of the explanations and the headline, each whole, with named placeholders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.services.profile import Status
from app.services.results import RuleResult
from app.services.wording.core import _, days_words, ngettext
from app.services.wording.formats import format_date
from app.services.wording.labels import STATUS_IN_SENTENCE


def window_sentence(days: int, start: date | None, end: date, limit: int) -> str:
    """ "120 days abroad between A and B, the window that counts now (limit 182)." """
    if start is None:
        return _("{days} abroad up to {end} (limit {limit}).").format(
            days=days_words(days), end=format_date(end), limit=limit
        )
    return _(
        "{days} abroad between {start} and {end}, the window that counts now (limit {limit})."
    ).format(days=days_words(days), start=format_date(start), end=format_date(end), limit=limit)


def trips_sentence(parts: list[tuple[date, date | None, int]], more: int) -> str:
    """The trips that fill the window, largest first."""
    if not parts:
        return _("No trip falls in this window.")
    listed = "; ".join(
        _("{departure} to {back}: {days}").format(
            departure=format_date(departure),
            back=format_date(back) if back is not None else _("under way"),
            days=days_words(days),
        )
        for departure, back, days in parts
    )
    text = _("Trips in it, largest first: {trips}.").format(trips=listed)
    if more:
        text += " " + ngettext("And {count} more trip.", "And {count} more trips.", more).format(
            count=more
        )
    return text


def roll_off_sentence(on: date, days: int, until: date) -> str:
    """When days leave the window if you travel no more."""
    if on == until:
        return ngettext(
            "If you travel no more, you regain {count} day on {on}.",
            "If you travel no more, you regain {count} days on {on}.",
            days,
        ).format(count=days, on=format_date(on))
    return ngettext(
        "If you travel no more, you regain {count} day from {on} to {until}.",
        "If you travel no more, you regain {count} days from {on} to {until}, one a day.",
        days,
    ).format(count=days, on=format_date(on), until=format_date(until))


def year_reset_sentence(on: date, days: int) -> str:
    """Citizenship: the count starts again on 1 January."""
    return ngettext(
        "On {on} the count starts again from zero ({count} day this year).",
        "On {on} the count starts again from zero ({count} days this year).",
        days,
    ).format(on=format_date(on), count=days)


def come_home_sentence(
    by: date,
    as_of: date,
    status: Status,
    lenient: date | None = None,
    *,
    show: Callable[[date], str] = format_date,
) -> str:
    """When to be back for one rule, abroad now. `show` writes the date (the window bolds it).

    Coming home today cannot keep OK a rule that is over, or borderline, already.
    """
    if by <= as_of and status is Status.RED:
        return _("Over the limit already: every further day abroad counts against this rule.")
    if by <= as_of and status is Status.AMBER:
        return _("Borderline already: every further day abroad counts against this rule.")
    if by <= as_of:
        return _("Come home today to keep this rule OK.")
    text = _("Come home by {date} to keep this rule OK.").format(date=show(by))
    if lenient is not None and lenient != by:
        text += " " + _("On the lenient reading: by {date}.").format(date=show(lenient))
    return text


def abroad_since_sentence(since: date, days: int) -> str:
    """The trip under way, first line of the banner."""
    return ngettext(
        "Abroad since {since}: {count} day so far.",
        "Abroad since {since}: {count} days so far.",
        days,
    ).format(since=format_date(since), count=days)


def no_limit_on_trip_sentence() -> str:
    return _("No rule limits this trip within the coming years.")


def come_home_today_sentence(title: str, status: Status) -> str:
    """Be back today for the tightest rule (`status`: its verdict now)."""
    if status is Status.RED:
        return _(
            "{rule} is over its limit already: come home as soon as you can, every further "
            "day abroad counts against it."
        ).format(rule=title)
    if status is Status.AMBER:
        return _(
            "Come home today: {rule} is borderline already, and every further day abroad "
            "counts against it."
        ).format(rule=title)
    return _("Come home today to keep {rule} OK.").format(rule=title)


def come_home_by_sentence(by: date, days_left: int, title: str) -> str:
    return ngettext(
        "Come home by {date}: {count} day left under {rule}.",
        "Come home by {date}: {count} days left under {rule}.",
        days_left,
    ).format(date=format_date(by), count=days_left, rule=title)


def booked_return_ok_sentence(on: date) -> str:
    return _("Your booked return on {date} keeps every rule OK.").format(date=format_date(on))


def booked_return_not_ok_sentence(on: date, title: str, status: Status) -> str:
    """A booked return that breaks a rule (RED) or makes it borderline (AMBER)."""
    if status is Status.RED:
        return _("Your booked return on {date} is too late for {rule}.").format(
            date=format_date(on), rule=title
        )
    return _("Your booked return on {date} makes {rule} borderline.").format(
        date=format_date(on), rule=title
    )


def booked_return_too_late_sentence(
    on: date, title: str, status: Status, by: date, days_left: int
) -> str:
    """A booked return that breaks (RED) or strains (AMBER) the rule that also sets the
    come-home date, `days_left` days from today: one sentence for both."""
    if status is Status.RED:
        return ngettext(
            "Your booked return on {date} is too late for {rule}: come home by {by}, {count} "
            "day from now.",
            "Your booked return on {date} is too late for {rule}: come home by {by}, {count} "
            "days from now.",
            days_left,
        ).format(date=format_date(on), rule=title, by=format_date(by), count=days_left)
    return ngettext(
        "Your booked return on {date} makes {rule} borderline: come home by {by}, {count} day "
        "from now.",
        "Your booked return on {date} makes {rule} borderline: come home by {by}, {count} days "
        "from now.",
        days_left,
    ).format(date=format_date(on), rule=title, by=format_date(by), count=days_left)


def under_way_sentence(
    since: date, come_home_by: date | None, lenient: date | None, as_of: date, status: Status
) -> str:
    """A trip under way, for one rule."""
    text = _("You are abroad (since {since}): figures shown assuming you are back today.").format(
        since=format_date(since)
    )
    if come_home_by is not None:
        text += " " + come_home_sentence(come_home_by, as_of, status, lenient)
    return text


def not_met_sentence(label: str, value: int, limit: int) -> str:
    return _("{label}: {value}, limit {limit}.").format(label=label, value=value, limit=limit)


def met_from_sentence(on: date) -> str:
    return _("You meet every test from {date}.").format(date=format_date(on))


def never_met_sentence() -> str:
    return _("Not met within the years ahead on this record.")


def residence_incomplete_sentence(value: int, needed: int) -> str:
    return _(
        "Your qualifying period is not complete yet: {value} of {needed} days of residence."
    ).format(value=value, needed=needed)


def route_sentence(title: str, on: date | None) -> str:
    if on is None:
        return _("{route}: not met within the years ahead.").format(route=title)
    return _("{route}: met on {date}.").format(route=title, date=format_date(on))


def deducted_years_sentence(years: list[tuple[int, int]], limit: int) -> str:
    """`limit`: the most days abroad a calendar year can hold with no deduction (the rule's)."""
    listed = ", ".join(
        _("{year} ({days})").format(year=year, days=days_words(days)) for year, days in years
    )
    return _(
        "Deducted years push the date later by their days abroad: {years}. Keeping a year at "
        "{limit} days or fewer avoids a deduction."
    ).format(years=listed, limit=limit)


# --- headline --------------------------------------------------------------------------------


def headline_over(title: str, days: int, limit: int) -> str:
    return _("{rule}: over the limit now, {days} against a limit of {limit}.").format(
        rule=title, days=days_words(days), limit=limit
    )


def headline_year_deducted(year: int, days: int) -> str:
    return _(
        "{year} has {days} abroad: all of them would be deducted from your residence time for "
        "citizenship."
    ).format(year=year, days=days_words(days))


def headline_plans_year(year: int, days: int) -> str:
    return _(
        "Your planned trips take {year} to {days} abroad: all of that year's days abroad would "
        "be deducted for citizenship."
    ).format(year=year, days=days_words(days))


def headline_plans_break(title: str, on: date | None) -> str:
    if on is None:
        return _("Your planned trips break a rule: {rule}.").format(rule=title)
    return _("Your planned trips break {rule} from {date}.").format(
        rule=title, date=format_date(on)
    )


def headline_plans_borderline(title: str) -> str:
    return _(
        "Your planned trips make {rule} borderline: it depends on how UDI counts months."
    ).format(rule=title)


def headline_borderline(title: str, days: int, limit: int) -> str:
    return _("{rule}: borderline now, {days} against a limit of {limit}.").format(
        rule=title, days=days_words(days), limit=limit
    )


def headline_ok(title: str, left: int) -> str:
    return _("Every rule is OK. The tightest is {rule}, with {days} left.").format(
        rule=title, days=days_words(left)
    )


def headline_no_permit() -> str:
    return _(
        "Record your residence permit to see where you stand: most limits depend on its kind "
        "and dates."
    )


def headline_nothing() -> str:
    return _("No rule applies yet: record your permits and trips to see where you stand.")


def reminder_moved_sentence(old: date, new: date | None) -> str:
    if new is None:
        return _("Your planned trips move this date from {old} to beyond the next years.").format(
            old=format_date(old)
        )
    return _("Your planned trips move this date from {old} to {new}.").format(
        old=format_date(old), new=format_date(new)
    )


def reminder_under_way_sentence() -> str:
    return _("You are abroad now: this date assumes you are back today.")


def projection_line(result: RuleResult, as_of: date) -> str:
    """One rule with the planned trips: the worst over their period, with its reason."""
    status = STATUS_IN_SENTENCE[result.status]
    worse_years = [y for y in result.years if y.year >= as_of.year and y.status != Status.GREEN]
    if result.id == "citizenship" and worse_years:
        year = max(worse_years, key=lambda y: (y.status == Status.RED, y.days))
        return _("{rule}: {status}: {year} reaches {days} abroad.").format(
            rule=result.title, status=status, year=year.year, days=days_words(year.days)
        )
    if result.first_breach is not None:
        return _("{rule}: {status}, first over the limit on {date} ({days} at the end).").format(
            rule=result.title,
            status=status,
            date=format_date(result.first_breach),
            days=days_words(result.days_abroad),
        )
    return _("{rule}: {status} ({days} at the end of your plans).").format(
        rule=result.title, status=status, days=days_words(result.days_abroad)
    )


def planned_year_sentence(result: RuleResult, as_of: date) -> str | None:
    """Citizenship with the planned trips: the calendar year they make worst, or None."""
    worse_years = [y for y in result.years if y.year >= as_of.year and y.status != Status.GREEN]
    if result.id != "citizenship" or not worse_years:
        return None
    year = max(worse_years, key=lambda y: (y.status == Status.RED, y.days))
    return _("With your planned trips, {year} reaches {days} abroad: {status}.").format(
        year=year.year, days=days_words(year.days), status=STATUS_IN_SENTENCE[year.status]
    )
