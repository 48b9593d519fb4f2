"""One person's record prepared once: the contexts every rule reads and each rule's results.

The engine, the assessment, the planner and the chart series all start from the same record on
the same date; a `Basis` builds each context (the record, the record with planned trips, the
other convention's headline) and evaluates each rule on it at most once, so one refresh or one
command evaluates the rules once, whichever views ask.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app.services.profile import Convention, Profile
from app.services.results import NotApplicable, RuleResult
from app.services.ruledata import RuleData, load_rule_data
from app.services.rules.context import Context, PreparedTrips, build_context
from app.services.rules.registry import unit

_Key = tuple[Convention, bool, bool]  # convention, projected, headline only


class Basis:
    """See the module docstring. Not thread-safe: one thread uses it at a time (a worker
    builds it, the GUI thread reads it after)."""

    def __init__(
        self,
        profile: Profile,
        as_of: date,
        convention: Convention = "inclusive",
        *,
        pr_waiting_months: int = 24,
        data: RuleData | None = None,
        prepared: PreparedTrips | None = None,
    ) -> None:
        """`prepared`: the profile's trips already prepared (equal to `PreparedTrips.of`)."""
        self.profile, self.as_of, self.convention = profile, as_of, convention
        self.pr_waiting_months = pr_waiting_months
        self.data = data or load_rule_data()
        self.prepared = PreparedTrips.of(profile) if prepared is None else prepared
        self._contexts: dict[_Key, Context] = {}
        self._results: dict[tuple[str, _Key], RuleResult | NotApplicable] = {}

    def same_inputs(
        self, profile: Profile, as_of: date, convention: Convention, pr_waiting_months: int
    ) -> bool:
        """Whether this basis is for these inputs."""
        return (
            self.as_of == as_of
            and self.convention == convention
            and self.pr_waiting_months == pr_waiting_months
            and (self.profile is profile or self.profile == profile)
        )

    def context(
        self,
        convention: Convention | None = None,
        *,
        projected: bool = False,
        headline_only: bool = False,
    ) -> Context:
        """The engine's context: the record, or with planned trips (a projection searched from
        tomorrow); `headline_only` for the other convention's figures on the date."""
        key: _Key = (convention or self.convention, projected, headline_only)
        found = self._contexts.get(key)
        if found is None:
            found = build_context(
                self.profile,
                self.as_of,
                key[0],
                self.data,
                projected=projected,
                headline_only=headline_only,
                prepared=self.prepared,
                pr_waiting_months=self.pr_waiting_months,
            )
            if projected:
                found = replace(found, since=self.as_of + timedelta(days=1))
            self._contexts[key] = found
        return found

    def result(
        self,
        rule_id: str,
        convention: Convention | None = None,
        *,
        projected: bool = False,
        headline_only: bool = False,
    ) -> RuleResult | NotApplicable:
        """One rule's own result on that context (a projection's status is as the rule reports
        it; `RuleUnit.period_status` turns it into the worst over the plans)."""
        key: _Key = (convention or self.convention, projected, headline_only)
        found = self._results.get((rule_id, key))
        if found is None:
            ctx = self.context(key[0], projected=projected, headline_only=headline_only)
            found = self._results[(rule_id, key)] = unit(rule_id).evaluate(ctx)
        return found
