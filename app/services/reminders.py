"""Reminders of the deadlines in rules.md §8, from a person's permits and key dates.

- a temporary permit that has not been followed by another: start the renewal 3 months before
  it expires (UDI's advice for work permits), register the application online no later than
  37 days before (enough when the police have no appointment in time), and apply no later than
  1 month before (utf. § 10-25: applying later loses the right to stay while UDI decides). A
  temporary permit's card runs out with the permit, so its renewal is the permit's;
- a permanent residence card, valid 2 years: order a new one 3 months before it runs out
  (counted from the grant date, since Borte does not know when the card was issued);
- the earliest dates permanent residence and citizenship become possible (with the planned
  trips counted), while no application is recorded.

Only reminders on or after `as_of` − 7 days are returned, so one that has just passed still
shows for a week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.services.days import add_months, add_years
from app.services.engine import evaluate
from app.services.profile import Convention, PermitKind, PermitSpan, Profile
from app.services.results import Evaluation, RuleResult
from app.services.ruledata import load_rule_data
from app.services.rules.collective import permit_end as collective_permit_end
from app.services.wording import PERMIT_KIND_LABELS, _
from app.services.wording.explain import reminder_moved_sentence, reminder_under_way_sentence
from app.services.wording.formats import format_date

RECENT_DAYS = 7
CARD_YEARS = 2  # a permanent residence card is valid for two years (rules.md §8)

SOURCE_RENEWAL_ADVICE = (
    "https://www.udi.no/har-fatt-svar/arbeidsinnvandring/har-fatt-ja-pa-soknad-om-"
    "arbeidsinnvandring/hvor-lenger-varer-oppholdstillatelsen/"
)
SOURCE_ONLINE = (
    "https://www.udi.no/ord-og-begreper/timebestilling/hva-skjer-med-rettighetene-mine-hvis-jeg-"
    "skal-soke-fornyelse-men-ikke-far-time-hos-politiet-i-tide/"
)
SOURCE_RIGHTS = (
    "https://www.udiregelverk.no/no/rettskilder/sentrale/utlendingsforskriften/kap10/10-25/"
)
SOURCE_CARD = (
    "https://www.udi.no/en/want-to-renew/replace-your-residence-card-or-the-sticker-in-your-"
    "passport-/krav-til-a-bestille-nytt-oppholdskort/"
)

# Same-day reminders are listed in this order.
KIND_ORDER = (
    "renewal-start",
    "collective-extension",
    "renewal-online",
    "renewal-last-day",
    "card-renewal",
    "permanent-residence",
    "citizenship",
)


@dataclass(frozen=True, slots=True)
class Reminder:
    """One dated reminder. `key` names what it is about (for example the permit's expiry
    date), so a calendar event keeps its identity when the date moves."""

    on: date
    kind: str
    title: str
    detail: str
    source: str
    key: str = ""

    @property
    def uid(self) -> str:
        """A stable identifier: the same reminder gets the same one on every export."""
        return f"{self.kind}-{self.key or 'once'}@borte"


def _superseded(permit: PermitSpan, permits: tuple[PermitSpan, ...]) -> bool:
    """Whether a later permit follows this one (it was renewed or replaced)."""
    return any(other.valid_from > permit.valid_from for other in permits)


def _permit_reminders(permits: tuple[PermitSpan, ...]) -> list[Reminder]:
    found: list[Reminder] = []
    for permit in permits:
        if permit.valid_to is None or permit.kind in (
            PermitKind.PERMANENT,
            PermitKind.EEA_REGISTRATION,  # a registration certificate is issued once (§7)
        ):
            continue
        if _superseded(permit, permits):
            continue
        expiry = permit.valid_to
        kind_words = PERMIT_KIND_LABELS[permit.kind]
        key = expiry.isoformat()
        found += [
            Reminder(
                add_months(expiry, -3),
                "renewal-start",
                _("Start renewing your residence permit"),
                _(
                    "Your permit ({kind_words}) expires on {expiry}. UDI advises applying about "
                    "three months before it expires (students: two to three months); processing "
                    "takes time."
                ).format(kind_words=kind_words, expiry=format_date(expiry)),
                SOURCE_RENEWAL_ADVICE,
                key,
            ),
            Reminder(
                expiry - timedelta(days=37),
                "renewal-online",
                _("Last day to register your renewal online"),
                _(
                    "If the police have no appointment before your permit expires on {expiry}, "
                    "registering the application online by this date (37 days before) keeps your "
                    "rights while UDI decides."
                ).format(expiry=format_date(expiry)),
                SOURCE_ONLINE,
                key,
            ),
            Reminder(
                add_months(expiry, -1),
                "renewal-last-day",
                _("Last day to apply for renewal and keep your rights"),
                _(
                    "Apply at least one month before your permit expires on {expiry} to keep the "
                    "same rights while UDI decides (utf. § 10-25). Applying later means you may "
                    "have to stop working or leave until a decision."
                ).format(expiry=format_date(expiry)),
                SOURCE_RIGHTS,
                key,
            ),
        ]
    return found


def _collective_reminders(profile: Profile, evaluation: Evaluation) -> list[Reminder]:
    """Before a collective-protection permit ends: more than 6 months abroad in its last year
    means it may not be extended (rules.md §1.3a)."""
    result = evaluation.rule("collective-protection")
    if result is None:
        return []
    extension = next(c for c in result.checks if c.id == "extension")
    permit = max(
        (p for p in profile.permits if p.kind == PermitKind.COLLECTIVE_PROTECTION),
        key=lambda p: p.valid_from,
    )
    if _superseded(permit, profile.permits):
        return []
    expiry = collective_permit_end(permit)
    return [
        Reminder(
            add_months(expiry, -3),
            "collective-extension",
            _("Collective protection: check your time abroad before the extension"),
            _(
                "Your permit ends on {expiry}. So far you have been abroad {value} days in the "
                "year before that date; more than 6 months ({limit} days, up to {lenient_limit} "
                "depending on how UDI counts months) means the permit may not be extended."
            ).format(
                expiry=format_date(expiry),
                value=extension.value,
                limit=extension.limit,
                lenient_limit=extension.lenient_limit,
            ),
            str(load_rule_data().rule(result.id).raw["extension_source"]),
            expiry.isoformat(),
        )
    ]


def _card_reminders(permits: tuple[PermitSpan, ...], as_of: date) -> list[Reminder]:
    """The next permanent residence card renewal (cards last two years)."""
    found: list[Reminder] = []
    for permit in permits:
        if permit.kind != PermitKind.PERMANENT:
            continue
        expiry = add_years(permit.valid_from, CARD_YEARS)
        while add_months(expiry, -3) < as_of - timedelta(days=RECENT_DAYS):
            expiry = add_years(expiry, CARD_YEARS)
        found.append(
            Reminder(
                add_months(expiry, -3),
                "card-renewal",
                _("Order a new residence card"),
                _(
                    "A permanent residence card is valid for two years. Counting from your grant "
                    "on {valid_from}, yours runs out on {expiry}: check the date on your card. "
                    "Order the new card about three months before; it is free if you order "
                    "before the old one expires."
                ).format(valid_from=format_date(permit.valid_from), expiry=format_date(expiry)),
                SOURCE_CARD,
                expiry.isoformat(),
            )
        )
    return found


def _goal_reminders(profile: Profile, evaluation: Evaluation, as_of: date) -> list[Reminder]:
    if not profile.permits:
        return []  # residence time needs a permit: no "you can apply" date without one
    found: list[Reminder] = []
    projected = evaluation.projection.rules if evaluation.projection else evaluation.rules
    results = {r.id: r for r in projected}
    key = profile.key_dates

    def goal(rule_id: str, applied: date | None, title: str, detail: str) -> None:
        result: RuleResult | None = results.get(rule_id)
        if result is None or applied is not None or result.earliest_met is None:
            return
        if result.earliest_met < as_of - timedelta(days=RECENT_DAYS):
            return  # met long ago: nothing to remind of
        # Never move a date silently: say what the plans do to it, and what it assumes.
        record = evaluation.rule(rule_id)
        if record is not None and record.earliest_met not in (None, result.earliest_met):
            assert record.earliest_met is not None
            detail += " " + reminder_moved_sentence(record.earliest_met, result.earliest_met)
        # Looked for only with a reminder to make: a scan of every trip.
        if any(t.return_date is None and t.departure <= as_of for t in profile.trips):
            detail += " " + reminder_under_way_sentence()
        found.append(Reminder(result.earliest_met, rule_id, title, detail, result.source))

    planned = (" " + _("(counting your planned trips)")) if evaluation.projection else ""
    goal(
        "permanent-residence",
        key.pr_applied_on,
        _("You can apply for permanent residence"),
        _(
            "From this date you meet the residence-time and absence rules{planned}. They must "
            "still hold when UDI decides, often two years later, so keep within the limits while "
            "you wait. Check the other conditions on your checklist (income, the oral Norwegian "
            "test at A2 from 1 September 2025, the social studies test) and on udi.no."
        ).format(planned=planned),
    )
    goal(
        "citizenship",
        key.citizenship_applied_on,
        _("You can apply for Norwegian citizenship"),
        _(
            "From this date you meet the residence-time requirement{planned}. You must also meet "
            "the conditions for permanent residence when UDI decides, and keep a valid permit "
            "(renew it at least one month before it expires) while you wait."
        ).format(planned=planned),
    )
    return found


def reminders(
    profile: Profile,
    as_of: date,
    *,
    pr_waiting_months: int = 24,
    convention: Convention = "inclusive",
) -> list[Reminder]:
    """Every reminder due from a week before `as_of` on, sorted by date (as the assessment
    gives them: until a permit is recorded, the rules that need one give none)."""
    from app.services.setup_check import missing_permit

    evaluation = evaluate(profile, as_of, convention, pr_waiting_months=pr_waiting_months)
    return reminders_for(profile, missing_permit(evaluation, profile))


def reminders_for(profile: Profile, evaluation: Evaluation) -> list[Reminder]:
    """The reminders from an evaluation already made (the assessment reads this)."""
    as_of = evaluation.as_of
    found = [
        *_permit_reminders(profile.permits),
        *_card_reminders(profile.permits, as_of),
        *_collective_reminders(profile, evaluation),
        *_goal_reminders(profile, evaluation, as_of),
    ]
    since = as_of - timedelta(days=RECENT_DAYS)
    return sorted(
        (r for r in found if r.on >= since),
        key=lambda r: (r.on, KIND_ORDER.index(r.kind), r.key),
    )
