"""`borte import FILE` and `borte export FILE.json`: the import pipeline and the full export.

`borte import` prints the proposal (what each trip is, compared with what is recorded); without
`--dry-run` it saves every accepted trip in one transaction, or none, and says what it left out
and why. A Borte full export (`--format borte`, or found by its content) goes into an empty data
folder as a whole.

The `--json` output is a contract: keys are added, never renamed or dropped.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import Context, count, iso, table
from app.services.importing.model import FORMATS, Action, Candidate, Proposal, Status
from app.services.wording import N_, LazyLabels, _, ngettext
from app.services.wording.formats import format_count, format_date

EXIT_OK = 0
SHOWN_ROWS = 50  # text output lists this many trips; --json lists them all
OVERLAP_CHOICES = {"keep": Action.ADD, "skip": Action.SKIP, "merge": Action.MERGE}

_WORDS: LazyLabels[Status] = LazyLabels(
    {
        Status.NEW: N_("new"),
        Status.DUPLICATE: N_("already recorded"),
        Status.REPEAT: N_("repeated in the file"),
        Status.OVERLAP: N_("overlaps recorded trips"),
    }
)


def _status_count(status: Status, number: int) -> str:
    """ "3 new", "1 repeated in the file": the number with its words, per language."""
    if status == Status.NEW:
        text = ngettext("{count} new", "{count} new", number)
    elif status == Status.DUPLICATE:
        text = ngettext("{count} already recorded", "{count} already recorded", number)
    elif status == Status.REPEAT:
        text = ngettext("{count} repeated in the file", "{count} repeated in the file", number)
    else:
        text = ngettext("{count} overlaps recorded trips", "{count} overlap recorded trips", number)
    return text.format(count=format_count(number))


def add_arguments(top: Any, common: argparse.ArgumentParser) -> None:
    """Add `import` and `export` to the command tree."""
    p: argparse.ArgumentParser = top.add_parser(
        "import",
        parents=[common],
        help=_(
            "import trips from a spreadsheet, a calendar, Google location history or a Borte "
            "export (review first with --dry-run)"
        ),
        description=_(
            "Import trips from a CSV/TSV spreadsheet export, an Excel workbook, a calendar "
            "(.ics: flights out of and back to Norway), Google location history (Records.json, "
            "Semantic Location History, Timeline.json, or the Takeout folder or .zip) or a "
            "Borte full export. All accepted trips are saved, or none."
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--format", dest="file_format", choices=FORMATS, default="auto", help=_("default: auto")
    )
    p.add_argument("--dry-run", action="store_true", help=_("show the proposal, save nothing"))
    p.add_argument(
        "--overlaps",
        choices=tuple(OVERLAP_CHOICES),
        default="keep",
        help=_(
            "trips that share days with recorded ones: keep both (default), skip, or merge into one"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    p.set_defaults(handler=import_file)
    p = top.add_parser(
        "export",
        parents=[common],
        help=_("write everything (people, trips, permits, key dates, settings) to a JSON file"),
        description=_(
            "Write everything to a versioned JSON file that 'borte import' reads back into an "
            "empty data folder."
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE.json")
    p.set_defaults(handler=export_all)


def _people(number: int) -> str:
    return count(number, "person")


def _more(number: int) -> str:
    return ngettext(
        "…and {count} more (see --json).", "…and {count} more (see --json).", number
    ).format(count=format_count(number))


def _candidate_json(candidate: Candidate, ctx: Context) -> dict[str, Any]:
    trip = candidate.proposed
    return {
        "line": trip.line,
        "from": trip.where(),
        "departure": trip.departure.isoformat(),
        "return": iso(trip.return_date),
        "destination": trip.destination,
        "purpose": trip.purpose,
        "note": trip.note,
        "days": trip.days(ctx.today),
        "status": candidate.status.value,
        "action": candidate.action.value,
        "reason": candidate.reason or None,
        "conflicts": [t.id for t in candidate.conflicts],
    }


def import_file(args: argparse.Namespace, ctx: Context) -> int:
    """`import FILE`: print the proposal, then save it all (unless --dry-run)."""
    path: Path = args.file
    if _is_borte_export(path, args.file_format):
        return _import_export(args, ctx)
    from app.services.errors import ImportRejected
    from app.services.importing.pipeline import accept

    person = ctx.person()
    importer = ctx.services.trips.importer()
    overlaps = OVERLAP_CHOICES[args.overlaps]
    proposal = importer.propose(
        person.id, path, today=ctx.today, file_format=args.file_format, overlaps=overlaps
    )
    if proposal.errors:
        raise ImportRejected(proposal.errors)
    saved = 0
    late = 0
    if not args.dry_run:
        accepted = [row for row in map(accept, proposal.candidates) if row is not None]
        batch = importer.commit(person.id, accepted, today=ctx.today)
        saved, late = batch.added, batch.skipped_duplicates
    skipped = [c for c in proposal.candidates if c.action is Action.SKIP]
    if args.json:
        ctx.print_json(
            {
                "file": str(path),
                "format": proposal.source,
                "dry_run": bool(args.dry_run),
                "counts": proposal.counts(),
                "saved": saved,
                "skipped": [{"line": c.proposed.line, "reason": c.reason} for c in skipped],
                "skipped_recorded_meanwhile": late,
                "trips": [_candidate_json(c, ctx) for c in proposal.candidates],
                "notes": list(proposal.notes),
            }
        )
        return EXIT_OK
    _print_proposal(ctx, path, proposal)
    for note in proposal.notes:
        ctx.print(note)
    if skipped:
        ctx.print(_("Left out {trips}:").format(trips=count(len(skipped), "trip")))
        for c in skipped[:SHOWN_ROWS]:
            ctx.print(f"  {c.proposed.where()}: {c.reason}")
        if len(skipped) > SHOWN_ROWS:
            ctx.print("  " + _more(len(skipped) - SHOWN_ROWS))
    if args.dry_run:
        ctx.print(_("Nothing was saved (--dry-run)."))
    else:
        ctx.print(_("Imported {trips} from {path}.").format(trips=count(saved, "trip"), path=path))
        if late:
            ctx.print(
                ngettext(
                    "{count} was recorded meanwhile and left out.",
                    "{count} were recorded meanwhile and left out.",
                    late,
                ).format(count=format_count(late))
            )
    return EXIT_OK


def _print_proposal(ctx: Context, path: Path, proposal: Proposal) -> None:
    counts = proposal.counts()
    parts = [_status_count(s, counts[s.value]) for s in Status if counts[s.value]]
    found = count(len(proposal.candidates), "trip")
    line = _("{file} ({format}): {trips}: {parts}.") if parts else _("{file} ({format}): {trips}.")
    ctx.print(
        line.format(file=path.name, format=proposal.source, trips=found, parts=", ".join(parts))
    )
    if not proposal.candidates:
        return
    rows = [
        [
            format_date(c.proposed.departure),
            format_date(c.proposed.return_date) or _("under way"),
            format_count(c.proposed.days(ctx.today)),
            c.proposed.destination or "",
            _WORDS[c.status],
            c.action.value,
            c.proposed.where(),
        ]
        for c in proposal.candidates[:SHOWN_ROWS]
    ]
    headers = [
        _("Departure"),
        _("Return"),
        _("Days"),
        _("Destination"),
        _("Compared"),
        _("Action"),
        _("From"),
    ]
    ctx.print(table(headers, rows, right=(2,)))
    if len(proposal.candidates) > SHOWN_ROWS:
        ctx.print(_more(len(proposal.candidates) - SHOWN_ROWS))


def _is_borte_export(path: Path, file_format: str) -> bool:
    if file_format == "borte":
        return True
    if file_format != "auto":
        return False
    try:
        with path.open("rb") as file:
            head = file.read(8192)
    except OSError:
        return False  # the pipeline says why it cannot be read
    from app.services.importing.sources import sniff  # the readers: only to import

    return sniff(path, head) == "borte"


def _import_export(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.importing.borte_export import import_export, read_export

    path: Path = args.file
    if args.dry_run:
        people, _settings = read_export(path)
        trips = sum(len(p.trips) for p in people)
        ctx.print(
            _(
                "{file} is a Borte export of {people} and {trips}; nothing was saved (--dry-run)."
            ).format(file=path.name, people=_people(len(people)), trips=count(trips, "trip"))
        )
        return EXIT_OK
    written = import_export(ctx.services.sessions, path)
    if args.json:
        ctx.print_json({"file": str(path), "format": "borte", "saved": written})
    else:
        ctx.print(
            _("Imported {people}, {trips} and {permits} from {path}.").format(
                people=_people(written["people"]),
                trips=count(written["trips"], "trip"),
                permits=count(written["permits"], "permit"),
                path=path,
            )
        )
    return EXIT_OK


def export_all(args: argparse.Namespace, ctx: Context) -> int:
    """`export FILE.json`: everything, in the versioned JSON format."""
    from app.services.importing.borte_export import write_export

    path: Path = args.file
    written = write_export(ctx.services.sessions, path)
    ctx.print(
        _("Exported {people}, {trips} and {permits} to {path}.").format(
            people=_people(written["people"]),
            trips=count(written["trips"], "trip"),
            permits=count(written["permits"], "permit"),
            path=path,
        )
    )
    return EXIT_OK
