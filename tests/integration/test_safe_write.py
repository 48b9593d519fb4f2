"""Issue 11 item 2: exports write regular files only, follow links, keep modes, create 0600.

Every writer of a user-named file (CSV export, report, .ics, chart image) goes through
`app.services.safe_write`; the CLI tests below check the commands reach it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.services import safe_write
from tests.integration.conftest import Borte, file_mode


def test_a_new_file_is_0600_even_under_umask_000(tmp_path: Path, umask_000: None) -> None:
    target = tmp_path / "out.csv"
    safe_write.write_bytes(target, b"x\n")
    assert target.read_bytes() == b"x\n"
    assert file_mode(target) == 0o600


def test_an_existing_files_mode_is_kept(tmp_path: Path, umask_000: None) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    safe_write.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert file_mode(target) == 0o640


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    real.chmod(0o644)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    safe_write.write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert file_mode(real) == 0o644


def test_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "missing" / "x.csv")
    with pytest.raises(safe_write.TargetError, match="is a link to .* which does not exist"):
        safe_write.write_bytes(link, b"new")
    assert link.is_symlink()


def test_a_hard_linked_file_is_written_through_for_every_name(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_bytes(b"old")
    second = tmp_path / "b.csv"
    os.link(first, second)
    safe_write.write_bytes(first, b"new contents")
    assert second.read_bytes() == b"new contents"
    assert first.stat().st_ino == second.stat().st_ino


def test_a_fifo_and_a_folder_are_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(safe_write.TargetError, match=r"is a pipe \(FIFO\), not a regular file"):
        safe_write.write_bytes(fifo, b"x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(safe_write.TargetError, match="is a folder, not a regular file"):
        safe_write.write_bytes(tmp_path, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_device_is_refused_and_stays_a_device(tmp_path: Path, borte: Borte) -> None:
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # the same device as /dev/full
    for argv in (
        ("trips", "export", str(full)),
        ("report", str(full)),
        ("reminders", "--ics", str(full)),
    ):
        line = borte(*argv).one_line_error()
        assert "is a device, not a regular file" in line, argv
        assert stat.S_ISCHR(full.lstat().st_mode)


def test_cli_export_keeps_the_mode_and_the_link(tmp_path: Path, borte: Borte) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"")
    real.chmod(0o600)
    link = tmp_path / "trips.csv"
    link.symlink_to(real)
    assert borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-05").code == 0
    result = borte("trips", "export", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert file_mode(real) == 0o600
    assert b"2025-01-01" in real.read_bytes()


def test_export_to_an_empty_name_is_bad_input(borte: Borte) -> None:
    line = borte("trips", "export", "").one_line_error()
    assert "No file name was given" in line
