"""What a `Planner` builds once per record: the rule functions, the probes, input checks, and
the engine context of the record with one more trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app.services import countries
from app.services.days import add_years
from app.services.errors import ValidationError
from app.services.planner.engine_probe import EngineProbe
from app.services.planner.marks import Probe
from app.services.planner.probes import PeriodProbe, RollingProbe, YearProbe
from app.services.planner.residence_probe import ResidenceProbe
from app.services.profile import Convention, Profile, TripSpan
from app.services.results import RuleResult
from app.services.ruledata import RuleData
from app.services.rules.context import Context, PreparedTrips, build_context, with_trip
from app.services.rules.counting import CalendarYears, PeriodTotal, RollingWindow
from app.services.rules.permanent import Levels
from app.services.rules.registry import RULES
from app.services.wording import _
from app.services.wording.formats import format_date

PLAN_YEARS = 10  # a planned return may be at most this many years ahead (the masks reach 12)


def build_probes(ctx: Context, base: dict[str, RuleResult], as_of: date) -> dict[str, Probe]:
    """A probe for each rule that applies (`base`: the rules' results on `ctx`).

    Each rule's unit says what it counts (`RuleUnit.counting`); the probe for that shape counts
    it for many candidate trips at once. A rule with no such shape is asked through its unit,
    one candidate at a time (`EngineProbe`). No rule is named here: a new unit gets its probe
    from its shape."""
    tomorrow, end = as_of.toordinal() + 1, ctx.end.toordinal()
    probes: dict[str, Probe] = {}
    for rule in RULES:
        result = base.get(rule.id)
        if result is None:
            continue
        shape = None if rule.counting is None else rule.counting(ctx)
        probe: Probe
        if isinstance(shape, RollingWindow):
            probe = RollingProbe(rule.id, shape, tomorrow=tomorrow, end=end)
        elif isinstance(shape, PeriodTotal):
            probe = PeriodProbe(rule.id, shape, tomorrow)
        elif isinstance(shape, CalendarYears):
            probe = YearProbe(rule.id, shape, tomorrow)
        elif isinstance(shape, Levels):
            probe = ResidenceProbe(rule, ctx, result, shape)
        else:
            probe = EngineProbe(rule, ctx, result)
        probes[rule.id] = probe
    return probes


def check_destination(destination: str | None) -> str | None:
    """The destination as stored (upper case), or None; raises for Norway or unknown codes.
    A country's name in English or bokmål is taken for its code ("Tyskland" → DE)."""
    code = (
        (countries.match_country(destination) or countries.normalize(destination))
        if destination
        else ""
    )
    if code == countries.HOME:
        raise ValidationError(_("Norway is home, not a destination: choose another country."))
    if code and not countries.is_known(code):
        raise ValidationError(
            _(
                "{destination!r} is not a known country code or name; use a two-letter ISO code "
                "such as SE, DE or US (SJ for Svalbard), a country's name, or leave it empty."
            ).format(destination=destination)
        )
    return code or None


def check_departure(profile: Profile, as_of: date, departure: date) -> None:
    """Raise unless `departure` can start a plan."""
    # A plan is about the future. A departure on or before today is only a plan for the way
    # home from the trip under way: its days up to today are counted already, so the plan adds
    # days from tomorrow only and leaves today's figures as they are.
    if departure <= as_of:
        under_way = [t.departure for t in profile.trips if t.return_date is None]
        if not any(start <= departure for start in under_way):
            raise ValidationError(
                _(
                    "A planned trip leaves after today ({as_of}). If you are abroad now, record "
                    "the trip you are on (with no return date) and plan your way home from its "
                    "departure date."
                ).format(as_of=format_date(as_of))
            )
    if departure > add_years(as_of, PLAN_YEARS - 2):
        raise ValidationError(
            _("Plan trips that leave within {plan_years} years of today ({as_of}).").format(
                plan_years=PLAN_YEARS - 2, as_of=format_date(as_of)
            )
        )


def check_trip(profile: Profile, as_of: date, departure: date, return_date: date) -> None:
    """Raise unless (departure, return_date) can be a plan."""
    check_departure(profile, as_of, departure)
    if return_date < departure:
        raise ValidationError(
            _("The return date {return_date} is before the departure date {departure}.").format(
                return_date=format_date(return_date), departure=format_date(departure)
            )
        )
    if return_date <= as_of:
        raise ValidationError(
            _(
                "The trip ends on or before today ({as_of}); a plan is for trips that end after "
                "today. Record past trips in the trip list."
            ).format(as_of=format_date(as_of))
        )
    if return_date > add_years(as_of, PLAN_YEARS):
        raise ValidationError(
            _("Plan trips that end within {plan_years} years of today.").format(
                plan_years=PLAN_YEARS
            )
        )


def with_trip_context(
    profile: Profile,
    prepared: PreparedTrips,
    trip: TripSpan,
    as_of: date,
    convention: Convention,
    data: RuleData,
    pr_waiting_months: int = 24,
) -> Context:
    """The engine's projection context for the record plus `trip`, built as `evaluate` would
    (same range rules), so goal dates match a full evaluation exactly. The record's trips
    are prepared once (`with_trip` adds the one trip) and the year shifts are shared."""
    longer = replace(profile, trips=(*profile.trips, trip))
    merged = with_trip(prepared, trip)
    ctx = build_context(
        longer,
        as_of,
        convention,
        data,
        projected=True,
        prepared=merged,
        pr_waiting_months=pr_waiting_months,
    )
    return replace(ctx, since=as_of + timedelta(days=1))
