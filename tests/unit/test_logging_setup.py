"""The log file (app/logging_setup.py): rotation by size, private files, never a crash."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from app import logging_setup
from app.logging_setup import RotatingLog, file_logging


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _log(handler: logging.Handler, message: str) -> None:
    handler.handle(logging.LogRecord("borte", logging.INFO, __file__, 1, message, None, None))


def test_a_full_log_moves_to_dot_one_and_the_oldest_goes(tmp_path: Path) -> None:
    path = tmp_path / "borte.log"
    handler = RotatingLog(path, max_bytes=100, backups=2, errors="backslashreplace")
    try:
        for number in range(10):
            _log(handler, f"line {number:02d} " + "x" * 30)  # 39 bytes a line: two per file
    finally:
        handler.close()

    files = {p.name: p.read_text(encoding="utf-8").split() for p in tmp_path.iterdir()}
    assert sorted(files) == ["borte.log", "borte.log.1", "borte.log.2"]
    # The newest two lines in the log, the two before in .1, the two before those in .2.
    numbers = [files[name][1::3] for name in ("borte.log.2", "borte.log.1", "borte.log")]
    assert numbers == [["04", "05"], ["06", "07"], ["08", "09"]]
    assert all(os.path.getsize(tmp_path / name) < 100 for name in files)


def test_every_log_file_is_private_after_a_rotation_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_umask = os.umask(0o022)  # the usual one, under which the stdlib handler's are 0644
    try:
        _log_a_lot(tmp_path, monkeypatch)
    finally:
        os.umask(old_umask)
    for name in ("borte.log", "borte.log.1", "borte.log.2", "borte.log.3"):
        assert _mode(tmp_path / "log" / name) == 0o600
    assert _mode(tmp_path / "log") == 0o700


def _log_a_lot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 200)
    path = tmp_path / "log" / "borte.log"
    with file_logging(path) as written:
        assert written == path
        for number in range(20):
            logging.getLogger("borte.test").info("record %d %s", number, "y" * 40)

    assert (tmp_path / "log" / "borte.log.3").exists()


def test_a_log_that_cannot_be_written_gives_no_file_and_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be")

    with file_logging(blocker / "borte.log") as written:
        logging.getLogger("borte.test").warning("goes nowhere")

    assert written is None


def test_text_that_is_not_utf_8_is_logged_escaped(tmp_path: Path) -> None:
    path = tmp_path / "borte.log"
    with file_logging(path):
        logging.getLogger("borte.test").warning("name %s", "caf\udce9")  # a stray byte

    assert "caf\\udce9" in path.read_text(encoding="utf-8")


def test_two_processes_rotating_one_log_keep_logging_and_print_no_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The window and a command write the same log; each rotates it when it finds it full,
    # the files the other one moved or made included.
    path = tmp_path / "borte.log"
    window = RotatingLog(path, max_bytes=120, backups=3, errors="backslashreplace")
    command = RotatingLog(path, max_bytes=120, backups=3, errors="backslashreplace")
    try:
        for number in range(12):
            _log(window if number % 2 else command, f"line {number:02d} " + "z" * 20)
        os.remove(path)  # gone under both (a user tidying up): the next line makes it again
        _log(window, "after removal")
    finally:
        window.close()
        command.close()

    assert capsys.readouterr().err == ""  # no "--- Logging error ---" dump
    assert "after removal" in path.read_text(encoding="utf-8")
    # (Which older copies exist depends on who rotated when; never more than three.)
    assert {p.name for p in tmp_path.iterdir()} <= {f"borte.log{s}" for s in ("", ".1", ".2", ".3")}
