"""A probe that asks the engine itself, for rules whose level is not a count at fixed places."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from app.services.days import DayMask, IntArray
from app.services.planner.marks import Candidates, Detail, Probe
from app.services.results import RuleResult
from app.services.rules.context import Context
from app.services.rules.unit import RuleUnit


class EngineProbe(Probe):
    """A rule asked through the engine, one candidate at a time, on the projection context with
    the trip painted into its masks. Used where the level is not a count at fixed places (loss
    of permanent residence: year filters, 15-month resets, continuous absences). Judged against
    the record by first dates: the trip introduces a level when it brings that level's first
    date forward (or creates it)."""

    vectorised = False  # one rule evaluation per candidate

    def __init__(self, rule: RuleUnit, ctx: Context, base: RuleResult):
        self.rule_id, self.rule, self.ctx, self.base = rule.id, rule, ctx, base
        self.limit, self.lenient = base.limit, base.lenient_limit

    def context(self, cand: Candidates, index: int = 0) -> Context:
        """The projection context with candidate `index` added."""
        ctx = self.ctx

        def painted(mask: DayMask, start: int, stop: int) -> DayMask:
            if start > stop:
                return mask
            flags = mask.mask.copy()
            flags[max(start - mask.first, 0) : max(stop - mask.first + 1, 0)] = True
            return DayMask.from_mask(flags, mask.first)

        main = (int(cand.main[0][index]), int(cand.main[1][index]))
        schengen = (int(cand.schengen[0][index]), int(cand.schengen[1][index]))
        end = max(ctx.end, date.fromordinal(int(cand.back[index])))
        return replace(
            ctx,
            abroad=painted(ctx.abroad, *main),
            schengen=painted(ctx.schengen, *schengen),
            end=end,
        )

    def result(self, cand: Candidates, index: int = 0) -> RuleResult:
        """The rule's result with candidate `index` added."""
        found = self.rule.evaluate(self.context(cand, index))
        assert isinstance(found, RuleResult)  # it applied without the trip, so it applies
        return found

    def _level(self, result: RuleResult) -> int:
        return self.rule.compare(self.base, result).level

    def introduced(self, cand: Candidates) -> IntArray:
        return np.array(
            [self._level(self.result(cand, i)) for i in range(len(cand))], dtype=np.int64
        )

    def detail(self, cand: Candidates) -> Detail:
        return self.detail_of(self.result(cand))

    def detail_of(self, after: RuleResult) -> Detail:
        """The effect, from the rule's result with the trip already evaluated."""
        change = self.rule.compare(self.base, after)
        return Detail(
            level=change.level,
            first_warning=None
            if change.first_warning is None
            else change.first_warning.toordinal(),
            first_breach=None if change.first_breach is None else change.first_breach.toordinal(),
            peak=change.peak,
        )

    def already(self) -> int | None:
        breach = self.rule.breached_on(self.base)
        return None if breach is None else breach.toordinal()
