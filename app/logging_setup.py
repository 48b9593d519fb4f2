"""The log file: one rotating file for the command line and the window alike.

Logging is installed for the length of one `with file_logging(...)` block and removed after it,
so a test that runs the command line in-process many times leaves no open file behind.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import make_private_dir

# Small enough to attach to a bug report by e-mail, with three older files kept.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextmanager
def file_logging(path: Path, level: int = logging.INFO) -> Iterator[Path | None]:
    """Log to `path` (rotating) inside the block; yields `path`, or None if it cannot be written.

    A log that cannot be written must never stop the app, so failure here only means the
    caller has no file to point the user at.
    """
    root = logging.getLogger()
    try:
        # Private like the data file (app/models/database.py): a traceback can quote a note.
        make_private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        # Opened now rather than on the first record (delay=False), so an unwritable file is
        # found here instead of as a "Logging error" dump on stderr in the middle of a command.
        handler: RotatingFileHandler | None = RotatingFileHandler(
            path,
            maxBytes=MAX_BYTES,
            backupCount=BACKUP_COUNT,
            encoding="utf-8",
            # A name typed with non-UTF-8 bytes must not turn into a "Logging error" dump.
            errors="backslashreplace",
        )
    except OSError:
        handler = None
    if handler is None:
        yield None
        return
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    old_level = root.level
    root.addHandler(handler)
    if root.getEffectiveLevel() > level:
        root.setLevel(level)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
