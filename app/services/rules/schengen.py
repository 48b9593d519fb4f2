"""Schengen 90/180 for trips to other Schengen states (rules.md §6).

Days in Norway under the permit are not counted; days in other Schengen states count inclusive
(entry and exit day both), whatever convention the other rules use. On every day spent in
another Schengen state the 180-day window ending that day may hold at most 90 such days.
"""

from __future__ import annotations

import numpy as np

from app.services.days import IntArray, to_date
from app.services.profile import Status
from app.services.results import NotApplicable, RuleResult
from app.services.rules.common import first_true, not_applicable, peak
from app.services.rules.context import Context
from app.services.rules.counting import RollingWindow
from app.services.rules.unit import Daily, RuleUnit
from app.services.wording import _, ngettext
from app.services.wording.formats import format_date


def schengen_90_180(ctx: Context) -> RuleResult | NotApplicable:
    """At most 90 days in other Schengen states in any 180-day window."""
    info = ctx.data.rule("schengen-90-180")
    rolling = schengen_counting(ctx)
    if rolling is None:
        return not_applicable(
            info,
            _("Schengen applies from {date}.").format(date=format_date(info.effective_from)),
        )
    window, cap, mask = rolling.window, rolling.cap, rolling.mask
    end = ctx.end.toordinal()
    first_day = mask.first_set()
    if first_day is None:
        first_day = end
    days = ctx.days(ctx.search_from(min(first_day, end)), end)
    counts = mask.counts(days - window + 1, days)
    present = mask.mask[days - mask.first]
    peak_days, peak_date = peak(days, counts)
    breach = first_true(days, (counts > cap) & present)
    now_start = end - window + 1
    now = mask.count(now_start, end)

    notes: list[str] = []
    full_from = full_stay_available_from(ctx)
    if full_from is not None:
        notes.append(
            _("A fresh stay of the full {cap} days is possible from {date}.").format(
                cap=cap, date=format_date(to_date(full_from))
            )
        )
    missing = ctx.prepared.unknown_destination
    if missing:
        notes.append(
            ngettext(
                "{count} trip has no destination and is not counted here; add the country so "
                "Schengen days are counted.",
                "{count} trips have no destination and are not counted here; add the country so "
                "Schengen days are counted.",
                missing,
            ).format(count=missing)
        )
    return RuleResult(
        id=info.id,
        title=info.title,
        summary=info.summary,
        source=info.source,
        convention="inclusive",
        status=Status.RED if now > cap else Status.GREEN,
        days_abroad=now,
        limit=cap,
        lenient_limit=cap,
        window_start=to_date(now_start),
        window_end=ctx.end,
        peak_days=peak_days,
        peak_date=peak_date,
        first_warning=breach,
        first_breach=breach,
        notes=tuple(notes),
    )


def schengen_figures(ctx: Context) -> tuple[int, int]:
    """(window length, most days in it) in force on the date the figures are for."""
    figures = ctx.data.rule("schengen-90-180").version_on(ctx.end)
    return int(figures["window_days"]), int(figures["max_days"])


def schengen_counting(ctx: Context) -> RollingWindow | None:
    """What the 90/180 rule counts on `ctx`'s date: days in other Schengen states (inclusive),
    judged on the days spent there (None before the rule applies)."""
    info = ctx.data.rule("schengen-90-180")
    if ctx.end < info.effective_from:
        return None
    window, cap = schengen_figures(ctx)
    return RollingWindow(
        ctx.schengen,
        window=window,
        cap=cap,
        floor=ctx.schengen.first,
        in_force=info.effective_from.toordinal(),
        judged_when_present=True,
        schengen=True,
    )


def full_stay_available_from(ctx: Context) -> int | None:
    """Earliest entry date (ordinal) that allows a full 90-day stay, or None with no Schengen
    days: no earlier Schengen day may lie in the 90 days before it (E10)."""
    last_day = ctx.schengen.last_set(ctx.end.toordinal())
    if last_day is None:
        return None
    return max(last_day + 91, ctx.end.toordinal())


def schengen_daily(ctx: Context, days: IntArray) -> Daily:
    """Days in other Schengen states in the 180 days ending on each day."""
    info = ctx.data.rule("schengen-90-180")
    window = schengen_figures(ctx)[0]
    values = ctx.schengen.counts(days - window + 1, days)
    return Daily(values, np.asarray(days >= info.effective_from.toordinal(), dtype=np.bool_))


UNIT = RuleUnit(
    "schengen-90-180",
    schengen_90_180,
    daily=schengen_daily,
    counting=schengen_counting,
    needs_permit=False,  # it holds whatever permit a person has, or none
)
