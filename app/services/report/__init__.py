"""The PDF report: `build_report` writes one person's evaluation, charts and trips to a file.

Qt-free and pyplot-free, so the command line (`borte report`) and the window (File > Export
report, in a worker thread) share it. See `builder` for the layout, `content` for where each
figure comes from, `vector` for how the charts stay vectors, `chart_forms` for where they are
drawn (maybe in a second process), and `fonts` for user text.
"""

from __future__ import annotations

from app.services.report.builder import (
    PAPER_SIZES,
    ReportError,
    ReportInfo,
    build_report,
    check_target,
)

__all__ = ["PAPER_SIZES", "ReportError", "ReportInfo", "build_report", "check_target"]
