"""The report's charts as PDF forms: drawn once each, maybe in a second process, written last.

Each chart's place in the text is a reference to a form XObject; its drawing is recorded (the
canvas calls `vector.CanvasRenderer` makes, as data) and written into the form when the
document is saved. The six charts are about a third of a 2,000-trip report's time, so where
the machine has a spare core a forked helper process draws charts while this one lays out
the text and the trip list. Both take charts from one queue (a pipe holding one byte per
chart), so neither idles while the other has work left.

What the helper does not deliver (it failed, died or took too long) is drawn here, and the
forms are written in the charts' order from the recordings either way: the file is the same
whoever drew which chart. The helper is only forked where that is safe and pays: on Linux,
with two or more cores to run on, no other thread (a fork copies only the calling thread)
and Qt not loaded (the window's export draws everything in its worker thread).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from matplotlib.figure import Figure
from reportlab.pdfbase.pdfdoc import PDFResourceDictionary  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from app.process_state import no_threads_no_qt
from app.services.report import fonts
from app.services.report.vector import draw_figure

log = logging.getLogger(__name__)

# How long this process waits for the helper's last charts before drawing them itself. Six
# charts take about 0.3 s on a slow machine; far beyond that the helper is stuck or starved.
HELPER_PATIENCE = 20.0

Call = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class ChartJob:
    """One chart: the form it fills, how to make its figure, and its size in points."""

    form: str
    make_figure: Callable[[], Figure]
    width: float
    height: float


class RecordingCanvas:
    """The part of reportlab's canvas that `CanvasRenderer` uses, writing each call down.

    `hasForm` answers for the forms begun in this recording (the hatch cells), so each
    recording defines every form it uses and can be replayed on its own.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._forms: set[str] = set()

    def _call(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def saveState(self) -> None:  # noqa: N802  (reportlab's names)
        self._call("saveState")

    def restoreState(self) -> None:  # noqa: N802
        self._call("restoreState")

    def addLiteral(self, operators: str) -> None:  # noqa: N802
        self._call("addLiteral", operators)

    def setFillAlpha(self, alpha: float) -> None:  # noqa: N802
        self._call("setFillAlpha", float(alpha))

    def setStrokeAlpha(self, alpha: float) -> None:  # noqa: N802
        self._call("setStrokeAlpha", float(alpha))

    def translate(self, dx: float, dy: float) -> None:
        self._call("translate", float(dx), float(dy))

    def rotate(self, degrees: float) -> None:
        self._call("rotate", float(degrees))

    def setFont(self, name: str, size: float) -> None:  # noqa: N802
        self._call("setFont", name, float(size))

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self._call("drawString", float(x), float(y), text)

    def drawImage(  # noqa: N802
        self, image: Any, x: float, y: float, width: float, height: float, mask: Any = None
    ) -> None:
        self._call("drawImage", image, float(x), float(y), float(width), float(height), mask)

    def hasForm(self, name: str) -> bool:  # noqa: N802
        return name in self._forms

    def beginForm(self, name: str, *box: float) -> None:  # noqa: N802
        self._forms.add(name)
        self._call("beginForm", name, *box)

    def endForm(self) -> None:  # noqa: N802
        self._call("endForm")

    def doForm(self, name: str) -> None:  # noqa: N802
        self._call("doForm", name)


def record(job: ChartJob) -> list[Call]:
    """Draw `job`'s chart onto a recording canvas; its calls."""
    canvas = RecordingCanvas()
    draw_figure(job.make_figure(), canvas, 0, 0, job.width, job.height)
    return canvas.calls


def replay(calls: list[Call], canvas: Any) -> None:
    """Make `calls` on `canvas`, skipping the definition of any form it already has."""
    skipping = 0  # depth inside a form definition being skipped
    for name, args in calls:
        if skipping:
            skipping += {"beginForm": 1, "endForm": -1}.get(name, 0)
            continue
        if name == "beginForm" and canvas.hasForm(args[0]):
            skipping = 1
            continue
        if name == "setFont":
            fonts.ensure(args[0])  # a face first used by the helper is parsed here too
        if name == "endForm":
            end_form(canvas)
            continue
        getattr(canvas, name)(*args)


def end_form(canvas: Any) -> None:
    """`canvas.endForm()`, with the form's transparency in its resources.

    reportlab writes a form's fonts and the forms it uses, but not the graphics states its
    `setFillAlpha` made (a viewer then draws the chart without its see-through fills, or
    refuses the page), so the form's resources are given whole, as a page's are made.
    """
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    if canvas._formsinuse:
        resources.XObject = canvas._doc.xobjDict(canvas._formsinuse)
    states = canvas._extgstate.getState()
    if states:
        resources.ExtGState = states
    canvas.endForm(Resources=resources)


class ChartFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A chart's place in the text: its form, drawn at a fixed size (points)."""

    def __init__(self, form: str, width: float, height: float) -> None:
        super().__init__()
        self.form = form
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(self.form)  # defined when the document is saved (`ChartForms.write`)


class ChartForms:
    """The report's charts: placed as forms while the story is built, drawn (here or by the
    helper) and written into the document before it is saved. A context manager: leaving it
    stops a helper still running."""

    def __init__(self) -> None:
        self._jobs: list[ChartJob] = []
        self._helper: _Helper | None = None

    def __enter__(self) -> ChartForms:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._helper is not None:
            self._helper.stop()
            self._helper = None

    def add(self, make_figure: Callable[[], Figure], width: float, height: float) -> Flowable:
        """A chart to draw: the flowable that stands for it in the story."""
        job = ChartJob(f"BorteChart{len(self._jobs) + 1}", make_figure, width, height)
        self._jobs.append(job)
        return ChartFlowable(job.form, width, height)

    def start(self) -> None:
        """Start the helper on the charts added so far, where this process may fork one."""
        if self._jobs and self._helper is None and may_fork():
            self._helper = _Helper.fork(self._jobs)

    def write(self, canvas: Any) -> None:
        """Define every chart's form on `canvas` (before it is saved)."""
        recordings: dict[int, list[Call]] = {}
        helper = self._helper
        indices = helper.take() if helper else iter(range(len(self._jobs)))
        for index in indices:  # this process's share
            recordings[index] = record(self._jobs[index])
        if helper is not None:
            recordings.update(helper.collect())
            self._helper = None
        for index, job in enumerate(self._jobs):
            calls = recordings.get(index)
            if calls is None:  # the helper did not deliver it
                calls = record(job)
            canvas.beginForm(job.form, 0, 0, job.width, job.height)
            replay(calls, canvas)
            end_form(canvas)


def may_fork() -> bool:
    """Whether a helper process is safe here and has a core of its own to run on."""
    if sys.platform != "linux" or not hasattr(os, "memfd_create") or not no_threads_no_qt():
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except OSError:
        return False


class _Helper:
    """The forked process drawing charts, seen from this one."""

    def __init__(self, pid: int, queue: int, results: int, done: int) -> None:
        self.pid = pid
        self._queue = queue  # read end: the charts nobody has taken yet, one byte each
        # The recordings go to a file in memory, not a pipe: a pipe holds 64 KiB, a chart's
        # recording about 110 KiB, and this process reads only once it has drawn its share.
        self._results = results
        self._done = done  # read end of a pipe the helper holds open until it ends

    @classmethod
    def fork(cls, jobs: list[ChartJob]) -> _Helper | None:
        if len(jobs) > 255:  # one byte names a chart in the queue
            return None
        opened: list[int] = []
        try:
            queue_read, queue_write = os.pipe()
            opened += (queue_read, queue_write)
            os.write(queue_write, bytes(range(len(jobs))))  # six bytes: far below a pipe's room
            os.close(queue_write)  # so a read of an empty queue ends, in both processes
            opened.remove(queue_write)
            results = os.memfd_create("borte-report-charts")
            opened.append(results)
            done_read, done_write = os.pipe()
            opened += (done_read, done_write)
            pid = os.fork()
        except OSError as exc:  # no memory, files or processes left: draw them all here
            log.info("Drawing the report's charts in one process: %s", exc)
            for fd in opened:
                os.close(fd)
            return None
        if pid == 0:
            os.close(done_read)
            _helper_main(jobs, queue_read, results)  # never returns
        os.close(done_write)
        return cls(pid, queue_read, results, done_read)

    def take(self) -> Iterator[int]:
        """The charts left in the queue, taken one at a time (the helper takes them too)."""
        return _taken(self._queue)

    def collect(self) -> dict[int, list[Call]]:
        """The helper's recordings, once it has ended (or after `HELPER_PATIENCE`)."""
        try:
            ready, _, _ = select.select([self._done], [], [], HELPER_PATIENCE)
            if not ready:
                log.warning("The chart helper took too long; drawing its charts here.")
            self._reap()  # after this nothing more is written
            return _unpacked(_read_all(self._results))
        finally:
            self.stop()

    def _reap(self) -> None:
        """Kill the helper if it still runs and reap it, once: after `waitpid` its number
        may already belong to another process."""
        if self.pid <= 0:
            return
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)  # a helper that has ended is a zombie till reaped
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self.pid, 0)
        self.pid = 0

    def stop(self) -> None:
        """End the helper (if it still runs), reap it and close what it shared."""
        if self._queue < 0:
            return
        self._reap()
        for fd in (self._queue, self._results, self._done):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._queue = self._results = self._done = -1


def _taken(queue: int) -> Iterator[int]:
    while byte := os.read(queue, 1):
        yield byte[0]


def _helper_main(jobs: list[ChartJob], queue: int, results: int) -> None:
    """The helper's whole life: draw the charts it takes, write each recording, leave.

    It ends with `os._exit` whatever happens, so it never runs this process's exit handlers,
    flushes its buffers or touches its database; it writes nothing but its results.
    """
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C: the parent says "Interrupted."
        logging.disable(logging.CRITICAL)  # the log file is the parent's
        for index in _taken(queue):
            try:
                calls: list[Call] | None = record(jobs[index])
                message = pickle.dumps((index, calls), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # the parent draws it again and sees what went wrong
                message = pickle.dumps((index, None))
            _write_all(results, len(message).to_bytes(8, "little") + message)
    except BaseException:  # noqa: BLE001  (a signal, a full memory: just leave)
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    return os.pread(fd, size, 0) if size else b""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _unpacked(data: bytes) -> dict[int, list[Call]]:
    """The whole messages in `data` (a torn last one is left out: drawn here instead)."""
    out: dict[int, list[Call]] = {}
    at = 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 8], "little")
        if at + 8 + size > len(data):
            break
        index, calls = pickle.loads(data[at + 8 : at + 8 + size])
        if calls is not None:
            out[index] = calls
        at += 8 + size
    return out
