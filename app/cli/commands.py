"""One handler per command: read the parsed arguments, call one service action, print the result.

Each handler that changes data makes exactly one service call that writes (one transaction), so
a failing command leaves the database as it was.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import Context, count, iso, table
from app.services.profile import Convention, PermitKind, TripSpan

if TYPE_CHECKING:
    from app.services.views import PermitView, TripView

EXIT_OK = 0

# `dates set FIELD`: the word on the command line → the PersonService field it sets.
KEY_DATE_FIELDS: dict[str, str] = {
    "arrival": "arrived_on",
    "police": "reported_to_police_on",
    "pr-application": "pr_applied_on",
    "citizenship-application": "citizenship_applied_on",
    "abroad-permission": "abroad_permission_until",
}


# ---------------------------------------------------------------------------------------------
# Trips


def trips_add(args: argparse.Namespace, ctx: Context) -> int:
    """`trips add`: record a trip and mention any trips it overlaps."""
    person = ctx.person()
    trip = ctx.services.trips.add(
        person.id,
        args.departure,
        args.return_date,
        args.destination,
        args.purpose,
        args.note,
        today=ctx.today,
    )
    ctx.print(f"Added trip {trip.id}.")
    others = ctx.services.trips.overlapping(
        person.id, trip.departure, trip.return_date, exclude_id=trip.id
    )
    if others:
        ids = ", ".join(str(other.id) for other in others)
        noun = "trip" if len(others) == 1 else "trips"
        ctx.print(f"It overlaps {noun} {ids}; overlapping days are counted once.")
    return EXIT_OK


def _trip_days(trip: TripView, as_of: date) -> tuple[int, int]:
    """Days abroad on this trip alone, (inclusive, whole days), counting to `as_of` if under way."""
    from app.services.dates import trip_days  # no numpy: `trips list` starts faster

    span = TripSpan(trip.departure, trip.return_date, trip.destination, trip.purpose)
    return trip_days(span, "inclusive", as_of), trip_days(span, "whole_days", as_of)


def _destination_text(code: str | None) -> str:
    from app.services.countries import country_name, is_known

    if not code:
        return ""
    return f"{code} {country_name(code)}" if is_known(code) else code


def trips_list(args: argparse.Namespace, ctx: Context) -> int:
    """`trips list`: a table, or JSON, with each trip's days abroad."""
    person = ctx.person()
    trips = ctx.services.trips.list(person.id)
    counted = [(trip, *_trip_days(trip, ctx.today)) for trip in trips]
    if args.json:
        ctx.print_json(
            [
                {
                    "id": trip.id,
                    "departure": trip.departure.isoformat(),
                    "return": iso(trip.return_date),
                    "destination": trip.destination,
                    "purpose": trip.purpose,
                    "note": trip.note,
                    "days_inclusive": inclusive,
                    "days_whole": whole,
                }
                for trip, inclusive, whole in counted
            ]
        )
        return EXIT_OK
    if not trips:
        ctx.print(f"No trips recorded for {person.name}. Add one with 'borte trips add'.")
        return EXIT_OK
    rows = [
        [
            str(trip.id),
            trip.departure.isoformat(),
            trip.return_date.isoformat() if trip.return_date else "under way",
            str(inclusive),
            str(whole),
            _destination_text(trip.destination),
            trip.note,
        ]
        for trip, inclusive, whole in counted
    ]
    headers = ["ID", "Departure", "Return", "Days", "Whole days", "Destination", "Note"]
    ctx.print(table(headers, rows, right=(0, 3, 4)))
    return EXIT_OK


def trips_remove(args: argparse.Namespace, ctx: Context) -> int:
    """`trips remove ID`, after a backup (so the trip can be got back)."""
    from app.services import backups

    ctx.services.trips.get(args.id)  # an unknown id is refused before any copy is made
    if not ctx.services.read_only:
        backups.backup_before_delete(ctx.services.data_dir)
    trip = ctx.services.trips.remove(args.id)
    span = (
        f"{trip.departure.isoformat()} to {trip.return_date.isoformat()}"
        if trip.return_date
        else f"from {trip.departure.isoformat()}, under way"
    )
    ctx.print(f"Removed trip {trip.id} ({span}).")
    return EXIT_OK


def trips_import(args: argparse.Namespace, ctx: Context) -> int:
    """`trips import FILE`: all rows or none (the service raises ImportRejected)."""
    path: Path = args.file
    result = ctx.services.trips.import_csv(ctx.person().id, path, today=ctx.today)
    skipped = (
        f"; skipped {result.skipped_duplicates} already recorded"
        if result.skipped_duplicates
        else ""
    )
    if result.skipped_in_file:
        skipped += f"; skipped {result.skipped_in_file} repeated in the file"
    ctx.print(f"Imported {count(result.added, 'trip')} from {path}{skipped}.")
    return EXIT_OK


def trips_export(args: argparse.Namespace, ctx: Context) -> int:
    """`trips export FILE`."""
    path: Path = args.file
    written = ctx.services.trips.export_csv(ctx.person().id, path)
    ctx.print(f"Exported {count(written, 'trip')} to {path}.")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Permits


def permits_add(args: argparse.Namespace, ctx: Context) -> int:
    """`permits add`."""
    permit = ctx.services.permits.add(
        ctx.person().id,
        PermitKind(args.kind),
        args.valid_from,
        args.valid_to,
        forms_pr_basis=args.basis,
        granted_before_entry=args.granted_before_entry,
        applied_on=args.applied_on,
        note=args.note,
    )
    ctx.print(f"Added permit {permit.id}.")
    return EXIT_OK


def _permit_json(permit: PermitView) -> dict[str, object]:
    return {
        "id": permit.id,
        "kind": str(permit.kind),
        "valid_from": permit.valid_from.isoformat(),
        "valid_to": iso(permit.valid_to),
        "forms_pr_basis": permit.forms_pr_basis,
        "pr_basis": permit.pr_basis,
        "granted_before_entry": permit.granted_before_entry,
        "applied_on": iso(permit.applied_on),
        "note": permit.note,
    }


def permits_list(args: argparse.Namespace, ctx: Context) -> int:
    """`permits list`: a table, or JSON."""
    person = ctx.person()
    permits = ctx.services.permits.list(person.id)
    if args.json:
        ctx.print_json([_permit_json(permit) for permit in permits])
        return EXIT_OK
    if not permits:
        ctx.print(f"No permits recorded for {person.name}. Add one with 'borte permits add'.")
        return EXIT_OK
    rows = [
        [
            str(permit.id),
            str(permit.kind),
            permit.valid_from.isoformat(),
            permit.valid_to.isoformat() if permit.valid_to else "open",
            "yes" if permit.pr_basis else "no",
            "yes" if permit.granted_before_entry else "no",
            permit.applied_on.isoformat() if permit.applied_on else "",
            permit.note,
        ]
        for permit in permits
    ]
    headers = ["ID", "Kind", "From", "To", "PR basis", "Before entry", "Applied on", "Note"]
    ctx.print(table(headers, rows, right=(0,)))
    return EXIT_OK


def permits_remove(args: argparse.Namespace, ctx: Context) -> int:
    """`permits remove ID`."""
    ctx.services.permits.remove(args.id)
    ctx.print(f"Removed permit {args.id}.")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Key dates, income, people


def dates_set(args: argparse.Namespace, ctx: Context) -> int:
    """`dates set FIELD DATE`."""
    ctx.services.people.set_key_dates(ctx.person().id, **{KEY_DATE_FIELDS[args.field]: args.date})
    ctx.print(f"Set {args.field} to {args.date.isoformat()}.")
    return EXIT_OK


def dates_clear(args: argparse.Namespace, ctx: Context) -> int:
    """`dates clear FIELD`."""
    ctx.services.people.set_key_dates(ctx.person().id, **{KEY_DATE_FIELDS[args.field]: None})
    ctx.print(f"Cleared {args.field}.")
    return EXIT_OK


def dates_list(args: argparse.Namespace, ctx: Context) -> int:
    """`dates list`: every key date, set or not."""
    person = ctx.person()
    values: dict[str, date | None] = {
        name: getattr(person, attribute) for name, attribute in KEY_DATE_FIELDS.items()
    }
    if args.json:
        ctx.print_json({name: iso(value) for name, value in values.items()})
        return EXIT_OK
    rows = [[name, value.isoformat() if value else "not set"] for name, value in values.items()]
    ctx.print(table(["Key date", "Date"], rows))
    return EXIT_OK


def income(args: argparse.Namespace, ctx: Context) -> int:
    """`income [--sufficient yes|no]`: set, or show, whether income is at least 3G."""
    person = ctx.person()
    sufficient: bool | None = args.sufficient
    if sufficient is None:
        sufficient = person.sufficient_income
    else:
        ctx.services.people.set_sufficient_income(person.id, sufficient)
    ctx.print(f"Income at least 3G for {person.name}: {'yes' if sufficient else 'no'}.")
    return EXIT_OK


def people_list(args: argparse.Namespace, ctx: Context) -> int:
    """`people list`."""
    people = ctx.services.people.list()
    default_id = ctx.services.people.default().id
    if args.json:
        ctx.print_json(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "is_sample": p.is_sample,
                    "default": p.id == default_id,
                    "full_name": p.full_name,
                    "born_on": iso(p.born_on),
                    "reference_number": p.reference_number,
                }
                for p in people
            ]
        )
        return EXIT_OK
    rows = []
    for p in people:
        labels = [("default", p.id == default_id), ("sample", p.is_sample)]
        rows.append([str(p.id), p.name, ", ".join(label for label, on in labels if on)])
    ctx.print(table(["ID", "Name", ""], rows, right=(0,)))
    return EXIT_OK


def people_add(args: argparse.Namespace, ctx: Context) -> int:
    """`people add NAME`."""
    person = ctx.services.people.add(args.name)
    ctx.print(f"Added {person.name} (id {person.id}).")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Status


def status(args: argparse.Namespace, ctx: Context) -> int:
    """`status`: evaluate every rule as of `--on` (default today) and print the verdicts, the
    headline first (`--explain`: why each rule stands where it does)."""
    from app.services import assessment  # the engine loads numpy: only when needed

    settings = ctx.services.settings
    profile = ctx.services.people.profile(ctx.person().id)
    convention: Convention = args.convention or settings.convention()
    found = assessment.assess(
        profile,
        args.on or ctx.today,
        convention,
        pr_waiting_months=settings.pr_waiting_months(),
    )
    if args.json:
        ctx.print_json(assessment.assessment_to_json(found))
    else:
        ctx.print(assessment.format_assessment_text(found, explain=args.explain))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Planning and reminders


def plan(args: argparse.Namespace, ctx: Context) -> int:
    """`plan`: verdicts on a trip, the latest safe return per rule, the earliest departure."""
    from app.services.planner import Planner, format_plan_text, plan_to_json

    settings = ctx.services.settings
    profile = ctx.services.people.profile(ctx.person().id)
    convention: Convention = args.convention or settings.convention()
    planner = Planner(
        profile, ctx.today, convention, pr_waiting_months=settings.pr_waiting_months()
    )
    answer = planner.answer(
        args.departure,
        return_date=args.return_date,
        days=args.days,
        destination=args.destination,
    )
    # The goal dates' other conditions (rules.md §2.7, §4): what is still open.
    goals = {goal.id for goal in answer.plan.goals}
    lists = [
        c
        for c in ctx.services.checklists.checklists(ctx.person().id, ctx.today)
        if c.rule_id in goals
    ]
    if args.json:
        document = plan_to_json(answer)
        document["other_conditions"] = {
            c.rule_id: [item.id for item in c.still_open] for c in lists
        }
        ctx.print_json(document)
    else:
        *body, disclaimer = format_plan_text(answer).rstrip().split("\n")
        extra = [f"{c.title}: {c.summary()} (see 'borte checklist')" for c in lists]
        ctx.print("\n".join([*body, *extra, *([""] if extra else []), disclaimer]))
    return EXIT_OK


def reminders(args: argparse.Namespace, ctx: Context) -> int:
    """`reminders`: renewal, card and eligibility dates; `--ics` also writes a calendar file."""
    from app.services.ics import write_ics
    from app.services.reminders import reminders as find_reminders

    person = ctx.person()
    settings = ctx.services.settings
    found = find_reminders(
        ctx.services.people.profile(person.id),
        ctx.today,
        pr_waiting_months=settings.pr_waiting_months(),
        convention=settings.convention(),
    )
    if args.ics is not None:
        written = write_ics(args.ics, found, scope=f"person-{person.id}")
        # With --json, stdout stays pure JSON: the confirmation goes to the log only.
        if not args.json:
            ctx.print(f"Wrote {count(written, 'reminder')} to {args.ics}.")
    if args.json:
        ctx.print_json(
            [
                {
                    "on": r.on.isoformat(),
                    "kind": r.kind,
                    "title": r.title,
                    "detail": r.detail,
                    "source": r.source,
                    "uid": r.uid,
                    "due": r.on <= ctx.today,
                }
                for r in found
            ]
        )
        return EXIT_OK
    if not found:
        ctx.print(f"No deadlines coming up for {person.name}.")
        return EXIT_OK
    rows = [[r.on.isoformat(), "was due" if r.on < ctx.today else "", r.title] for r in found]
    ctx.print(table(["Date", "", "Reminder"], rows))
    ctx.print("")
    ctx.print(
        "Details: borte reminders --json. Borte is not legal advice; udi.no is the authority."
    )
    return EXIT_OK
