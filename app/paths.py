"""Where Borte keeps its data and its log.

One library decides every path (platformdirs), so the answer is the same before a
QApplication exists, in the command line and in tests (Qt's own standard paths differ).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "borte"
DATA_DIR_ENV = "BORTE_DATA_DIR"
LOG_FILENAME = "borte.log"


def data_dir(override: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The data folder: `--data-dir`, else `$BORTE_DATA_DIR`, else the platform's user data folder.

    Relative paths are made absolute so messages and the About box name a folder the user can find.
    """
    env = os.environ if environ is None else environ
    chosen = override if override else env.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().absolute()
    return platformdirs.user_data_path(APP_NAME)


def log_dir() -> Path:
    """The folder for the log file (on Linux `$XDG_STATE_HOME/borte/log`)."""
    return platformdirs.user_log_path(APP_NAME)


def log_file() -> Path:
    """The log file itself; rotated copies sit next to it with `.1`, `.2`, … appended."""
    return log_dir() / LOG_FILENAME


def make_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents with mode 0700, whatever the umask.

    `mkdir(mode=…)` is filtered through the umask and `parents=True` gives the parents the
    default mode, so under umask 000 `~/.local/share` would come out 0777. Each folder this
    creates is chmod-ed to 0700; folders that already exist are left as they are.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another process made it meanwhile
        path.chmod(0o700)
