"""Problems the user can fix, as opposed to bugs.

Slots and CLI commands catch `AppError` and show `str(err)`: one sentence saying what is wrong
and how to fix it. Anything else is a bug and goes to the crash handler.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.services.wording import _, ngettext
from app.services.wording.core import sentence_start
from app.services.wording.formats import format_count


class AppError(Exception):
    """A problem the user can fix; `str(err)` is a sentence written for them."""


class ValidationError(AppError):
    """Input that breaks a rule.

    `clause` is the same text starting in lower case where that reads right, for lists such
    as "line 7: the return date … is before …".
    """

    def __init__(self, message: str, *, clause: str | None = None) -> None:
        super().__init__(message)
        self.clause = clause if clause is not None else message

    @classmethod
    def from_clause(cls, clause: str) -> ValidationError:
        """Build the error from its lower-case clause; the message gets a capital letter."""
        return cls(sentence_start(clause), clause=clause)


class NotFoundError(AppError):
    """A person, trip or permit that does not exist (any more)."""


class DataFileError(AppError):
    """A file Borte was asked to read or write could not be used."""

    @classmethod
    def unreadable(cls, path: Path, err: OSError) -> DataFileError:
        """A file to import that the system would not let Borte read."""
        return cls(
            _("Could not read {path}: {reason}; check the file name and try again.").format(
                path=path, reason=err.strerror or str(err)
            )
        )


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row of an imported file; `line` is the physical line (the header is line 1)."""

    line: int
    message: str  # a full sentence that starts with "line N: "


class ImportRejected(AppError):
    """A file was not imported at all; `errors` lists every bad row.

    For a problem with the whole file (empty, too big, wrong header) `errors` is empty and the
    message says what is wrong.
    """

    def __init__(self, errors: Sequence[RowError], message: str | None = None) -> None:
        self.errors: list[RowError] = list(errors)
        if message is None:
            count = len(self.errors)
            message = ngettext(
                "The file was not imported: {count} row has a problem.",
                "The file was not imported: {count} rows have problems.",
                count,
            ).format(count=format_count(count))
        super().__init__(message)
