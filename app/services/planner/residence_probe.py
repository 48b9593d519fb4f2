"""Permanent residence in the planner, vectorised: the rule's own daily tests
(`permanent.daily_levels`) read at the dates that matter for each candidate trip.

It answers exactly what `permanent_residence_compare` says on the engine's result with the
trip added: the trip breaks the rule when, with no application recorded, the earliest date is
no longer met (it moves later), or when the worst of the dates that matter (application or
"if you apply on your return", and the expected decision) gets worse. Only the level is
vectorised; the verdict's dates and figures come from the engine (`EngineProbe`).
"""

from __future__ import annotations

import numpy as np

from app.services.days import BoolArray, IntArray, shift_months
from app.services.planner.engine_probe import EngineProbe
from app.services.planner.marks import Candidates, free_in
from app.services.results import RuleResult
from app.services.rules.context import Context
from app.services.rules.permanent import Levels, absence_levels
from app.services.rules.unit import LEVEL_OF, RuleUnit


class ResidenceProbe(EngineProbe):
    """See the module docstring."""

    vectorised = True
    cost = 2  # the rule's tests at two or three dates per candidate

    def __init__(self, rule: RuleUnit, ctx: Context, base: RuleResult, levels: Levels) -> None:
        super().__init__(rule, ctx, base)
        self.levels = levels  # the rule's own tests on every day (its `counting`)
        self.first_day = int(self.levels.days[0])
        self.as_of = ctx.as_of.toordinal()
        self.end = ctx.end.toordinal()
        self.applied = ctx.profile.key_dates.pr_applied_on
        self.earliest = base.earliest_met
        self.worst_before = max((LEVEL_OF[e.status] for e in base.evaluations[1:]), default=0)

    def _level_at(self, days: IntArray, lo: IntArray, hi: IntArray) -> tuple[IntArray, BoolArray]:
        """(level, met) on `days` (ordinals, inside the range) with abroad days [lo, hi] added."""
        arrays = self.levels
        index = days - self.first_day
        window = arrays.window_start[index]
        added = free_in(self.ctx.abroad, np.maximum(window, lo), np.minimum(days, hi))
        count = arrays.absent[index] + added
        absence = absence_levels(self.ctx, arrays.track, count, arrays.employer[index])
        level = np.maximum(absence, arrays.gap_level[index])
        return level, arrays.complete[index] & (level == 0)

    def introduced(self, cand: Candidates) -> IntArray:
        size = len(cand)
        if size == 0:
            return np.zeros(0, dtype=np.int64)
        lo, hi = cand.main
        last = self.first_day + self.levels.days.size - 1
        moved = np.zeros(size, dtype=np.bool_)
        earliest = None if self.earliest is None else self.earliest.toordinal()
        if self.applied is None and earliest is not None and earliest > self.as_of:
            _, met = self._level_at(np.full(size, earliest, np.int64), lo, hi)
            moved = ~met
        if self.applied is not None:
            application = np.full(size, self.applied.toordinal(), np.int64)
        elif earliest is None:
            return np.where(moved, 2, 0).astype(np.int64)
        else:
            ends = np.maximum(self.end, cand.back)
            application = np.where(earliest > ends, earliest, ends)
        decision = shift_months(application, self.ctx.pr_waiting_months)
        worst = np.zeros(size, dtype=np.int64)
        for on in (application, decision):
            inside = (on >= self.first_day) & (on <= last)
            clipped = np.clip(on, self.first_day, last)
            level, _ = self._level_at(clipped, lo, hi)
            worst = np.maximum(worst, np.where(inside, level, 0))
        worse = np.where(worst > self.worst_before, worst, 0)
        result: IntArray = np.where(moved | (worse == 2), 2, worse).astype(np.int64)
        return result


__all__ = ["ResidenceProbe"]
