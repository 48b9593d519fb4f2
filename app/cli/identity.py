"""`borte people identity`: the full name, date of birth and D-/DUF number the report shows."""

from __future__ import annotations

import argparse

from app.cli.context import Context, iso
from app.services.wording import _
from app.services.wording.formats import format_date

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
    fields = [
        (_("Full name:"), person.full_name or _("not recorded")),
        (_("Date of birth:"), format_date(person.born_on) or _("not recorded")),
        (_("D-/DUF number:"), number or _("not recorded")),
    ]
    width = max(len(label) for label, _value in fields)
    heading = _("Updated {name}:") if given else _("Identity of {name}:")
    lines = [heading.format(name=person.name)]
    lines.extend(f"  {label:<{width}} {value}" for label, value in fields)
    ctx.print("\n".join(lines))
    return EXIT_OK
