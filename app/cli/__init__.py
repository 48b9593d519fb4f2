"""The `borte` command line: headless commands over the same services as the window.

`borte` with no command opens the desktop app; with a command it runs without ever importing Qt.

Exit codes: 0 done; 1 an unexpected error (logged with its traceback, and the message names
the log file); 2 bad input or another problem the user can fix, output that could not be
written included (one sentence on stderr, never a usage dump or a traceback); 130
interrupted; 141 output pipe closed (`borte … | head`).

"Today" comes from `app.main.today()`, which honours `$BORTE_TODAY` (an ISO date such as
2025-03-01) so tests can pin it; nothing below this layer asks the clock.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from app import logging_setup, paths
from app.cli.context import (
    CommandOutput,
    Context,
    Handler,
    InputError,
    OutputError,
    UsageError,
    printable,
)
from app.cli.options import window_arguments
from app.main import TODAY_ENV, BadTodayError, open_services, run_gui, today
from app.process_exit import EXIT_BROKEN_PIPE
from app.services.errors import AppError, ImportRejected
from app.services.wording import _, set_language, using_language

if TYPE_CHECKING:
    from app.cli.backup import FileHandler

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_UNEXPECTED", "main"]

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run `borte` with `argv` (default: `sys.argv[1:]`) and return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    with logging_setup.file_logging(paths.log_file()) as log_file:
        try:
            return _run(arguments, log_file)
        except UsageError as exc:
            _say(_("{exc} Run '{prog} --help' for usage.").format(exc=exc, prog=exc.prog))
            return EXIT_BAD_INPUT
        except ImportRejected as exc:
            _say(str(exc))
            for row in exc.errors:
                print(printable(row.message), file=sys.stderr)  # starts with "line N: "
            return EXIT_BAD_INPUT
        except OutputError as exc:
            _silence_stdout()  # what could not be written is dropped, not tried again at exit
            _say(str(exc))
            return EXIT_BAD_INPUT
        except (AppError, InputError, BadTodayError) as exc:
            _say(str(exc))
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            _say(_("Interrupted."))
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # The reader went away (`borte trips list | head`): not a bug, and nobody to tell.
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except Exception as exc:
            # The command words only: notes, names and paths are the user's private text.
            log.exception("Unexpected error in: borte %s", _command_words(arguments))
            if log_file is None:
                detail = " ".join(str(exc).split())  # one line, even for multi-line messages
                _say(
                    _("Something unexpected went wrong ({__name__}: {detail}).").format(
                        __name__=type(exc).__name__, detail=detail
                    )
                )
            else:
                _say(
                    _("Something unexpected went wrong; the details are in {log_file}.").format(
                        log_file=log_file
                    )
                )
            return EXIT_UNEXPECTED


def _command_words(arguments: Sequence[str]) -> str:
    """The command and action (`trips add`) without any value the user typed."""
    words = []
    for argument in arguments:
        if argument.startswith("-") or not argument.isascii() or not argument.isalpha():
            break
        words.append(argument)
        if len(words) == 2:
            break
    return " ".join(words) or "(no command)"


def _say(message: str) -> None:
    print(f"borte: {printable(message)}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail a second time.

    This is the recipe in the Python docs' notes on SIGPIPE (library/signal.html).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (captured in a test)
        pass


def _check_utf8(arguments: Sequence[str]) -> None:
    """Refuse arguments (and Borte's variables) holding bytes that are not UTF-8.

    Python hands such bytes over as lone surrogates, which SQLite, the log and the terminal
    cannot store or print; so they stop here, with a sentence, before anything is opened.
    """
    named = [(_("argument {i}").format(i=i), value) for i, value in enumerate(arguments, start=1)]
    named += [(f"${name}", os.environ.get(name, "")) for name in (paths.DATA_DIR_ENV, TODAY_ENV)]
    for where, value in named:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise InputError(
                _(
                    "The {where} ({shown}) is not valid UTF-8 text; Borte reads names, notes and "
                    "paths as UTF-8, so retype it (or rename the file) and try again."
                ).format(where=where, shown=shown[:60])
            ) from None


def language_argument(arguments: Sequence[str]) -> str | None:
    """The value of `--lang` anywhere in `arguments` (read before parsing, so the parser's own
    messages and help are in that language too); None when absent."""
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
    return None


def _run(arguments: list[str], log_file: Path | None) -> int:
    _check_utf8(arguments)
    # --lang, else $LANGUAGE/$LC_ALL/$LC_MESSAGES/$LANG; the window may change it from Settings.
    set_language(language_argument(arguments))
    args = window_arguments(arguments)
    if args is None:
        # A command (or --help, --version, a mistake): the whole tree, with every command's
        # module. The window alone does not wait for it.
        from app.cli.parser import build_parser

        try:
            args = build_parser().parse_args(arguments)
        except SystemExit as done:  # --help and --version print, then "exit" with 0
            return done.code if isinstance(done.code, int) else EXIT_OK
    now = today()  # read once, so a bad $BORTE_TODAY fails before anything is opened
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError(
            _("{data_dir!r} is a file, not a folder: give a folder for --data-dir.").format(
                data_dir=str(data_dir)
            )
        )
    # Every command prints through it: output it cannot write is one sentence, not a crash.
    output = cast(TextIO, CommandOutput(sys.stdout))
    file_handler: FileHandler | None = getattr(args, "file_handler", None)
    if file_handler is not None:
        # Backup commands work on the files without opening the database, so a damaged file
        # that open_services refuses can still be restored.
        log.info("borte %s (data in %s)", args.command, data_dir)
        return file_handler(args, data_dir, output)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return run_gui(
            data_dir, log_file=log_file, argv=sys.argv[:1], language=getattr(args, "lang", None)
        )
    from app.services.file_check import DataFileProblem  # loads SQLAlchemy, as opening does

    def waiting() -> None:
        _say(_("waiting for another Borte to finish writing to the data file…"))

    try:
        services = open_services(data_dir, on_wait=waiting)
    except DataFileProblem as problem:
        if problem.backup is None:
            raise
        where = f" --data-dir {shlex.quote(str(data_dir))}" if hasattr(args, "data_dir") else ""
        command = f"borte backup restore {problem.backup.id}{where}"  # a command, not text
        raise InputError(
            _("{problem} To restore it, run: {command}").format(problem=problem, command=command)
        ) from problem
    for warning in services.warnings:
        _say(_("warning: {warning}").format(warning=warning))
    try:
        log.info("borte %s (data in %s)", args.command, data_dir)
        context = Context(services, now, output, getattr(args, "person", None))
        # --json is read by other tools: its values stay English (and its dates ISO) whatever
        # the language, as they always were.
        with using_language("en" if getattr(args, "json", False) else None):
            return handler(args, context)
    finally:
        failure = services.close()
        if failure is not None:
            _say(_("warning: {failure}").format(failure=failure))
