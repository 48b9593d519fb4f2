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
from app.services.wording import PERMIT_KIND_LABELS, _, ngettext
from app.services.wording.formats import format_date

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
    ctx.print(_("Added trip {id}.").format(id=trip.id))
    others = ctx.services.trips.overlapping(
        person.id, trip.departure, trip.return_date, exclude_id=trip.id
    )
    if others:
        ids = ", ".join(str(other.id) for other in others)
        ctx.print(
            ngettext(
                "It overlaps trip {ids}; overlapping days are counted once.",
                "It overlaps trips {ids}; overlapping days are counted once.",
                len(others),
            ).format(ids=ids)
        )
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
    return f"{code} {country_name(code)}" if is_known(code) else code  # code and name


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
        ctx.print(
            _("No trips recorded for {name}. Add one with 'borte trips add'.").format(
                name=person.name
            )
        )
        return EXIT_OK
    rows = [
        [
            str(trip.id),
            format_date(trip.departure),
            format_date(trip.return_date) if trip.return_date else _("under way"),
            str(inclusive),
            str(whole),
            _destination_text(trip.destination),
            trip.note,
        ]
        for trip, inclusive, whole in counted
    ]
    headers = [
        _("ID"),
        _("Departure"),
        _("Return"),
        _("Days"),
        _("Whole days"),
        _("Destination"),
        _("Note"),
    ]
    ctx.print(table(headers, rows, right=(0, 3, 4)))
    return EXIT_OK


def trips_remove(args: argparse.Namespace, ctx: Context) -> int:
    """`trips remove ID`, after a backup (so the trip can be got back)."""
    from app.services import backups

    ctx.services.trips.get(args.id)  # an unknown id is refused before any copy is made
    if not ctx.services.read_only:
        backups.backup_before_delete(ctx.services.data_dir)
    trip = ctx.services.trips.remove(args.id)
    removed = (
        _("Removed trip {id} ({departure} to {back}).")
        if trip.return_date
        else _("Removed trip {id} (from {departure}, under way).")
    )
    ctx.print(
        removed.format(
            id=trip.id,
            departure=format_date(trip.departure),
            back=format_date(trip.return_date),
        )
    )
    return EXIT_OK


def trips_import(args: argparse.Namespace, ctx: Context) -> int:
    """`trips import FILE`: all rows or none (the service raises ImportRejected)."""
    path: Path = args.file
    result = ctx.services.trips.import_csv(ctx.person().id, path, today=ctx.today)
    ctx.print(
        _("Imported {trips} from {path}.").format(trips=count(result.added, "trip"), path=path)
    )
    if result.skipped_duplicates:
        ctx.print(
            ngettext(
                "Skipped {count} trip already recorded.",
                "Skipped {count} trips already recorded.",
                result.skipped_duplicates,
            ).format(count=result.skipped_duplicates)
        )
    if result.skipped_in_file:
        ctx.print(
            ngettext(
                "Skipped {count} trip repeated in the file.",
                "Skipped {count} trips repeated in the file.",
                result.skipped_in_file,
            ).format(count=result.skipped_in_file)
        )
    return EXIT_OK


def trips_export(args: argparse.Namespace, ctx: Context) -> int:
    """`trips export FILE`."""
    path: Path = args.file
    written = ctx.services.trips.export_csv(ctx.person().id, path)
    ctx.print(_("Exported {trips} to {path}.").format(trips=count(written, "trip"), path=path))
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
    ctx.print(_("Added permit {id}.").format(id=permit.id))
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
        ctx.print(
            _("No permits recorded for {name}. Add one with 'borte permits add'.").format(
                name=person.name
            )
        )
        return EXIT_OK
    rows = [
        [
            str(permit.id),
            PERMIT_KIND_LABELS[permit.kind],
            format_date(permit.valid_from),
            format_date(permit.valid_to) if permit.valid_to else _("open"),
            _("yes") if permit.pr_basis else _("no"),
            _("yes") if permit.granted_before_entry else _("no"),
            format_date(permit.applied_on),
            permit.note,
        ]
        for permit in permits
    ]
    headers = [
        _("ID"),
        _("Kind"),
        _("From"),
        _("To"),
        _("PR basis"),
        _("Before entry"),
        _("Applied on"),
        _("Note"),
    ]
    ctx.print(table(headers, rows, right=(0,)))
    return EXIT_OK


def permits_remove(args: argparse.Namespace, ctx: Context) -> int:
    """`permits remove ID`."""
    ctx.services.permits.remove(args.id)
    ctx.print(_("Removed permit {id}.").format(id=args.id))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Key dates, income, people


def dates_set(args: argparse.Namespace, ctx: Context) -> int:
    """`dates set FIELD DATE`."""
    ctx.services.people.set_key_dates(ctx.person().id, **{KEY_DATE_FIELDS[args.field]: args.date})
    ctx.print(_("Set {field} to {date}.").format(field=args.field, date=format_date(args.date)))
    return EXIT_OK


def dates_clear(args: argparse.Namespace, ctx: Context) -> int:
    """`dates clear FIELD`."""
    ctx.services.people.set_key_dates(ctx.person().id, **{KEY_DATE_FIELDS[args.field]: None})
    ctx.print(_("Cleared {field}.").format(field=args.field))
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
    rows = [[name, format_date(value) if value else _("not set")] for name, value in values.items()]
    ctx.print(table([_("Key date"), _("Date")], rows))
    return EXIT_OK


def income(args: argparse.Namespace, ctx: Context) -> int:
    """`income [--sufficient yes|no]`: set, or show, whether income is at least 3G."""
    person = ctx.person()
    sufficient: bool | None = args.sufficient
    if sufficient is None:
        sufficient = person.sufficient_income
    else:
        ctx.services.people.set_sufficient_income(person.id, sufficient)
    answer = (
        _("Income at least 3G for {name}: yes.")
        if sufficient
        else _("Income at least 3G for {name}: no.")
    )
    ctx.print(answer.format(name=person.name))
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
        labels = [(_("default"), p.id == default_id), (_("sample"), p.is_sample)]
        rows.append([str(p.id), p.name, ", ".join(label for label, on in labels if on)])
    ctx.print(table([_("ID"), _("Name"), ""], rows, right=(0,)))
    return EXIT_OK


def people_add(args: argparse.Namespace, ctx: Context) -> int:
    """`people add NAME`."""
    person = ctx.services.people.add(args.name)
    ctx.print(_("Added {name} (id {id}).").format(name=person.name, id=person.id))
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
        extra = [
            _("{title}: {summary} (see 'borte checklist')").format(
                title=c.title, summary=c.summary()
            )
            for c in lists
        ]
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
            ctx.print(
                _("Wrote {reminders} to {path}.").format(
                    reminders=count(written, "reminder"), path=args.ics
                )
            )
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
        ctx.print(_("No deadlines coming up for {name}.").format(name=person.name))
        return EXIT_OK
    rows = [[format_date(r.on), _("was due") if r.on < ctx.today else "", r.title] for r in found]
    ctx.print(table([_("Date"), "", _("Reminder")], rows))
    ctx.print("")
    ctx.print(
        _("Details: borte reminders --json. Borte is not legal advice; udi.no is the authority.")
    )
    return EXIT_OK
