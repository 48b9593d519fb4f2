"""`borte people identity`: the full name, date of birth and D-/DUF number the report shows."""

from __future__ import annotations

import argparse

from app.cli.context import Context, iso

EXIT_OK = 0


def identity(args: argparse.Namespace, ctx: Context) -> int:
    """`people identity [--full-name TEXT] [--born DATE] [--number DIGITS] [--json]`.

    Without options it shows what is recorded; an empty value ("") clears a field.
    """
    from app.services.identity import format_reference

    person = ctx.person()
    # None: not given, keep; "" (or an empty --born): clear.
    given = any(v is not None for v in (args.full_name, args.born_on, args.reference_number))
    if given:
        person = ctx.services.people.set_identity(
            person.id,
            full_name=person.full_name if args.full_name is None else args.full_name,
            born_on=person.born_on if args.born_on is None else args.born_on or None,
            reference_number=(
                person.reference_number if args.reference_number is None else args.reference_number
            ),
        )
    if args.json:
        ctx.print_json(
            {
                "id": person.id,
                "name": person.name,
                "full_name": person.full_name,
                "born_on": iso(person.born_on),
                "reference_number": person.reference_number,
            }
        )
        return EXIT_OK
    number = format_reference(person.reference_number) if person.reference_number else None
    ctx.print(
        "\n".join(
            (
                f"{'Updated' if given else 'Identity of'} {person.name}:",
                f"  Full name:     {person.full_name or 'not recorded'}",
                f"  Date of birth: {iso(person.born_on) or 'not recorded'}",
                f"  D-/DUF number: {number or 'not recorded'}",
            )
        )
    )
    return EXIT_OK
