"""Shared set-up for every test: offscreen Qt, sandboxed user folders, hypothesis profiles.

Subfolders add their own fixtures in their own conftest.py files.
"""

from __future__ import annotations

import os

# Before anything can import Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import close_database, open_database
from app.services.wording import set_language

# No test may read or write the real user's data, config, state or cache folders. Set at import
# time, before any module asks platformdirs where they are. MPLCONFIGDIR is left alone: a
# fresh matplotlib cache per run would cost every run the font scan.
_SANDBOX = Path(tempfile.mkdtemp(prefix="borte-tests-"))
for _variable, _folder in (
    ("XDG_DATA_HOME", "data"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_CACHE_HOME", "cache"),
):
    os.environ[_variable] = str(_SANDBOX / _folder)

# Tests read English unless they choose a language: the machine's $LANG must not decide.
# (LANGUAGE is read first, as gettext does; a test of $LANG removes it from its child's env.)
os.environ["LANGUAGE"] = "en"

settings.register_profile("dev", max_examples=300, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SANDBOX, ignore_errors=True)


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    """A fresh, migrated in-memory database holding the default person "Me"."""
    factory = open_database(None)
    yield factory
    close_database(factory)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty folder to use as Borte's data folder."""
    return tmp_path


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that switches the language (the CLI's --lang, Settings) does not leak it."""
    yield
    set_language("en")
