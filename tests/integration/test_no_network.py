"""Borte makes no network connections: start-up, an import, a status and the window, offline.

The run happens in a fresh interpreter, so nothing patched there can leak into other tests.
Three layers watch it:

* `socket.socket` and `socket.create_connection` are replaced by versions that raise for
  AF_INET and AF_INET6 (local AF_UNIX sockets, which Qt may use, are allowed);
* an audit hook (PEP 578), which no library can get around from Python, refuses and records
  creating an internet socket, connecting one, and every name look-up (`getaddrinfo` & co.);
* on Linux, at the end, no open descriptor of the process is an internet socket (this also
  covers sockets made in C, by Qt for instance).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = str(Path(__file__).parent.parent / "data" / "import")
SCRIPT = r"""
import json, os, socket, sys
from pathlib import Path

NETWORK = {socket.AF_INET, socket.AF_INET6}
# Name look-ups can reach a DNS server; gethostname is local and allowed.
LOOKUPS = {
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.getnameinfo",
}
attempts = []


class NoNetwork(OSError):
    pass


def audit(event, args):
    if event == "socket.__new__" and args[1] in NETWORK:
        attempts.append(f"{event} family={args[1]!r}")
        raise NoNetwork(event)
    if event in {"socket.connect", "socket.bind", "socket.sendto"}:
        if getattr(args[0], "family", None) in NETWORK:
            attempts.append(f"{event} {args[1]!r}")
            raise NoNetwork(event)
    if event in LOOKUPS:
        attempts.append(f"{event} {args!r}")
        raise NoNetwork(event)


sys.addaudithook(audit)
real_socket = socket.socket


class GuardedSocket(real_socket):
    def __init__(self, family=-1, *args, **kwargs):
        if family in NETWORK or family == -1:
            attempts.append(f"socket.socket family={family!r}")
            raise NoNetwork("socket.socket")
        super().__init__(family, *args, **kwargs)


def no_connection(*args, **kwargs):
    attempts.append(f"socket.create_connection {args!r}")
    raise NoNetwork("socket.create_connection")


socket.socket = GuardedSocket
socket.create_connection = no_connection

data_dir, csv_file, with_window = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "window"
fixtures = Path(sys.argv[4])
steps = {}

from app import cli
from app.main import open_services

services = open_services(data_dir)
services.close()
steps["start-up"] = 0
for name, argv in [
    ("import", ["trips", "import", csv_file]),
    # Airports, time-zone polygons and country look-ups are all offline.
    ("import calendar", ["import", str(fixtures / "flights.ics"), "--dry-run"]),
    ("import location", ["import", str(fixtures / "Takeout"), "--format", "google", "--dry-run"]),
    ("status", ["status", "--json"]),
    ("trips list", ["trips", "list", "--json"]),
    ("backup list", ["backup", "list"]),
]:
    steps[name] = cli.main([*argv, "--data-dir", str(data_dir)])

if with_window:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.main import run_gui
    from app.ui.main_window import MainWindow

    app = QApplication(["borte"])

    def quit_once_loaded():
        # Once the data is on screen: build every panel (as opening each tab does), then quit.
        # A quit before exec() would be lost on a slow machine, so no fixed delay.
        for window in app.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible() and not window.loading:
                window.load_panels()
                app.quit()

    watch = QTimer()
    watch.timeout.connect(quit_once_loaded)
    watch.start(50)
    steps["window"] = run_gui(data_dir, log_file=None)


def internet_descriptors():
    # /proc/net/{tcp,udp}[6] list every internet socket by inode; compare with our fds.
    if not Path("/proc/self/net/tcp").exists():
        return None
    inodes = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                inodes.add(line.split()[9])
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            found.append(target)
    return found


print(json.dumps({"steps": steps, "attempts": attempts, "open": internet_descriptors()}))
"""


def _run(tmp_path: Path, mode: str) -> dict[str, object]:
    csv_file = tmp_path / "trips.csv"
    csv_file.write_text(
        "departure,return,destination,note\n2025-01-02,2025-01-09,SE,Skiferie i Åre\n",
        encoding="utf-8",
    )
    env = {**os.environ, "BORTE_TODAY": "2025-06-30", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(csv_file), mode, FIXTURES],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_start_import_status_and_lists_open_no_socket(tmp_path: Path) -> None:
    report = _run(tmp_path, "headless")

    assert report["steps"] == {
        "start-up": 0,
        "import": 0,
        "import calendar": 0,
        "import location": 0,
        "status": 0,
        "trips list": 0,
        "backup list": 0,
    }
    assert report["attempts"] == []
    assert report["open"] in ([], None)


def _window_imports() -> bool:
    try:
        import app.ui.main_window  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _window_imports(), reason="the window is not importable")
def test_the_window_starts_without_a_socket_too(tmp_path: Path) -> None:
    report = _run(tmp_path, "window")

    assert report["steps"] == {
        "start-up": 0,
        "import": 0,
        "import calendar": 0,
        "import location": 0,
        "status": 0,
        "trips list": 0,
        "backup list": 0,
        "window": 0,
    }
    assert report["attempts"] == []
    assert report["open"] in ([], None)


def test_the_guard_itself_catches_a_connection(tmp_path: Path) -> None:
    # Proves the harness would notice: the same script, plus one deliberate look-up.
    script = SCRIPT.replace(
        'steps["start-up"] = 0',
        'steps["start-up"] = 0\ntry:\n    socket.getaddrinfo("udi.no", 443)\nexcept OSError:\n'
        "    pass\ntry:\n    socket.socket(socket.AF_INET)\nexcept OSError:\n    pass",
    )
    csv_file = tmp_path / "trips.csv"
    csv_file.write_text("departure,return,destination,note\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data"), str(csv_file), "headless", FIXTURES],
        capture_output=True,
        text=True,
        env={**os.environ, "BORTE_TODAY": "2025-06-30"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    attempts = json.loads(result.stdout.splitlines()[-1])["attempts"]
    assert attempts[0].startswith("socket.getaddrinfo ('udi.no', 443")
    assert any("family=<AddressFamily.AF_INET: 2>" in attempt for attempt in attempts[1:])
