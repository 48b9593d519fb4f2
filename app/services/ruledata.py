"""The dated rule figures in `resources/rules/rules.json`, loaded into typed values.

Limits, windows, month conversions, effective dates and source links live in that file so a
change in UDI practice is a data change. Each rule keeps dated versions; `version_on(day)` picks
the one in force on a date (rules.md §9).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from app.services.resources import resource_path
from app.services.wording.core import _
from app.services.wording.formats import format_date


@dataclass(frozen=True, slots=True)
class MonthLimit:
    """A limit stated in months, as two day figures (rules.md §0.3)."""

    conservative: int
    lenient: int


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What every rule has: a title, a one-sentence summary, a source and dated versions."""

    id: str
    # English as in rules.json; `title` and `summary` give them in the current language.
    title_en: str
    summary_en: str
    source: str
    raw: dict[str, Any]
    versions: tuple[tuple[date, dict[str, Any]], ...]

    @property
    def title(self) -> str:
        """The rule's title in the current language."""
        return _(self.title_en)

    @property
    def summary(self) -> str:
        """The rule's one-sentence summary in the current language."""
        return _(self.summary_en)

    def version_on(self, day: date) -> dict[str, Any]:
        """The figures in force on `day` (the earliest version for days before all of them)."""
        chosen = self.versions[0][1]
        for effective_from, figures in self.versions:
            if effective_from <= day:
                chosen = figures
        return chosen

    @property
    def effective_from(self) -> date:
        """The day the rule first applied."""
        return self.versions[0][0]


@dataclass(frozen=True, slots=True)
class RuleData:
    """All rules plus the shared month conversions."""

    months: dict[int, MonthLimit]
    rules: dict[str, RuleInfo]
    # The day the figures were last checked against the sources ("rules checked on").
    checked_on: date | None = None
    # Questions the sources leave open (rules.md §10), shown where the rules are explained;
    # English as in the file, translated where shown (`_`).
    open_questions: tuple[str, ...] = ()

    def month_limit(self, months: int) -> MonthLimit:
        """Day figures for a limit of `months` months."""
        return self.months[months]

    def rule(self, rule_id: str) -> RuleInfo:
        """One rule by its id, for example `temporary-365`."""
        return self.rules[rule_id]


def parse_rule_data(document: dict[str, Any]) -> RuleData:
    """Build `RuleData` from the JSON document's structure."""
    months = {
        int(key): MonthLimit(int(value["conservative"]), int(value["lenient"]))
        for key, value in document["month_conversions"].items()
    }
    rules: dict[str, RuleInfo] = {}
    for rule_id, body in document["rules"].items():
        versions = sorted(
            ((date.fromisoformat(v["effective_from"]), dict(v)) for v in body["versions"]),
            key=lambda pair: pair[0],
        )
        rules[rule_id] = RuleInfo(
            id=rule_id,
            title_en=body["title"],
            summary_en=body["summary"],
            source=body["source"],
            raw=body,
            versions=tuple(versions),
        )
    checked = document.get("rules_checked_on")
    return RuleData(
        months=months,
        rules=rules,
        checked_on=None if checked is None else date.fromisoformat(checked),
        open_questions=tuple(str(q) for q in document.get("open_questions", ())),
    )


def rules_checked_sentence(data: RuleData | None = None) -> str:
    """ "Rules checked against UDI's sources on 2026-12-01." (About, status, report)."""
    checked = (data or load_rule_data()).checked_on
    if checked is None:
        return _("The date the rules were last checked against UDI's sources is not recorded.")
    return _("Rules checked against UDI's sources on {date}.").format(date=format_date(checked))


@cache
def load_rule_data() -> RuleData:
    """The rule data shipped with the app (read once per process)."""
    with resource_path("rules", "rules.json").open(encoding="utf-8") as handle:
        return parse_rule_data(json.load(handle))
