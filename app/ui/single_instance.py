"""One Borte window per data folder: a second start brings the first window to the front.

Two windows on one file would each keep their own undo history and screen of a file the other
changes, and a restore in one would pull the file from under the other. So the first Borte on
a folder listens on a `QLocalServer` named after the folder; a later start connects, sends
`raise`, waits for `ok` and exits. A name left behind by a Borte that crashed (a socket file
on Unix) answers nobody, so the connect fails and the name is removed before listening.

On Unix the socket lives in the user's runtime folder (`$XDG_RUNTIME_DIR/borte`, 0700), not
in the shared temporary folder where Qt puts bare names: there another local user could bind
the predictable name first, and every start would say "already open" and exit. A folder that
is not private to this user (not ours, or open to others) is never used.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import stat
import sys
import warnings
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

log = logging.getLogger(__name__)

RAISE = b"raise\n"
OK = b"ok\n"
# Long enough for a busy first window to answer, short enough not to hold up a start.
TIMEOUT_MS = 2000


# sockaddr_un.sun_path holds 108 bytes on Linux, 104 on macOS.
MAX_SOCKET_PATH = 100


def server_name(data_dir: Path) -> str:
    """The local server name for `data_dir`: the same for every spelling of the same folder.

    On Unix a full socket path in a folder only this user can write; elsewhere a bare name.
    """
    key = f"{getpass.getuser()}\0{data_dir.expanduser().resolve()}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    if sys.platform == "win32":
        return "borte-" + digest[:24]
    for folder in _socket_folders():
        path = folder / f"{digest[:20]}.sock"
        if len(os.fsencode(path)) <= MAX_SOCKET_PATH and _is_private(folder):
            return str(path)
    # No private folder (a broken home folder): the per-user state folder's name, hashed, so
    # the start goes on; listening may fail, which only loses "bring to front".
    log.warning("No private folder for the single-instance socket")
    return "borte-" + digest[:24]


def _socket_folders() -> list[Path]:
    state = platformdirs.user_state_path("borte") / "run"
    with warnings.catch_warnings():
        # platformdirs accepts $XDG_RUNTIME_DIR only when private, else warns and offers
        # /tmp/runtime-<uid> (refusing one another user made); _is_private checks again.
        warnings.simplefilter("ignore")
        try:
            runtime = platformdirs.user_runtime_path("borte")
        except OSError:
            return [state]
    return [runtime, state]


def _is_private(folder: Path) -> bool:
    """Create `folder` (0700) if needed; True if it and its parent are ours and closed."""
    from app.paths import make_private_dir

    try:
        make_private_dir(folder)
        checks = [os.lstat(folder), os.lstat(folder.parent)]
    except OSError:
        return False
    uid = os.getuid()
    own = checks[0]
    return (
        stat.S_ISDIR(own.st_mode)
        and all(s.st_uid == uid for s in checks)
        and not own.st_mode & 0o077
        and not checks[1].st_mode & 0o022
    )


class SingleInstance(QObject):
    """Claims a data folder for this process; `raise_requested` fires when another start asks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def claim(self, timeout_ms: int = TIMEOUT_MS) -> bool:
        """True if this process now has the folder; False if another Borte has it.

        When another Borte has it, it was asked to bring its window to the front.
        """
        if self._ask_running_instance(timeout_ms):
            return False
        # Nobody answered: either nobody runs, or a crashed Borte left its name behind.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        # Only this user may connect (the socket file is 0700 on Unix).
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Not being able to listen only loses the "bring to front"; never block a start.
            log.warning("Cannot listen on %s: %s", self.name, server.errorString())
            server.deleteLater()
            return True
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def release(self) -> None:
        """Stop answering for the folder (before switching to another one)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @property
    def listening(self) -> bool:
        """Whether this process answers for the folder."""
        return self._server is not None and self._server.isListening()

    def _ask_running_instance(self, timeout_ms: int) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(timeout_ms)
        # A first Borte that hangs still counts as running: two windows on one file would be
        # worse than a start that does nothing.
        if not (socket.waitForReadyRead(timeout_ms) and socket.readAll().data() == OK):
            log.warning("The Borte already running on this folder did not answer")
        socket.disconnectFromServer()
        return True

    @Slot()
    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if socket.readLine().data() == RAISE:
            socket.write(OK)
            socket.flush()
            self.raise_requested.emit()


def bring_to_front(widget: QWidget) -> None:
    """Show, un-minimize, raise and activate `widget` (some desktops only flash its entry)."""
    widget.show()
    widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMinimized)
    widget.raise_()
    widget.activateWindow()
    QApplication.alert(widget)


def bring_app_to_front() -> None:
    """Bring this app's open dialog, or else its main window, to the front.

    At start a dialog about the data file may be up before there is a main window.
    """
    widget = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()),
        None,
    )
    if widget is not None:
        bring_to_front(widget)
