"""The options `borte` takes before any command, and the parser class every level uses.

`borte` with no command opens the window, and the window should not wait for the whole command
tree (`app.cli.parser` imports every command's module, about 0.1 s). So `window_arguments`
first reads the arguments with the shared options alone; only a command, `--help`, `--version`,
a setup option or anything it cannot read goes to the whole tree, which then answers (or
refuses) exactly as before.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
from collections.abc import Sequence
from typing import Any, NoReturn

from app import paths
from app.cli.context import UsageError
from app.services.wording import LANGUAGES, N_, _
from app.services.wording.core import sentence_start

_INVALID_CHOICE = re.compile(
    r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"
)


# argparse's own words in --help, in the current language (argparse looks its texts up through
# a module-level gettext function at call time). Its error messages stay English: `_sentence`
# reads them before turning them into Borte's own sentence.
_ARGPARSE_WORDS = frozenset(
    {
        N_("usage: "),
        N_("options"),
        N_("positional arguments"),
        N_("show this help message and exit"),
        N_("show program's version number and exit"),
    }
)


def _argparse_text(message: str) -> str:
    return _(message) if message in _ARGPARSE_WORDS else message


setattr(argparse, "_", _argparse_text)  # noqa: B010  (typeshed does not declare it)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one sentence, raised rather than printed with usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_sentence(message), self.prog)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, asking the terminal for its width once per process: argparse
    makes a formatter for each argument it adds (to check its metavar), and each asked, a
    hundred calls and about 4 ms of every `borte` start, the window's included."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        if kwargs.get("width") is None:
            kwargs["width"] = _help_width()
        super().__init__(prog, **kwargs)


@functools.cache
def _help_width() -> int:
    """argparse's own default: the terminal's width less a margin."""
    return shutil.get_terminal_size().columns - 2


def _sentence(argparse_message: str) -> str:
    """Turn an argparse message ("argument --kind: invalid choice: …") into a sentence."""
    match = _INVALID_CHOICE.fullmatch(argparse_message)
    if match:
        # A positional shows as its metavar (COMMAND, ACTION); an option as itself (--kind).
        arg = match["arg"].lower() if match["arg"].isupper() else match["arg"]
        text = _("{value} is not a valid {arg}: choose from {choices}").format(
            value=match["value"], arg=arg, choices=match["choices"]
        )
    else:
        text = argparse_message
    text = sentence_start(text)
    return text if text.endswith(".") else text + "."


def add_shared_options(parser: argparse.ArgumentParser) -> None:
    """`--data-dir`, `--person` and `--lang`: before or after the command, and for the window.

    SUPPRESS rather than None: argparse copies a sub-parser's namespace over its parent's, so a
    None default after the command would wipe out a value given before it.
    """
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_(
            "folder holding the data (default: ${data_dir_env}, else your user data folder)"
        ).format(data_dir_env=paths.DATA_DIR_ENV),
    )
    parser.add_argument(
        "--person",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("whose records to use (default: the default person)"),
    )
    parser.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default=argparse.SUPPRESS,
        help=_("language of the output and of the report (default: $LANG)"),
    )


def window_arguments(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The parsed arguments when they ask for the window and nothing else, otherwise None.

    Only the shared options are read here, none abbreviated (the whole tree has more options
    that an abbreviation could mean). Whatever is left over or wrong returns None, so the whole
    tree parses it and says what it always said.
    """
    parser = Parser(prog="borte", add_help=False, allow_abbrev=False)
    add_shared_options(parser)
    try:
        args, rest = parser.parse_known_args(list(arguments))
    except UsageError:
        return None
    if rest:
        return None
    args.command = None
    return args
