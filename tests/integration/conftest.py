"""Shared by the data-safety tests: run `borte` in-process on a private data folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import cli


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    def one_line_error(self) -> str:
        """Assert exit 2 with exactly one `borte: ` line on stderr, and return it."""
        assert self.code == 2, (self.code, self.out, self.err)
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("borte: ")
        return lines[0]


Borte = Callable[..., CliResult]


@pytest.fixture
def borte(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Borte:
    """`borte(*argv)`: the CLI on `tmp_path / "data"`, today pinned to 2025-06-30."""
    monkeypatch.setenv("BORTE_TODAY", "2025-06-30")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)
    folder = tmp_path / "data"

    def run(*argv: str) -> CliResult:
        code = cli.main([*argv, "--data-dir", str(folder)])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def umask_000() -> Iterator[None]:
    """Run the test under umask 000, where only Borte's own modes keep files private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def file_mode(path: Path) -> int:
    """The permission bits of `path`."""
    return stat.S_IMODE(path.stat().st_mode)
