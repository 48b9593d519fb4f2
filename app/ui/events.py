"""The app-wide "something changed" signal (like Anki's operation hook)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """Signals every view listens to; one instance per window, passed down by constructor."""

    # Emitted after every successful change to stored data, and after every undo and redo.
    # Views re-query the services on it; nobody patches their own copy of the data.
    data_changed = Signal()
