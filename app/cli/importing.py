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
from app.services.importing.model import Action, Candidate, Proposal, Status
from app.services.importing.sources import FORMATS, sniff

EXIT_OK = 0
SHOWN_ROWS = 50  # text output lists this many trips; --json lists them all
OVERLAP_CHOICES = {"keep": Action.ADD, "skip": Action.SKIP, "merge": Action.MERGE}

_WORDS = {
    Status.NEW: "new",
    Status.DUPLICATE: "already recorded",
    Status.REPEAT: "repeated in the file",
    Status.OVERLAP: "overlaps recorded trips",
}


def add_arguments(top: Any, common: argparse.ArgumentParser) -> None:
    """Add `import` and `export` to the command tree."""
    p: argparse.ArgumentParser = top.add_parser(
        "import",
        parents=[common],
        help="import trips from a spreadsheet, a calendar, Google location history or a Borte "
        "export (review first with --dry-run)",
        description="Import trips from a CSV/TSV spreadsheet export, an Excel workbook, a "
        "calendar (.ics: flights out of and back to Norway), Google location history "
        "(Records.json, Semantic Location History, Timeline.json, or the Takeout folder or "
        ".zip) or a Borte full export. All accepted trips are saved, or none.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--format", dest="file_format", choices=FORMATS, default="auto", help="default: auto"
    )
    p.add_argument("--dry-run", action="store_true", help="show the proposal, save nothing")
    p.add_argument(
        "--overlaps",
        choices=tuple(OVERLAP_CHOICES),
        default="keep",
        help="trips that share days with recorded ones: keep both (default), skip, or merge "
        "into one",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=import_file)
    p = top.add_parser(
        "export",
        parents=[common],
        help="write everything (people, trips, permits, key dates, settings) to a JSON file",
        description="Write everything to a versioned JSON file that 'borte import' reads back "
        "into an empty data folder.",
    )
    p.add_argument("file", type=Path, metavar="FILE.json")
    p.set_defaults(handler=export_all)


def _people(number: int) -> str:
    return "1 person" if number == 1 else f"{number:,} people"


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
        ctx.print(f"Left out {count(len(skipped), 'trip')}:")
        for c in skipped[:SHOWN_ROWS]:
            ctx.print(f"  {c.proposed.where()}: {c.reason}")
        if len(skipped) > SHOWN_ROWS:
            ctx.print(f"  …and {len(skipped) - SHOWN_ROWS:,} more (see --json).")
    if args.dry_run:
        ctx.print("Nothing was saved (--dry-run).")
    else:
        meanwhile = f" ({late:,} were recorded meanwhile and left out)" if late else ""
        ctx.print(f"Imported {count(saved, 'trip')} from {path}{meanwhile}.")
    return EXIT_OK


def _print_proposal(ctx: Context, path: Path, proposal: Proposal) -> None:
    counts = proposal.counts()
    parts = [f"{counts[s.value]:,} {_WORDS[s]}" for s in Status if counts[s.value]]
    found = count(len(proposal.candidates), "trip")
    ctx.print(
        f"{path.name} ({proposal.source}): {found}" + (f": {', '.join(parts)}." if parts else ".")
    )
    if not proposal.candidates:
        return
    rows = [
        [
            c.proposed.departure.isoformat(),
            iso(c.proposed.return_date) or "under way",
            f"{c.proposed.days(ctx.today):,}",
            c.proposed.destination or "",
            _WORDS[c.status],
            c.action.value,
            c.proposed.where(),
        ]
        for c in proposal.candidates[:SHOWN_ROWS]
    ]
    headers = ["Departure", "Return", "Days", "Destination", "Compared", "Action", "From"]
    ctx.print(table(headers, rows, right=(2,)))
    if len(proposal.candidates) > SHOWN_ROWS:
        ctx.print(f"…and {len(proposal.candidates) - SHOWN_ROWS:,} more (see --json).")


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
    return sniff(path, head) == "borte"


def _import_export(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.importing.borte_export import import_export, read_export

    path: Path = args.file
    if args.dry_run:
        people, _ = read_export(path)
        trips = sum(len(p.trips) for p in people)
        ctx.print(
            f"{path.name} is a Borte export of {_people(len(people))} and "
            f"{count(trips, 'trip')}; nothing was saved (--dry-run)."
        )
        return EXIT_OK
    written = import_export(ctx.services.sessions, path)
    if args.json:
        ctx.print_json({"file": str(path), "format": "borte", "saved": written})
    else:
        ctx.print(
            f"Imported {_people(written['people'])}, {count(written['trips'], 'trip')} "
            f"and {count(written['permits'], 'permit')} from {path}."
        )
    return EXIT_OK


def export_all(args: argparse.Namespace, ctx: Context) -> int:
    """`export FILE.json`: everything, in the versioned JSON format."""
    from app.services.importing.borte_export import write_export

    path: Path = args.file
    written = write_export(ctx.services.sessions, path)
    ctx.print(
        f"Exported {_people(written['people'])}, {count(written['trips'], 'trip')} and "
        f"{count(written['permits'], 'permit')} to {path}."
    )
    return EXIT_OK
