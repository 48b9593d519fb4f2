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
from app.services.rules.citizenship import residence_from
from app.services.rules.context import Context, PreparedTrips, build_context
from app.services.rules.registry import unit
from app.services.rules.temporary import period_permit, window_floor
from app.services.wording import _
from app.services.wording.formats import format_date

PLAN_YEARS = 10  # a planned return may be at most this many years ahead (the masks reach 12)


def build_probes(ctx: Context, base: dict[str, RuleResult], as_of: date) -> dict[str, Probe]:
    """A probe for each rule that applies (`base`: the rules' results on `ctx`).

    The vectorised probes read every figure from the rule itself (its window floor, its
    limits); the others ask the rule's unit (`EngineProbe`)."""
    data = ctx.data
    tomorrow, end = as_of.toordinal() + 1, ctx.end.toordinal()
    probes: dict[str, Probe] = {}
    floor = window_floor(ctx) if "temporary-365" in base else None
    if floor is not None:
        info = data.rule("temporary-365")
        figures = info.version_on(ctx.end)
        probes["temporary-365"] = RollingProbe(
            "temporary-365",
            ctx.abroad,
            window=int(figures["window_days"]),
            cap=int(figures["max_days"]),
            clamp=floor,
            tomorrow=tomorrow,
            end=end,
            in_force=info.effective_from.toordinal(),
            schengen=False,
        )
    period = base.get("temporary-permit-period")
    current = period_permit(ctx) if period is not None else None
    if period is not None and current is not None and current.valid_to is not None:
        probes[period.id] = PeriodProbe(
            ctx.abroad,
            current.valid_from.toordinal(),
            current.valid_to.toordinal(),
            period.limit,
            period.lenient_limit,
            tomorrow,
        )
    if "collective-protection" in base:
        # Its day tests through the engine; a trip to Ukraine is judged in `Planner.plan`.
        probes["collective-protection"] = EngineProbe(
            unit("collective-protection"), ctx, base["collective-protection"]
        )
    if "permanent-residence" in base:
        probes["permanent-residence"] = ResidenceProbe(
            unit("permanent-residence"), ctx, base["permanent-residence"]
        )
    if "permanent-residence-loss" in base:
        probes["permanent-residence-loss"] = EngineProbe(
            unit("permanent-residence-loss"), ctx, base["permanent-residence-loss"]
        )
    if "citizenship" in base:
        start = residence_from(ctx)
        assert start is not None  # the rule applies, so there is a start
        deduction = data.rule("citizenship").raw["deduction"]
        probes["citizenship"] = YearProbe(
            ctx.abroad,
            start.toordinal(),
            int(deduction["no_deduction_max"]),
            int(deduction["always_deducted_min"]),
            tomorrow,
        )
    if "schengen-90-180" in base:
        info = data.rule("schengen-90-180")
        figures = info.version_on(ctx.end)
        probes["schengen-90-180"] = RollingProbe(
            "schengen-90-180",
            ctx.schengen,
            window=int(figures["window_days"]),
            cap=int(figures["max_days"]),
            clamp=ctx.schengen.first,
            tomorrow=tomorrow,
            end=end,
            in_force=info.effective_from.toordinal(),
            schengen=True,
        )
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
    (same range rules), so goal dates match a full evaluation exactly. The cache of year
    shifts is shared with the record's (about 1 ms of preparing at 2,000 trips remains)."""
    longer = replace(profile, trips=(*profile.trips, trip))
    merged = replace(PreparedTrips.of(longer), shifts=prepared.shifts)
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
