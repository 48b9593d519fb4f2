"""Checklists of the conditions that are not day counts (rules.md §2.7 for permanent
residence, §4 for citizenship), with each person's ticks and the date each item was met.

The items are dated data in `resources/rules/checklists.json`: an item shows the wording (and
figures, such as a fee) of the version in force on the evaluation date, and items that no
longer apply (the training-hours rule dropped on 2025-09-01) or do not apply yet are left out.
Only the ticks are stored (`checklist_ticks`, one row per person and item).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import reading
from app.models.tables import ChecklistTick, Person
from app.services.errors import NotFoundError, ValidationError
from app.services.resources import resource_path
from app.services.wording import _
from app.services.wording.formats import format_date

Goal = Literal["pr", "citizenship"]
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
GOALS: tuple[Goal, ...] = ("pr", "citizenship")


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """An item's wording from `since` (through `until`, None: still in force)."""

    since: date
    until: date | None
    text: str


@dataclass(frozen=True, slots=True)
class ItemDefinition:
    """One condition as the data defines it."""

    id: str
    goal: Goal
    versions: tuple[ItemVersion, ...]
    source: str
    route: str | None = None  # only on this citizenship route (for example "income")
    # Each version's figures (by its `since`), filled into its wording when shown.
    figures: Mapping[date, Mapping[str, Any]] = field(default_factory=dict)

    def version_on(self, day: date) -> ItemVersion | None:
        """The wording in force on `day`, or None when the item does not apply then."""
        chosen = None
        for version in self.versions:
            if version.since <= day:
                chosen = version
        if chosen is None or (chosen.until is not None and day > chosen.until):
            return None
        return chosen


@dataclass(frozen=True, slots=True)
class GoalDefinition:
    """A goal's checklist as the data defines it."""

    goal: Goal
    title: str
    rule_id: str  # the engine rule whose card and dates the checklist goes with
    source: str
    items: tuple[ItemDefinition, ...]


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One condition for one person on one date: met (with the date) or still open."""

    id: str
    text: str
    source: str
    ticked: bool
    met_on: date | None
    route: str | None


@dataclass(frozen=True, slots=True)
class Checklist:
    """A goal's conditions for one person on `as_of`."""

    goal: Goal
    title: str
    rule_id: str
    source: str
    as_of: date
    items: tuple[ChecklistItem, ...]
    routes: frozenset[str] = frozenset()  # the routes the person's record says they may use

    def needed(self, item: ChecklistItem) -> bool:
        """Whether the item counts for this person (a route's item only on that route)."""
        return item.route is None or item.route in self.routes

    @property
    def still_open(self) -> tuple[ChecklistItem, ...]:
        """The items that count for this person and are not ticked yet."""
        return tuple(item for item in self.items if self.needed(item) and not item.ticked)

    def summary(self) -> str:
        """ "Still open: 3 of 6 other conditions." or "All 6 other conditions ticked."."""
        total = sum(1 for item in self.items if self.needed(item))
        left = len(self.still_open)
        if left == 0:
            return _("All {total} other conditions ticked as met.").format(total=total)
        return _("Still open: {left} of {total} other conditions.").format(left=left, total=total)


def _text(version: dict[str, Any]) -> str:
    """The wording as in the file (English): the catalogue's msgid, rendered by `_render`."""
    return str(version["text"])


def _render(item: ItemDefinition, version: ItemVersion) -> str:
    """The item's text in the current language, its figures filled in. Figures stay data: the
    wording names them by key ("NOK {fee_nok_adult:,}"); dates among them as the language
    writes dates."""
    figures: dict[str, Any] = {}
    for key, value in item.figures.get(version.since, {}).items():
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            value = format_date(date.fromisoformat(value))
        figures[key] = value
    return _(version.text).format(**figures)


def parse_checklists(document: Mapping[str, Any]) -> dict[Goal, GoalDefinition]:
    """The goals and their items from the JSON document's structure."""
    found: dict[Goal, GoalDefinition] = {}
    for goal in GOALS:
        body = document["goals"][goal]
        items = []
        for item in body["items"]:
            versions = tuple(
                sorted(
                    (
                        ItemVersion(
                            date.fromisoformat(v["from"]),
                            date.fromisoformat(v["until"]) if v.get("until") else None,
                            _text(v),
                        )
                        for v in item["versions"]
                    ),
                    key=lambda v: v.since,
                )
            )
            items.append(
                ItemDefinition(
                    id=str(item["id"]),
                    goal=goal,
                    versions=versions,
                    source=str(item.get("source", body["source"])),
                    route=item.get("route"),
                    figures={
                        date.fromisoformat(v["from"]): {
                            k: x for k, x in v.items() if k not in ("from", "until", "text")
                        }
                        for v in item["versions"]
                    },
                )
            )
        found[goal] = GoalDefinition(
            goal, str(body["title"]), str(body["rule_id"]), str(body["source"]), tuple(items)
        )
    return found


@cache
def load_checklists() -> dict[Goal, GoalDefinition]:
    """The checklists shipped with the app (read once per process)."""
    with resource_path("rules", "checklists.json").open(encoding="utf-8") as handle:
        return parse_checklists(json.load(handle))


def item_ids() -> frozenset[str]:
    """Every item id the data knows."""
    return frozenset(item.id for goal in load_checklists().values() for item in goal.items)


def build_checklist(
    definition: GoalDefinition,
    ticks: Mapping[str, date | None],
    as_of: date,
    routes: frozenset[str] = frozenset(),
) -> Checklist:
    """A goal's items in force on `as_of`, with the person's ticks (item id → date met)."""
    items = []
    for item in definition.items:
        version = item.version_on(as_of)
        if version is None:
            continue
        items.append(
            ChecklistItem(
                id=item.id,
                text=_render(item, version),
                source=item.source,
                ticked=item.id in ticks,
                met_on=ticks.get(item.id),
                route=item.route,
            )
        )
    return Checklist(
        definition.goal,
        _(definition.title),
        definition.rule_id,
        definition.source,
        as_of,
        tuple(items),
        routes,
    )


def check_goal(goal: str | None) -> Goal | None:
    """A goal name as given (None: every goal); raises for unknown ones."""
    if goal is None:
        return None
    for known in GOALS:
        if goal.strip().lower() == known:
            return known
    raise ValidationError(f"{goal!r} is not a goal; use pr or citizenship.")


def check_item(item_id: str) -> str:
    """An item id as given; raises for unknown ones, naming the known ones."""
    cleaned = item_id.strip().lower()
    known = item_ids()
    if cleaned not in known:
        raise ValidationError(
            f"{item_id!r} is not a checklist item; use one of {', '.join(sorted(known))}."
        )
    return cleaned


def check_met_on(day: date | None) -> date | None:
    """The date an item was met, if plausible; raises otherwise."""
    if day is not None and not EARLIEST <= day <= LATEST:
        raise ValidationError(
            f"{day.isoformat()} is not a plausible date for meeting a condition; give a date "
            f"between {EARLIEST.isoformat()} and {LATEST.isoformat()}."
        )
    return day


class ChecklistService:
    """Use cases for one person's checklist ticks (one transaction each)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def checklists(
        self, person_id: int, as_of: date, goal: Goal | None = None
    ) -> tuple[Checklist, ...]:
        """The person's checklists on `as_of` (one goal, or both)."""
        with reading(self._sessions) as session:
            person = _require_person(session, person_id)
            ticks = _ticks(session, person_id)
            routes = frozenset({"income"}) if person.sufficient_income else frozenset()
        return tuple(
            build_checklist(definition, ticks, as_of, routes)
            for name, definition in load_checklists().items()
            if goal is None or name == goal
        )

    def tick(self, person_id: int, item_id: str, met_on: date | None = None) -> None:
        """Mark an item as met (on `met_on`, if known); ticking again updates the date."""
        self.apply(person_id, {check_item(item_id): met_on}, ())

    def untick(self, person_id: int, item_id: str) -> None:
        """Mark an item as not met (again)."""
        self.apply(person_id, {}, (check_item(item_id),))

    def apply(
        self, person_id: int, ticked: Mapping[str, date | None], unticked: Sequence[str]
    ) -> None:
        """Tick and untick several items in one transaction (the checklist dialog's Save)."""
        ticked = {check_item(key): check_met_on(value) for key, value in ticked.items()}
        unticked = [check_item(key) for key in unticked]
        with self._sessions.begin() as session:
            _require_person(session, person_id)
            rows = {
                row.item_id: row
                for row in session.scalars(
                    select(ChecklistTick).where(ChecklistTick.person_id == person_id)
                )
            }
            for item_id, met_on in ticked.items():
                row = rows.get(item_id)
                if row is None:
                    session.add(ChecklistTick(person_id=person_id, item_id=item_id, met_on=met_on))
                else:
                    row.met_on = met_on
            if unticked:
                session.execute(
                    delete(ChecklistTick).where(
                        ChecklistTick.person_id == person_id,
                        ChecklistTick.item_id.in_(unticked),
                    )
                )


def _ticks(session: Session, person_id: int) -> dict[str, date | None]:
    return {
        row.item_id: row.met_on
        for row in session.scalars(
            select(ChecklistTick).where(ChecklistTick.person_id == person_id)
        )
    }


def _require_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(
            _(
                "There is no person with id {person_id}; they may have been removed, so choose "
                "another person."
            ).format(person_id=person_id)
        )
    return person
