"""The log file: one rotating file for the command line and the window alike.

Logging is installed for the length of one `with file_logging(...)` block and removed after it,
so a test that runs the command line in-process many times leaves no open file behind.

The rotation is `RotatingLog` here rather than `logging.handlers.RotatingFileHandler`: that
module imports socket, pickle and queue, about 7 ms before the window's first frame; and the
standard handler makes each new file after a rotation readable by everyone (the umask), where
a traceback can quote a note.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.paths import make_private_dir

# Small enough to attach to a bug report by e-mail, with three older files kept.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RotatingLog(logging.FileHandler):
    """A log file that, before a record would take it to `max_bytes`, becomes `NAME.1` (the
    older ones `NAME.2` … `NAME.<backups>`, the oldest dropped) and starts again; every file
    private to the user (mode 0600)."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int, errors: str) -> None:
        self.max_bytes = max_bytes
        self.backups = backups
        super().__init__(path, mode="a", encoding="utf-8", errors=errors)

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self._is_full(self.stream, f"{self.format(record)}\n"):
                self._rotate(self.stream)
            super().emit(record)
        except Exception:  # as logging's own handlers: a failed log line never stops the app
            self.handleError(record)

    def _is_full(self, stream: io.TextIOWrapper, line: str) -> bool:
        stream.seek(0, os.SEEK_END)  # another Borte may have written to it since
        size = stream.tell() + len(line.encode("utf-8", self.errors or "strict"))
        return size >= self.max_bytes

    def _rotate(self, stream: io.TextIOWrapper) -> None:
        stream.close()
        self.stream = None  # reopened below
        base = self.baseFilename
        # Another Borte (the window and a command at once) may have moved a file already.
        for number in range(self.backups - 1, 0, -1):
            with suppress(FileNotFoundError):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        with suppress(FileNotFoundError):
            if self.backups > 0:
                os.replace(base, f"{base}.1")
            else:
                os.remove(base)
        self.stream = self._open()


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
        # Opened now rather than on the first record (delay=False), so an unwritable file is
        # found here instead of as a "Logging error" dump on stderr in the middle of a command.
        handler: RotatingLog | None = RotatingLog(
            path,
            max_bytes=MAX_BYTES,
            backups=BACKUP_COUNT,
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
