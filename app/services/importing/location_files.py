"""The files of Google location history: one file, a Takeout folder or a Takeout .zip.

A folder or .zip is read as one history: its monthly Semantic Location History files in order
of month, or else its Records.json, or else its Timeline.json (one kind only, so the same
days are not read twice). Each file streams through `location_read`'s reader for its format,
with the bytes read reported to `progress` (which may cancel) every 4 MB.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, NamedTuple

from app.services.errors import ImportRejected
from app.services.importing.location_read import Sighting, kind_of, reader
from app.services.importing.sources import Cancelled
from app.services.importing.table import NOT_IMPORTED
from app.services.wording import _

MONTHS = (
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
)
_MONTH_FILE = re.compile(r"(\d{4})_([A-Z]+)\.json$", re.IGNORECASE)


class _Counting(io.RawIOBase):
    """A file that tells `progress` how many bytes were read, every 4 MB."""

    def __init__(
        self, raw: IO[bytes], done: list[int], total: int, progress: Callable[[int, int], bool]
    ) -> None:
        self._raw = raw
        self._done = done
        self._total = total
        self._progress = progress
        self._next = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._done[0] += len(data)
        if self._done[0] >= self._next:
            self._next = self._done[0] + (4 << 20)
            if not self._progress(self._done[0], self._total):
                raise Cancelled
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _month_order(name: str) -> tuple[int, int, str]:
    match = _MONTH_FILE.search(name)
    if match is None:
        return (0, 0, name)
    month = match.group(2).upper()
    return (int(match.group(1)), MONTHS.index(month) + 1 if month in MONTHS else 0, name)


def _choose(names: Iterable[str]) -> list[str]:
    """The files of a Takeout folder or zip to read, in order (one kind only)."""
    names = [n for n in names if n.lower().endswith(".json")]
    monthly = [n for n in names if "semantic location history" in n.lower()]
    if monthly:
        return sorted(monthly, key=_month_order)
    for wanted in (
        "records.json",
        "location history.json",
        "timeline.json",
        "location-history.json",
    ):
        found = [n for n in names if n.lower().rsplit("/", 1)[-1] == wanted]
        if found:
            return found[:1]
    return []


class Opened(NamedTuple):
    """The files of a location source, ready to stream."""

    names: list[str]  # as the user knows them (for messages)
    total: int  # bytes, for progress
    open: Callable[[str], IO[bytes]]
    close: Callable[[], None] = lambda: None  # the zip archive, if any


def open_source(path: Path) -> Opened | None:
    """A location file, a Takeout folder, or a Takeout .zip; None if it holds no history."""
    if path.is_dir():
        files = {str(p.relative_to(path)): p for p in path.rglob("*.json")}
        names = _choose(files)
        if not names:
            return None
        total = sum(files[n].stat().st_size for n in names)
        return Opened(names, total, lambda name: files[name].open("rb"))
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        names = _choose(archive.namelist())
        if not names:
            archive.close()
            return None
        total = sum(archive.getinfo(n).file_size for n in names)
        return Opened(names, total, lambda name: archive.open(name), archive.close)
    return Opened([path.name], path.stat().st_size, lambda name: path.open("rb"))


def sightings(path: Path, progress: Callable[[int, int], bool] | None = None) -> Iterator[Sighting]:
    """Every sighting in a location file, folder or zip, in the files' order.

    Raises:
        ImportRejected: nothing in it is location history Borte reads.
        Cancelled: `progress` returned False.
    """
    opened = open_source(path)
    if opened is None:
        raise ImportRejected([], NOT_IMPORTED + _no_history(path.name))
    done = [0]
    with ExitStack() as archive:
        archive.callback(opened.close)
        for name in opened.names:
            yield from _one_file(opened, name, done, progress, path.name)


def _one_file(
    opened: Opened,
    name: str,
    done: list[int],
    progress: Callable[[int, int], bool] | None,
    shown: str,
) -> Iterator[Sighting]:
    """The sightings of one file of the source (none if it is not location history)."""
    with opened.open(name) as raw:
        head = raw.read(8192)
        kind = kind_of(head)
        if not kind:
            if len(opened.names) == 1:
                raise ImportRejected([], NOT_IMPORTED + _no_history(shown))
            return  # some other JSON file in a Takeout folder
        done[0] += len(head)
        rest = io.BufferedReader(
            _Counting(raw, done, opened.total, progress or (lambda _d, _t: True)),
            buffer_size=1 << 20,
        )
        yield from reader(kind)(io.BufferedReader(_Joined(head, rest), buffer_size=1 << 20))


def _no_history(name: str) -> str:
    return _(
        "Borte expected Google location history (Records.json, a Semantic Location History "
        "month or Timeline.json), but {name} holds none; choose one of those files, the "
        "Takeout folder or its .zip."
    ).format(name=name)


class _Joined(io.RawIOBase):
    """`head` (already read to recognise the file) followed by the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
