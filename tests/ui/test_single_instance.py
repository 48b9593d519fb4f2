"""One Borte per data folder: a second start brings the first forward and exits."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from app.ui.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def first(qtbot: QtBot, tmp_path: Path) -> Iterator[SingleInstance]:
    instance = SingleInstance(tmp_path / "data")
    assert instance.claim()
    yield instance
    instance.release()


def test_the_name_is_the_same_for_every_spelling_of_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    assert server_name(Path("data")) == server_name(tmp_path / "data")
    assert server_name(tmp_path / "sub" / ".." / "data") == server_name(tmp_path / "data")
    assert server_name(tmp_path / "other") != server_name(tmp_path / "data")
    assert len(server_name(tmp_path)) <= 100  # Unix socket paths are short


def test_a_second_claim_asks_the_first_to_come_forward(
    first: SingleInstance, qtbot: QtBot, tmp_path: Path
) -> None:
    assert first.listening
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.raise_requested, timeout=2000):
        # Both ends in one thread: the first cannot answer while the second waits.
        assert not second.claim(timeout_ms=100)
    assert not second.listening
    assert first.listening


def test_another_folder_is_not_affected(first: SingleInstance, tmp_path: Path) -> None:
    other = SingleInstance(tmp_path / "other")
    assert other.claim()
    other.release()
    assert not other.listening


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes vanish with their process")
def test_a_name_left_by_a_crash_does_not_block_the_start(qtbot: QtBot, tmp_path: Path) -> None:
    instance = SingleInstance(tmp_path / "data")
    # What a killed Borte leaves on Unix: a socket file that nobody listens on.
    path = instance.name  # a full path on Unix
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(path)
    stale.close()
    assert os.path.exists(path)
    try:
        assert instance.claim(timeout_ms=500)
        assert instance.listening
    finally:
        instance.release()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets only")
def test_the_socket_is_in_a_private_folder_not_the_shared_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = Path(server_name(tmp_path / "data"))
    assert name.parent == runtime / "borte"
    assert stat.S_IMODE(name.parent.stat().st_mode) == 0o700
    assert not str(name).startswith(QDir.tempPath() + "/borte-")


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets only")
def test_a_runtime_folder_open_to_others_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    (runtime / "borte").mkdir()
    (runtime / "borte").chmod(0o777)  # as another user could have made it
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    state = Path(tempfile.mkdtemp(prefix="bs"))  # short: socket paths are limited
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    try:
        name = Path(server_name(tmp_path / "data"))
        assert name.parent == state / "borte" / "run"
        assert stat.S_IMODE(name.parent.stat().st_mode) == 0o700
    finally:
        shutil.rmtree(state)


def test_a_second_borte_process_exits_and_raises_the_first(
    first: SingleInstance, qtbot: QtBot, tmp_path: Path
) -> None:
    raised: list[bool] = []
    first.raise_requested.connect(lambda: raised.append(True))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORTE_TODAY": "2025-06-30"}
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The first answers from its event loop, which waitUntil keeps running.
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=30000)
    finally:
        if child.poll() is None:
            child.kill()
    out, err = child.communicate()
    assert child.returncode == 0, err
    assert out == (
        f"Borte is already open on {tmp_path / 'data'}; its window was brought to the front.\n"
    )
    assert "did not answer" not in err  # it got the first's "ok"
    assert raised == [True]
    assert not (tmp_path / "data").exists()  # the second never opened the data
