"""`borte report FILE.pdf`: the PDF report of one person's days abroad."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import Context, count
from app.services.wording import ngettext

EXIT_OK = 0
PAPERS = ("a4", "letter")


def report(args: argparse.Namespace, ctx: Context) -> int:
    """`report FILE [--on DATE] [--from DATE] [--to DATE] [--planned] [--paper a4|letter]`:
    write the PDF and say where it went."""
    # reportlab and matplotlib load only for this command.
    from app.services.report import build_report, check_target
    from app.services.report_scope import Identity, ReportOptions

    path: Path = args.file.expanduser()
    check_target(path)  # before any work: a bad path is one sentence, straight away
    person = ctx.person()
    services = ctx.services
    settings = services.settings
    info = build_report(
        services.people.profile(person.id),
        person.name,
        services.permits.list(person.id),
        args.on or ctx.today,
        ctx.today,
        settings.convention(),
        paper=args.paper,
        pr_waiting_months=settings.pr_waiting_months(),
        warning_margin=settings.warning_margin(),
        checklists=services.checklists.checklists(person.id, args.on or ctx.today),
        path=path,
        options=ReportOptions(
            period_from=args.period_from,
            period_to=args.period_to,
            include_planned=args.planned,
        ),
        identity=Identity(person.full_name, person.born_on, person.reference_number),
        trip_views=services.trips.list(person.id),
    )
    ctx.print(
        ngettext(
            "Wrote a {pages}-page report for {name} ({trips}) to {path}.",
            "Wrote a {pages}-page report for {name} ({trips}) to {path}.",
            info.pages,
        ).format(
            pages=info.pages, name=person.name, trips=count(info.trips, "trip"), path=info.path
        )
    )
    return EXIT_OK
