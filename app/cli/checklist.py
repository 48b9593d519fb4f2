"""`borte checklist`: the conditions for permanent residence and citizenship that are not day
counts, and ticking them off (rules.md §2.7, §4)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cli.context import Context, Handler
from app.services.wording import _
from app.services.wording.formats import format_date

EXIT_OK = 0


def register(
    command: Callable[[str, str, Handler], argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    iso_date: Callable[[str], Any],
) -> None:
    """Add `checklist`, `checklist tick ITEM [--on DATE]` and `checklist untick ITEM`."""
    p = command("checklist", _("conditions besides days abroad: list them, tick them off"), show)
    p.add_argument("--goal", metavar="GOAL", help=_("pr or citizenship (default: both)"))
    p.add_argument("--json", action="store_true", help=_("print JSON instead of a list"))
    actions = p.add_subparsers(title=_("actions"), metavar="ACTION")
    help_text = _("mark a condition as met")
    tick_p = actions.add_parser("tick", parents=[common], help=help_text, description=help_text)
    tick_p.add_argument("item", metavar="ITEM", help=_("the item's id, as 'borte checklist' shows"))
    tick_p.add_argument(
        "--on", dest="met_on", type=iso_date, metavar="DATE", help=_("the date it was met")
    )
    tick_p.set_defaults(handler=tick)
    help_text = _("mark a condition as not met")
    untick_p = actions.add_parser("untick", parents=[common], help=help_text, description=help_text)
    untick_p.add_argument("item", metavar="ITEM", help=_("the item's id"))
    untick_p.set_defaults(handler=untick)


def show(args: argparse.Namespace, ctx: Context) -> int:
    """`checklist`: each goal's conditions, ticked or still open."""
    from app.services.checklists import check_goal

    goal = check_goal(args.goal)
    lists = ctx.services.checklists.checklists(ctx.person().id, ctx.today, goal)
    if args.json:
        ctx.print_json(
            [
                {
                    "goal": c.goal,
                    "title": c.title,
                    "rule_id": c.rule_id,
                    "as_of": c.as_of.isoformat(),
                    "still_open": [item.id for item in c.still_open],
                    "items": [
                        {
                            "id": item.id,
                            "text": item.text,
                            "ticked": item.ticked,
                            "met_on": None if item.met_on is None else item.met_on.isoformat(),
                            "needed": c.needed(item),
                            "source": item.source,
                        }
                        for item in c.items
                    ],
                }
                for c in lists
            ]
        )
        return EXIT_OK
    blocks = []
    for checklist in lists:
        lines = [f"{checklist.title} ({checklist.summary()})"]  # title, then its summary
        for item in checklist.items:
            mark = "[x]" if item.ticked else "[ ]"
            line = f"{item.id}: {item.text}"
            if item.met_on:
                line += " " + _("(met {date})").format(date=format_date(item.met_on))
            if not checklist.needed(item):
                line += " " + _("[if you use that route]")
            lines.append(f"  {mark} {line}")
        blocks.append("\n".join(lines))
    ctx.print("\n\n".join(blocks))
    ctx.print("\n" + _("Tick an item with: borte checklist tick ITEM [--on DATE]"))
    return EXIT_OK


def tick(args: argparse.Namespace, ctx: Context) -> int:
    """`checklist tick ITEM [--on DATE]`."""
    ctx.services.checklists.tick(ctx.person().id, args.item, args.met_on)
    item = args.item.strip().lower()  # an id, not a word of a sentence
    if args.met_on:
        ctx.print(
            _("Ticked {item} as met on {date}.").format(item=item, date=format_date(args.met_on))
        )
    else:
        ctx.print(_("Ticked {item} as met.").format(item=item))
    return EXIT_OK


def untick(args: argparse.Namespace, ctx: Context) -> int:
    """`checklist untick ITEM`."""
    ctx.services.checklists.untick(ctx.person().id, args.item)
    ctx.print(_("Unticked {item}.").format(item=args.item.strip().lower()))
    return EXIT_OK
