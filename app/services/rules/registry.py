"""The one list of rules. Every view (engine, charts, projection, planner, reminders, report)
asks the rules through this list, in this order.

Adding a rule: write its module with a `RuleUnit` (see `unit.py`), add its figures to
`resources/rules/rules.json`, and add one line below.
"""

from __future__ import annotations

from app.services.rules import citizenship, collective, loss, permanent, schengen, temporary
from app.services.rules.unit import RuleUnit

RULES: tuple[RuleUnit, ...] = (
    temporary.UNIT_365,
    temporary.UNIT_PERIOD,
    collective.UNIT,
    permanent.UNIT,
    loss.UNIT,
    citizenship.UNIT,
    schengen.UNIT,
)

RULE_IDS: tuple[str, ...] = tuple(unit.id for unit in RULES)
_BY_ID = {unit.id: unit for unit in RULES}


def unit(rule_id: str) -> RuleUnit:
    """The unit of one rule id (KeyError for an unknown id)."""
    return _BY_ID[rule_id]
