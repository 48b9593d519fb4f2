"""`borte backup list` and `borte backup restore ID`.

These work on the files in the data folder rather than through the services: restoring is
what a user needs exactly when the data file is damaged and `open_services` refuses it. So
their handlers take the data folder (a `FileHandler`, set as `file_handler` on the parser),
and `app.cli._run` calls them without opening the database.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from app.cli.context import table
from app.services.wording import _, ngettext
from app.services.wording.formats import format_count

FileHandler = Callable[[argparse.Namespace, Path, TextIO], int]

EXIT_OK = 0


def register(actions: Any, common: argparse.ArgumentParser) -> None:
    """Add the `list` and `restore` actions to the `backup` command's sub-parsers."""
    help_text = _("list backups of the data file, newest first")
    p = actions.add_parser("list", parents=[common], help=help_text, description=help_text)
    p.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    p.set_defaults(file_handler=backup_list)
    help_text = _("replace the data file with a backup (the current file is backed up first)")
    p = actions.add_parser("restore", parents=[common], help=help_text, description=help_text)
    p.add_argument("id", metavar="ID", help=_("a backup id as shown by 'borte backup list'"))
    p.set_defaults(file_handler=backup_restore)


def _size(size: int) -> str:
    if size >= 1024:
        return _("{size} KB").format(size=format_count(round(size / 1024)))
    return ngettext("{count} byte", "{count} bytes", size).format(count=size)


def backup_list(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    """`backup list`: a table, or JSON."""
    from app.services import backups  # loads SQLAlchemy: not for `borte --help`

    found = backups.list_backups(data_dir, check=True)
    if args.json:
        rows = [
            {
                "id": info.id,
                "created": info.created.isoformat(),
                "reason": info.reason,
                "trips": info.trip_count,
                "size_bytes": info.size,
                "path": str(info.path),
                "damaged": info.problem is not None,
            }
            for info in found
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    if not found:
        print(
            _(
                "There are no backups in {folder} yet; Borte makes one when it starts, once a day."
            ).format(folder=backups.backups_dir(data_dir)),
            file=out,
        )
        return EXIT_OK
    table_rows = [
        [
            info.id,
            info.created.astimezone().strftime("%Y-%m-%d %H:%M"),
            info.reason,
            _("unreadable") if info.trip_count is None else format_count(info.trip_count),
            _size(info.size),
            _("damaged") if info.problem is not None else _("ok"),
        ]
        for info in found
    ]
    headers = [_("ID"), _("Made (local time)"), _("Reason"), _("Trips"), _("Size"), _("Check")]
    print(table(headers, table_rows, right=(3, 4)), file=out)
    damaged = sum(info.problem is not None for info in found)
    if damaged:
        print(
            ngettext(
                "{count} backup is damaged and cannot be restored; restore one marked ok instead.",
                "{count} backups are damaged and cannot be restored; restore one marked ok "
                "instead.",
                damaged,
            ).format(count=damaged),
            file=out,
        )
    return EXIT_OK


def backup_restore(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    """`backup restore ID`: put a backup in place of the data file, keeping the old file."""
    from app.services import backups

    restored = backups.restore(data_dir, args.id)
    print(
        _("Restored the data file from the backup {backup}.").format(
            backup=restored.backup.label()
        ),
        file=out,
    )
    previous = restored.previous
    if previous is None:
        pass
    elif previous.parent == backups.backups_dir(data_dir):
        print(
            _("The file it replaced is kept as the backup {backup}.").format(backup=previous.stem),
            file=out,
        )
    else:
        print(
            _("The damaged file it replaced is kept, unchanged, as {path}.").format(path=previous),
            file=out,
        )
    return EXIT_OK
