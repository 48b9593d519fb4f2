"""The argparse tree of `borte`, and the value parsers for dates, ids and yes/no."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app import __version__
from app.cli import backup, checklist, commands, identity, importing, report
from app.cli.context import Handler, InputError, UsageError
from app.cli.options import Parser, add_shared_options
from app.cli.setup_options import add_setup_options
from app.services.dates import parse_date
from app.services.profile import PURPOSES, Convention, PermitKind
from app.services.wording import _

STATUS_CONVENTIONS: tuple[Convention, ...] = ("inclusive", "whole_days")

# Short names `permits add --kind` also takes (collective protection, rules.md §1.3a).
KIND_ALIASES = {"collective": "collective_protection"}


# Value parsers raise InputError, not ArgumentTypeError: argparse would wrap the latter as
# "argument --departure: …", and the sentence the user should see is the one written here.


def iso_date(text: str) -> date:
    """Parse a `YYYY-MM-DD` date with the one parser every entry point uses."""
    return parse_date(text)


def file_path(text: str) -> Path:
    """Parse a file name; an empty one is refused here (`Path("")` would mean this folder)."""
    if not text.strip():
        raise InputError(_("No file name was given; give one such as trips.csv."))
    return Path(text)


def iso_date_or_empty(text: str) -> date | str:
    """A `YYYY-MM-DD` date, or "" (which clears the date)."""
    return "" if not text.strip() else iso_date(text.strip())


def record_id(text: str) -> int:
    """Parse the number of a trip or permit as shown by `list`."""
    # SQLite's integers stop at 2**63 - 1; a larger "id" is a typo, not a query.
    if text.isascii() and text.isdecimal() and 0 < int(text) < 2**63:
        return int(text)
    raise InputError(
        _("{text!r} is not a valid id: use the number shown by 'list'.").format(text=text)
    )


def day_count(text: str) -> int:
    """Parse a trip length in days (1 or more; the planner says how long a trip it plans)."""
    # At most six digits, so no date arithmetic can overflow before the planner's own check.
    if text.isascii() and text.isdecimal() and len(text) <= 6 and int(text) > 0:
        return int(text)
    raise InputError(
        _("{text!r} is not a number of days: use a whole number such as 14.").format(text=text)
    )


def yes_no(text: str) -> bool:
    """Parse `yes` or `no`."""
    answers = {"yes": True, "y": True, "no": False, "n": False}
    if text.lower() in answers:
        return answers[text.lower()]
    raise InputError(_("{text!r} is not an answer here: use yes or no.").format(text=text))


def _missing_action(prog: str, actions: str) -> Handler:
    """The handler of a command group run without an action (`borte trips`)."""

    def handler(args: argparse.Namespace, ctx: object) -> int:
        raise UsageError(_("Say what to do: {actions}.").format(actions=actions), prog)

    return handler


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree. `--data-dir` and `--person` work before or after the command."""
    common = Parser(add_help=False)
    add_shared_options(common)

    parser = Parser(
        prog="borte",
        parents=[common],
        description=_(
            "Track days abroad against Norwegian residence rules. Without a command, opens the "
            "desktop app. Borte is not legal advice; udi.no is the authority."
        ),
    )
    parser.add_argument("--version", action="version", version=f"borte {__version__}")
    add_setup_options(parser)
    top = parser.add_subparsers(title=_("commands"), metavar="COMMAND", dest="command")

    def command(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = top.add_parser(
            name, parents=[common], help=help_text, description=help_text
        )
        sub.set_defaults(handler=handler)
        return sub

    def group(name: str, help_text: str, actions: str) -> Any:
        sub = top.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=_missing_action(sub.prog, actions))
        return sub.add_subparsers(title=_("actions"), metavar="ACTION")

    def action(group: Any, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(
            name, parents=[common], help=help_text, description=help_text
        )
        sub.set_defaults(handler=handler)
        return sub

    def json_flag(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))

    trips = group(
        "trips", _("record and list trips abroad"), _("add, list, remove, import or export")
    )
    p = action(
        trips, "add", _("record a trip (leave out --return while abroad)"), commands.trips_add
    )
    p.add_argument(
        "--departure",
        type=iso_date,
        required=True,
        metavar="DATE",
        help=_("the day you left Norway"),
    )
    p.add_argument(
        "--return",
        dest="return_date",
        type=iso_date,
        metavar="DATE",
        help=_("the day you came back"),
    )
    p.add_argument(
        "--destination",
        metavar="CC",
        help=_("ISO country code or name, for example SE or Sweden (SJ: Svalbard)"),
    )
    p.add_argument(
        "--purpose",
        choices=PURPOSES,
        metavar="PURPOSE",
        help=_("one of: {purposes}").format(purposes=", ".join(PURPOSES)),
    )
    p.add_argument("--note", default="", metavar="TEXT")
    json_flag(action(trips, "list", _("list trips and their days abroad"), commands.trips_list))
    p = action(trips, "remove", _("delete a trip"), commands.trips_remove)
    p.add_argument("id", type=record_id, metavar="ID")
    p = action(
        trips,
        "import",
        _("add the trips in a spreadsheet file: CSV, TSV or .xlsx (all or none)"),
        commands.trips_import,
    )
    p.add_argument("file", type=file_path, metavar="FILE.csv")
    p = action(trips, "export", _("write every trip to a CSV file"), commands.trips_export)
    p.add_argument("file", type=file_path, metavar="FILE.csv")

    permits = group("permits", _("record and list residence permits"), _("add, list or remove"))
    p = action(permits, "add", _("record a residence permit"), commands.permits_add)
    kinds = [kind.value for kind in PermitKind]
    p.add_argument(
        "--kind",
        required=True,
        choices=kinds,
        type=lambda text: KIND_ALIASES.get(text, text),
        metavar="KIND",
        help=_("one of: {kinds} (collective for short)").format(kinds=", ".join(kinds)),
    )
    p.add_argument("--from", dest="valid_from", type=iso_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="valid_to", type=iso_date, metavar="DATE")
    basis = p.add_mutually_exclusive_group()
    basis.add_argument(
        "--basis",
        dest="basis",
        action="store_const",
        const=True,
        default=None,
        help=_("the decision says it forms a basis for permanent residence"),
    )
    basis.add_argument(
        "--no-basis",
        dest="basis",
        action="store_const",
        const=False,
        help=_("the decision says it does not (default: what is usual for the kind)"),
    )
    p.add_argument("--granted-before-entry", action="store_true")
    p.add_argument("--applied-on", type=iso_date, metavar="DATE")
    p.add_argument("--note", default="", metavar="TEXT")
    json_flag(action(permits, "list", _("list permits"), commands.permits_list))
    p = action(permits, "remove", _("delete a permit"), commands.permits_remove)
    p.add_argument("id", type=record_id, metavar="ID")

    fields = list(commands.KEY_DATE_FIELDS)
    field_help = ", ".join(fields)
    dates = group(
        "dates",
        _("set the key dates ({field_help})").format(field_help=field_help),
        _("set, clear or list"),
    )
    p = action(dates, "set", _("set a key date"), commands.dates_set)
    p.add_argument("field", choices=fields, metavar="FIELD", help=field_help)
    p.add_argument("date", type=iso_date, metavar="DATE")
    p = action(dates, "clear", _("forget a key date"), commands.dates_clear)
    p.add_argument("field", choices=fields, metavar="FIELD", help=field_help)
    json_flag(action(dates, "list", _("show the key dates"), commands.dates_list))

    p = command("income", _("record whether income is at least 3G (citizenship)"), commands.income)
    p.add_argument("--sufficient", type=yes_no, metavar="yes|no", help=_("leave out to show it"))

    people = group("people", _("the people whose trips you track"), _("list, add or identity"))
    json_flag(action(people, "list", _("list people"), commands.people_list))
    p = action(people, "add", _("add a person"), commands.people_add)
    p.add_argument("name", metavar="NAME")
    p = action(
        people,
        "identity",
        _("show or set the full name, date of birth and D-/DUF number the report shows"),
        identity.identity,
    )
    p.add_argument("--full-name", metavar="TEXT", help=_('as in your passport ("" clears it)'))
    p.add_argument(
        "--born", dest="born_on", type=iso_date_or_empty, metavar="DATE", help=_("date of birth")
    )
    p.add_argument(
        "--number",
        dest="reference_number",
        metavar="DIGITS",
        help=_("D-number (11 digits) or DUF number (12 digits)"),
    )
    json_flag(p)

    importing.add_arguments(top, common)

    p = command("status", _("where you stand against each rule"), commands.status)
    p.add_argument(
        "--on", type=iso_date, metavar="DATE", help=_("evaluate as of DATE (default: today)")
    )
    p.add_argument("--convention", choices=STATUS_CONVENTIONS, help=_("how to count days abroad"))
    p.add_argument(
        "--explain",
        action="store_true",
        help=_("say why: the window that counts, the trips in it, when days leave it"),
    )
    json_flag(p)

    p = command(
        "plan", _("check a trip before you book it: verdicts and latest returns"), commands.plan
    )
    p.add_argument(
        "--departure",
        type=iso_date,
        required=True,
        metavar="DATE",
        help=_("the day you would leave"),
    )
    back = p.add_mutually_exclusive_group()
    back.add_argument(
        "--return",
        dest="return_date",
        type=iso_date,
        metavar="DATE",
        help=_("the day you would be back"),
    )
    back.add_argument(
        "--days",
        type=day_count,
        metavar="N",
        help=_(
            "the trip's length, both travel days counted; also finds the earliest departure for "
            "that length that keeps every rule OK"
        ),
    )
    p.add_argument(
        "--destination",
        metavar="CC",
        help=_("ISO country code or name, for example SE or Sweden (SJ: Svalbard)"),
    )
    p.add_argument("--convention", choices=STATUS_CONVENTIONS, help=_("how to count days abroad"))
    json_flag(p)

    p = command(
        "reminders", _("upcoming deadlines: renewals, cards, eligibility"), commands.reminders
    )
    p.add_argument(
        "--ics", type=file_path, metavar="FILE", help=_("also write them to an .ics calendar file")
    )
    json_flag(p)

    p = command("report", _("write a PDF report for a caseworker"), report.report)
    p.add_argument("file", type=file_path, metavar="FILE.pdf", help=_("where to write the report"))
    p.add_argument(
        "--on", type=iso_date, metavar="DATE", help=_("evaluate as of DATE (default: today)")
    )
    p.add_argument(
        "--from",
        dest="period_from",
        type=iso_date,
        metavar="DATE",
        help=_("first day of the period covered (default: the earliest date a rule looks at)"),
    )
    p.add_argument(
        "--to",
        dest="period_to",
        type=iso_date,
        metavar="DATE",
        help=_("last day of the period covered (default: the evaluation date)"),
    )
    p.add_argument(
        "--planned",
        action="store_true",
        help=_("include planned trips (marked as planned); left out by default"),
    )
    p.add_argument(
        "--paper",
        type=str.lower,
        choices=report.PAPERS,
        default="a4",
        help=_("paper size: a4 (default) or letter"),
    )

    backup.register(
        group("backup", _("list or restore backups of the data file"), _("list or restore")), common
    )
    checklist.register(command, common, iso_date)
    return parser
