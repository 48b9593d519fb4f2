"""What command handlers share: the input errors, the `Context` they run in, and output helpers."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TextIO

from app.services.wording import _, ngettext
from app.services.wording.formats import format_count

if TYPE_CHECKING:
    from app.main import Services
    from app.services.views import PersonView


# Characters a terminal acts on instead of showing: C0 controls but tab and newline (escape
# sequences, carriage return, backspace), DEL, the C1 controls (U+009B is a one-character
# CSI), and the bidirectional overrides that reorder what is shown (Trojan Source).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on shown as an escape (`\x1b`)."""
    return _UNSAFE.sub(lambda m: _escape(m[0]), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_safe(text: str) -> str:
    # Inside a JSON document these characters only occur in strings, where \uXXXX means the
    # same character: the data is unchanged, and the terminal sees plain ASCII.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class InputError(Exception):
    """Bad input from the user; the message is one sentence."""


class OutputError(InputError):
    """The command's output could not be written (a full disk under `> file`)."""

    def __init__(self, error: OSError | ValueError) -> None:
        super().__init__(output_not_written(error))


def output_not_written(error: OSError | ValueError) -> str:
    """The sentence for output that could not be written, during a command or at its exit."""
    detail = getattr(error, "strerror", None) or str(error)
    return _(
        "The output could not be written ({detail}); make room where it goes, or send it "
        "elsewhere. This does not affect the data file."
    ).format(detail=detail)


class CommandOutput(io.TextIOBase):
    """A command's output stream (stdout) whose failed writes say so in one sentence.

    A write that fails for want of room (or any reason but a reader gone away, which `app.cli`
    ends quietly) raises `OutputError` instead of an `OSError` reported as unexpected.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()


class UsageError(InputError):
    """The command line itself is wrong; the message gets a hint to run `--help`."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


@dataclass
class Context:
    """What a command handler works with: the services, today, and where to print."""

    services: Services
    today: date
    out: TextIO
    person_name: str | None
    _person: PersonView | None = field(default=None, init=False)

    def person(self) -> PersonView:
        """The person named by `--person`, else the default person."""
        if self._person is None:
            people = self.services.people
            if self.person_name is None:
                self._person = people.default()
            else:
                found = people.by_name(self.person_name)
                if found is None:
                    raise InputError(
                        _("There is no person called {name!r}: see 'borte people list'.").format(
                            name=self.person_name
                        )
                    )
                self._person = found
        return self._person

    def print(self, text: str = "") -> None:
        """Print a line (or block) to the command's output, terminal controls made visible."""
        print(printable(text), file=self.out)

    def print_json(self, value: object) -> None:
        """Print `value` as indented JSON, keeping non-ASCII letters readable."""
        import json  # here: the window, which starts through this package, prints none

        print(_json_safe(json.dumps(value, indent=2, ensure_ascii=False)), file=self.out)


Handler = Callable[[argparse.Namespace, Context], int]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A plain-text table; the columns numbered in `right` (numbers) are right-aligned."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    lines = []
    for row in [headers, *rows]:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def count(number: int, noun: str) -> str:
    """ "1 trip", "2 trips", "2,000 trips" (`noun`: trip, permit, reminder or person): whole
    noun phrases with their number, since the plural is the language's ("1 reise", "2 reiser")."""
    if noun == "trip":
        text = ngettext("{count} trip", "{count} trips", number)
    elif noun == "permit":
        text = ngettext("{count} permit", "{count} permits", number)
    elif noun == "reminder":
        text = ngettext("{count} reminder", "{count} reminders", number)
    elif noun == "person":
        text = ngettext("{count} person", "{count} people", number)
    else:
        raise ValueError(f"no plural forms for {noun!r}")
    return text.format(count=format_count(number))


def iso(day: date | None) -> str | None:
    """`day` as YYYY-MM-DD, or None (JSON null)."""
    return None if day is None else day.isoformat()
