"""Writing a file the user named (CSV export, PDF report, .ics calendar, chart image) safely.

One home for the rules, so every export behaves the same:

- Only regular files are written. A folder, a device (`/dev/full`), a FIFO or a socket at the
  path is refused with one sentence, and left exactly as it was.
- A symbolic link is followed on purpose: the file it points to is replaced and the link stays
  a link (an export path in a synced folder is often a link). A link to nothing is refused,
  because following it would create a file somewhere the user did not name.
- A file with other hard links is written in place, so every name sees the new contents
  (replacing it would quietly split the names apart). That one case gives up atomicity; an
  export can always be made again.
- Otherwise the new contents go to a hidden file beside the target, created 0600, which is
  synced and renamed over the target in one step: a crash leaves the old file or the new one,
  never half of one.
- An existing file keeps its permission bits; a new file is created 0600 whatever the umask
  (trips and notes are personal data).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from app.services.errors import DataFileError
from app.services.wording import _

NEW_FILE_MODE = 0o600


class TargetError(DataFileError):
    """A file cannot (or must not) be written at the path the user gave."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_target(path: Path, example: str = "export.csv") -> Path:
    """The file that writing to `path` will replace (symbolic links followed).

    Raises:
        TargetError: `path` is empty, names a folder, device, pipe or socket, is a link to
            nothing, or its folder does not exist.
    """
    if not str(path):
        raise TargetError(
            _("No file name was given; give one such as {example}.").format(example=example)
        )
    if os.path.islink(path):
        real = Path(os.path.realpath(path))
        if not real.exists():
            raise TargetError(
                f"{path} is a link to {real}, which does not exist; give the file itself or "
                "another file name."
            )
    else:
        real = Path(os.path.abspath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise _cannot_write(path, err) from err
    if mode is not None and (kind := _kind(mode)) is not None:
        raise TargetError(
            f"{path} is {kind}, not a regular file, so Borte left it alone; give a file name "
            f"such as {example}."
        )
    if not real.parent.is_dir():
        raise TargetError(
            _(
                "Borte cannot write {path}: the folder {parent} does not exist; choose an "
                "existing folder."
            ).format(path=path, parent=real.parent)
        )
    return real


@contextlib.contextmanager
def replacing(path: Path, example: str = "export.csv") -> Iterator[Path]:
    """Yield a private temporary file to write; on success it becomes the file at `path`.

    If the block raises, the target is left as it was and the temporary file is removed.

    Raises:
        TargetError: see `check_target`, or the file cannot be written (reason in the message).
    """
    real = check_target(path, example)
    temporary = real.with_name(f".{real.name}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
        os.close(fd)
    except OSError as err:
        raise _cannot_write(path, err) from err
    try:
        yield temporary
        _put_in_place(temporary, real)
    except OSError as err:
        raise _cannot_write(path, err) from err
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes, example: str = "export.csv") -> None:
    """Write `data` to `path` by the rules in this module's docstring."""
    with replacing(path, example) as temporary:
        fd = os.open(temporary, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(fd, "wb") as file:
            file.write(data)


def _put_in_place(temporary: Path, real: Path) -> None:
    try:
        existing = real.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and _kind(existing.st_mode) is not None:
        # Something else appeared there since the check: still never replace it.
        raise TargetError(f"{real} is not a regular file any more, so Borte left it alone.")
    if existing is not None and existing.st_nlink > 1:
        _write_in_place(temporary, real)
        return
    # By path, not fchmod, which Windows lacks before Python 3.13.
    os.chmod(temporary, stat.S_IMODE(existing.st_mode) if existing else NEW_FILE_MODE)
    fd = os.open(temporary, os.O_RDONLY)
    try:
        if existing is not None and hasattr(os, "geteuid") and os.geteuid() == 0:
            # Root exporting over a user's file: the file stays the user's.
            with contextlib.suppress(OSError):
                os.fchown(fd, existing.st_uid, existing.st_gid)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, real)
    _fsync_dir(real.parent)


def _write_in_place(temporary: Path, real: Path) -> None:
    """Copy the new contents into the existing (hard-linked) file, keeping its inode."""
    with temporary.open("rb") as source, real.open("r+b") as target:
        target.truncate(0)
        while chunk := source.read(1 << 20):
            target.write(chunk)
        target.flush()
        os.fsync(target.fileno())


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):  # some network file systems refuse; the data is synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _cannot_write(path: Path, err: OSError) -> TargetError:
    reason = (err.strerror or str(err)).lower()
    return TargetError(
        _("Borte cannot write {path} ({reason}); choose another folder or file name.").format(
            path=path, reason=reason
        )
    )
