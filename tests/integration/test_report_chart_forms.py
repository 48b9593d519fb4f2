"""The report's charts as forms, drawn here or by a forked helper (report/chart_forms.py).

Whoever draws a chart, the file is the same, byte for byte: the helper's recordings replay
exactly what drawing here writes, and what the helper does not deliver (it died, hung or
failed) is drawn here. No helper outlives the report, whatever happened to it.

Reports that fork are built in a fresh interpreter (a small script below): the test process
may have loaded Qt or started threads, where the helper is not forked anyway.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from app.services.report import chart_forms, fonts
from app.services.report.chart_forms import ChartJob, record, replay
from app.services.report.vector import draw_figure

needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="the helper is Linux-only")

# Builds a report of a small record with planned trips (six charts, hatched zones included),
# with the helper allowed or not and, in the helper, an accident; prints the file's size, how
# many charts this process drew and whether any child process is left.
SCRIPT = r"""
import os, sys, time
from datetime import date as D
from pathlib import Path
from reportlab import rl_config
rl_config.invariant = 1  # no creation date or random id: equal files are equal bytes
from app.services.profile import PermitKind, PermitSpan, Profile, TripSpan
from app.services.report import build_report, chart_forms
from app.services.report_scope import ReportOptions
from app.services.views import PermitView

mode, out = sys.argv[1], Path(sys.argv[2])
parent = os.getpid()
drawn_here = []
original = chart_forms.record

def record(job):
    if os.getpid() != parent:  # in the helper
        if mode == "helper-dies":
            os._exit(3)
        if mode == "helper-hangs":
            time.sleep(600)
        if mode == "helper-fails":
            raise RuntimeError("a chart the helper could not draw")
    else:
        drawn_here.append(job.form)
    return original(job)

chart_forms.record = record
if mode == "fork-fails":  # no memory or processes left for a second one

    def fork():
        raise OSError(12, "Cannot allocate memory")

    os.fork = fork
chart_forms.may_fork = (lambda: False) if mode == "here" else (lambda: True)
chart_forms.HELPER_PATIENCE = 1.0
trips = (
    TripSpan(D(2023, 6, 20), D(2023, 8, 31), None),
    TripSpan(D(2023, 12, 15), D(2024, 1, 20), None),
    TripSpan(D(2024, 6, 25), D(2024, 8, 30), None),
    TripSpan(D(2025, 3, 1), D(2025, 3, 31), None),
    TripSpan(D(2025, 9, 20), D(2025, 9, 28), None),
)
permit = PermitSpan(PermitKind.WORK, D(2022, 9, 1), D(2026, 8, 31))
views = [PermitView(1, 1, permit.kind, permit.valid_from, permit.valid_to, permit.forms_pr_basis,
                    permit.granted_before_entry, permit.applied_on, "")]
if mode == "layout-fails":  # after the helper has started
    from app.services.report import builder

    def trip_tables(*args, **kwargs):
        raise RuntimeError("a layout failure")

    builder.trip_tables = trip_tables
try:
    info = build_report(Profile(trips, (permit,)), "Kari Nordmann", views, D(2025, 8, 1),
                        D(2025, 7, 1), "inclusive", path=out,
                        options=ReportOptions(period_from=D(1990, 1, 1), include_planned=True))
    charts = info.charts
except RuntimeError as exc:
    charts = 0
    out.write_bytes(str(exc).encode())
try:
    os.waitpid(-1, os.WNOHANG)
    left = "a child left"
except ChildProcessError:
    left = "no child left"
print(charts, len(drawn_here), left)
"""


def build(tmp_path: Path, mode: str) -> tuple[bytes, int, int, str, float]:
    """The report's bytes, its charts, the charts drawn here, what is left, and seconds."""
    out = tmp_path / f"{mode}.pdf"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    charts, here, *left = done.stdout.split()
    return out.read_bytes(), int(charts), int(here), " ".join(left), seconds


def forms_and_their_states(pdf: bytes) -> list[tuple[set[str], set[str]]]:
    """For each form the pages draw: the graphics states its stream sets, those it has."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        for form in (resources.get("/XObject") or {}).values():
            form = form.get_object()
            used = set(re.findall(rb"/(\S+) gs", form.get_data()))
            states = (form["/Resources"].get_object().get("/ExtGState") or {}).keys()
            out.append(({u.decode() for u in used}, {s.lstrip("/") for s in states}))
    return out


@needs_fork
def test_the_file_is_the_same_whoever_draws_the_charts(tmp_path: Path) -> None:
    alone, charts, here, left, _ = build(tmp_path, "here")
    assert charts == 6
    forms = forms_and_their_states(alone)
    assert len(forms) == charts
    assert any(used for used, _ in forms)  # translucent fills
    for used, states in forms:  # reportlab leaves them out unless chart_forms.end_form adds them
        assert used <= states
    assert here == charts  # all drawn in this process
    assert left == "no child left"
    shared, charts, here, left, _ = build(tmp_path, "helper")
    assert shared == alone
    assert charts == 6
    assert here <= charts
    assert left == "no child left"


@needs_fork
@pytest.mark.parametrize("mode", ["helper-dies", "helper-hangs", "helper-fails", "fork-fails"])
def test_what_the_helper_does_not_deliver_is_drawn_here(tmp_path: Path, mode: str) -> None:
    alone, *_ = build(tmp_path, "here")
    report, charts, here, left, seconds = build(tmp_path, mode)
    assert report == alone
    assert here == charts == 6  # every chart drawn here in the end
    assert left == "no child left"  # a helper that hung was stopped and reaped
    assert seconds < 60  # it waited HELPER_PATIENCE (1 s) for the one that hung, not longer


@needs_fork
def test_a_failure_here_stops_the_helper(tmp_path: Path) -> None:
    message, charts, here, left, _ = build(tmp_path, "layout-fails")
    assert message == b"a layout failure"
    assert (charts, here) == (0, 0)
    assert left == "no child left"
    assert not list(tmp_path.glob("*.tmp*"))  # no half-written report either


def chart_jobs() -> list[ChartJob]:
    """Two charts: one with hatched zones and translucent fills, one with a dashed line."""

    def hatched() -> Figure:
        figure = Figure(layout="constrained")
        ax = figure.add_subplot()
        ax.bar([1, 2, 3], [4, 2, 5], hatch="//", alpha=0.6, edgecolor="white")
        ax.axhspan(4, 6, facecolor="none", hatch="x", edgecolor="red")
        ax.set_title("Dager i utlandet – æøå", fontstyle="italic")
        return figure

    def dashed() -> Figure:
        figure = Figure(layout="constrained")
        ax = figure.add_subplot()
        ax.plot([0, 1, 2], [2, 0, 1], linestyle="--", alpha=0.5)
        ax.bar([0.5], [1], hatch="//", alpha=0.6, edgecolor="white")  # the first's cell
        return figure

    return [ChartJob("A", hatched, 400, 250), ChartJob("B", dashed, 400, 250)]


def page_code(draw: object) -> str:
    canvas = Canvas(os.devnull, initialFontName=fonts.REGULAR)
    draw(canvas)  # type: ignore[operator]
    return "\n".join(canvas._code)


def test_a_replayed_recording_writes_what_drawing_writes() -> None:
    fonts.register_fonts()
    for job in chart_jobs():
        direct = page_code(
            lambda c, job=job: draw_figure(job.make_figure(), c, 0, 0, job.width, job.height)
        )
        replayed = page_code(lambda c, job=job: replay(record(job), c))
        assert " gs" in direct  # translucency
        assert " Do" in direct  # hatch cells
        assert replayed == direct


def test_replay_skips_a_form_the_document_already_has() -> None:
    fonts.register_fonts()
    first, second = (record(job) for job in chart_jobs())
    cells = {args[0] for name, args in first + second if name == "beginForm"}
    assert len(cells) == 2  # "//" (in both recordings) and "x"
    begun: list[str] = []

    class Counting(Canvas):  # type: ignore[misc]
        def beginForm(self, name: str, *box: float) -> None:  # noqa: N802
            begun.append(name)
            super().beginForm(name, *box)

    canvas = Counting(os.devnull, initialFontName=fonts.REGULAR)
    replay(first, canvas)
    assert sorted(begun) == sorted(cells)
    replay(second, canvas)
    assert sorted(begun) == sorted(cells)  # its "//" cell was there: not defined twice


@needs_fork
def test_a_helper_alone_records_what_this_process_records() -> None:
    fonts.register_fonts()
    jobs = chart_jobs()
    helper = chart_forms._Helper.fork(jobs)
    assert helper is not None
    pid = helper.pid
    recordings = helper.collect()  # this process took none of the queue
    assert recordings == {i: record(job) for i, job in enumerate(jobs)}
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
    assert helper.pid == 0  # and never signalled again: its number may be another's now


def test_a_torn_last_message_is_left_out() -> None:
    import pickle

    whole = pickle.dumps((0, [("saveState", ())]))
    torn = pickle.dumps((1, [("restoreState", ())]))
    data = len(whole).to_bytes(8, "little") + whole + len(torn).to_bytes(8, "little") + torn
    assert chart_forms._unpacked(data[:-3]) == {0: [("saveState", ())]}
    assert chart_forms._unpacked(data) == {0: [("saveState", ())], 1: [("restoreState", ())]}


def test_no_helper_beside_threads_qt_or_a_single_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "PySide6", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert chart_forms.may_fork()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not chart_forms.may_fork()  # nothing to run on beside this process
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not chart_forms.may_fork()  # the window's export thread, say
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setitem(sys.modules, "PySide6", sys)
    assert not chart_forms.may_fork()
    monkeypatch.delitem(sys.modules, "PySide6")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not chart_forms.may_fork()


@needs_fork
def test_ctrl_c_during_a_report_leaves_no_process_behind(tmp_path: Path) -> None:
    from bench.procs import make_data_dir

    data = tmp_path / "data"
    make_data_dir(data, 2000, tmp_path)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    for delay in (0.5, 0.9):  # about when the charts are drawn: before and while
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "--data-dir",
                str(data),
                "report",
                str(tmp_path / "r.pdf"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, as a terminal's job
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C sends: the whole group
        out, err = process.communicate(timeout=60)
        assert process.returncode in (0, 130), err
        if process.returncode == 130:
            assert err.strip().endswith("Interrupted."), err
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("a process of the report is still running")
