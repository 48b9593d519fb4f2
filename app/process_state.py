"""What kind of process this is, for the shortcuts only a plain command-line process may take:
ending without its teardown (`app.process_exit`) and forking a helper that draws the report's
charts (`app.services.report.chart_forms`)."""

from __future__ import annotations

import sys
import threading


def no_threads_no_qt() -> bool:
    """Whether this process runs no other thread and never loaded Qt.

    Python waits for other threads at exit, and a fork copies only the calling thread; the
    window's Qt objects want their destructors run, and it draws reports in a worker thread.
    """
    return threading.active_count() == 1 and "PySide6" not in sys.modules
