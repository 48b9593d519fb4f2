"""The PDF report, read back with pypdf: figures equal the engine's, every trip is listed,
pages are numbered, fonts are embedded, charts stay vectors, and user text stays text.

Reports are built for an empty history, for worked examples of rules.md §11 and for a
2,000-trip history over 20 years (bench/bench_report.py's). Text is compared with its
whitespace collapsed, so a table cell that wraps still reads as one phrase.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.services.assessment import assess
from app.services.countries import country_name
from app.services.days import trip_days
from app.services.engine import evaluate
from app.services.profile import (
    Convention,
    KeyDates,
    PermitKind,
    PermitSpan,
    Profile,
    Status,
    TripSpan,
)
from app.services.report import ReportError, ReportInfo, build_report, builder, fonts
from app.services.report.vector import path_operators, python_path_operators
from app.services.report_scope import ReportOptions
from app.services.results import RuleResult
from app.services.ruledata import load_rule_data
from app.services.rules.context import build_context
from app.services.views import PermitView, TripView
from bench.bench_report import twenty_years

D = date
WORDS = {Status.GREEN: "OK", Status.AMBER: "Borderline", Status.RED: "Over the limit"}
OTHER = {"inclusive": "whole_days", "whole_days": "inclusive"}


def trip(left: date, back: date | None, destination: str | None = None) -> TripSpan:
    return TripSpan(left, back, destination)


# rules.md §11
E1 = Profile((trip(D(2025, 7, 1), D(2025, 7, 21)), trip(D(2025, 7, 15), D(2025, 7, 25))))
E2 = Profile(
    (trip(D(2025, 1, 10), D(2025, 4, 30)), trip(D(2025, 6, 1), D(2025, 8, 12))),
    (PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
)
E4 = Profile(
    (trip(D(2025, 6, 15), D(2025, 12, 10)), trip(D(2026, 1, 5), D(2026, 1, 12))),
    (PermitSpan(PermitKind.WORK, D(2025, 3, 1), D(2026, 2, 28)),),
)
E5_PLANNED = Profile(
    (
        trip(D(2023, 6, 20), D(2023, 8, 31)),
        trip(D(2023, 12, 15), D(2024, 1, 20)),
        trip(D(2024, 6, 25), D(2024, 8, 30)),
        trip(D(2025, 3, 1), D(2025, 3, 31)),
        trip(D(2025, 9, 20), D(2025, 9, 28)),
    ),
    (PermitSpan(PermitKind.WORK, D(2022, 9, 1), D(2026, 8, 31)),),
)
E7 = Profile(
    (
        trip(D(2024, 7, 1), D(2024, 8, 31)),
        trip(D(2024, 10, 10), D(2024, 10, 20)),
        trip(D(2025, 12, 27), D(2026, 1, 3)),
    ),
    (
        PermitSpan(PermitKind.WORK, D(2017, 8, 15), D(2020, 8, 14), granted_before_entry=True),
        PermitSpan(PermitKind.WORK, D(2020, 8, 15), D(2023, 8, 14), applied_on=D(2020, 6, 1)),
        PermitSpan(PermitKind.WORK, D(2023, 8, 15), D(2026, 8, 14), applied_on=D(2023, 6, 1)),
    ),
    KeyDates(arrived_on=D(2017, 8, 15)),
    sufficient_income=True,
)
E9C = Profile(
    (
        trip(D(2021, 1, 10), D(2021, 12, 20)),
        trip(D(2022, 7, 1), D(2023, 6, 30)),
        trip(D(2024, 1, 2), D(2024, 3, 10)),
    ),
    (PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),),
)
E10 = Profile(
    (trip(D(2025, 3, 1), D(2025, 4, 14), "SE"), trip(D(2025, 5, 1), D(2025, 6, 14), "DE"))
)
UNDER_WAY = Profile(
    (trip(D(2025, 3, 1), D(2025, 3, 10), "DK"), trip(D(2025, 6, 1), None, "FR")),
    (PermitSpan(PermitKind.STUDY, D(2024, 8, 1), D(2027, 7, 31)),),
)


def views(profile: Profile, note: str = "") -> list[PermitView]:
    return [
        PermitView(
            i + 1,
            1,
            p.kind,
            p.valid_from,
            p.valid_to,
            p.forms_pr_basis,
            p.granted_before_entry,
            p.applied_on,
            note,
        )
        for i, p in enumerate(profile.permits)
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


class Report:
    """A written report and its text, page by page."""

    def __init__(self, info: ReportInfo) -> None:
        self.info = info
        self.reader = PdfReader(info.path)
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = flat(" ".join(self.pages))


def make(
    tmp_path: Path,
    profile: Profile,
    as_of: date,
    *,
    name: str = "Kari Nordmann",
    convention: Convention = "inclusive",
    paper: str = "a4",
    permits: Sequence[PermitView] | None = None,
    options: ReportOptions | None = None,
) -> Report:
    # Planned trips in, and the whole record: what these tests check; the defaults (record
    # only, since the earliest date a rule looks at) have tests of their own.
    info = build_report(
        profile,
        name,
        views(profile) if permits is None else permits,
        as_of,
        D(2025, 7, 1),
        convention,
        paper=paper,
        path=tmp_path / "report.pdf",
        options=options or ReportOptions(period_from=D(1990, 1, 1), include_planned=True),
    )
    return Report(info)


def summary_phrase(result: RuleResult) -> str:
    """A summary table row as its text reads."""
    limit = (
        str(result.limit)
        if result.lenient_limit == result.limit
        else f"{result.limit} ({result.lenient_limit})"
    )
    start = result.window_start.isoformat() if result.window_start else "start"
    other = (
        "–"
        if result.alternative is None
        else f"{result.alternative.days_abroad} ({WORDS[result.alternative.status]})"
    )
    return (
        f"{result.title} {result.days_abroad} {limit} {result.days_left} {WORDS[result.status]} "
        f"{start} to {result.window_end.isoformat()} {other}"
    )


def uris(reader: PdfReader) -> set[str]:
    """The targets of the link annotations."""
    found = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def check_page_numbers(report: Report, name: str, as_of: date) -> None:
    total = len(report.pages)
    assert report.info.pages == total
    for number, page in enumerate(report.pages, start=1):
        assert f"Page {number} of {total}" in page
        assert page.count("Page ") == 1
        # The running header on every page.
        assert flat(page).startswith(f"Borte · Days abroad report · {name} · evaluated on {as_of}")


def expected_trip_rows(profile: Profile, as_of: date, convention: Convention) -> list[str]:
    """Each trip's row, with the 365-day count taken from the engine's projected mask."""
    ctx = build_context(profile, as_of, convention, load_rule_data(), projected=True)
    first_permit = min((p.valid_from for p in profile.permits), default=None)
    rows = []
    ordered = sorted(profile.trips, key=lambda t: (t.departure, t.return_date or D.max))
    for number, t in enumerate(ordered, start=1):
        end = max(t.return_date or as_of, t.departure)
        start = end - timedelta(days=364)
        if first_permit is not None:
            start = max(start, first_permit)
        code = t.destination
        where = f"{code} {country_name(code)}" if code else ""
        back = t.return_date.isoformat() if t.return_date else "–"
        rows.append(
            f"{number} {t.departure} {back} {where} ".replace("  ", " ")
            + f"{trip_days(t, 'inclusive', as_of)} {trip_days(t, 'whole_days', as_of)} "
            + f"{ctx.abroad.count(start, end)}"
        )
    return rows


# --- Empty history ------------------------------------------------------------------------------


def test_an_empty_history_is_a_short_clean_report(tmp_path: Path) -> None:
    as_of = D(2025, 6, 30)
    report = make(tmp_path, Profile(), as_of, permits=[])
    # Summary, then key dates, the declaration and the rules: no page of empty tables.
    assert len(report.pages) <= 3
    check_page_numbers(report, "Kari Nordmann", as_of)
    text = report.text
    assert "No trips recorded." in text
    assert "No trips recorded, so there is nothing to chart." in text
    assert "No permits recorded." in text
    assert "No days abroad recorded." in text
    # What the report shows is the assessment: with no permit recorded, the rules that need one
    # wait for it.
    shown = assess(Profile(), as_of).evaluation
    for result in shown.rules:
        assert summary_phrase(result) in text
    for skipped in shown.not_applicable:
        assert flat(f"{skipped.title}: not applied. {skipped.reason}") in text
    assert "This report is not legal advice. UDI (udi.no) is the authority" in text
    assert report.info.charts == 0


# --- Worked examples ----------------------------------------------------------------------------

EXAMPLES = [
    pytest.param(E1, D(2025, 12, 31), "inclusive", id="E1"),
    pytest.param(E2, D(2025, 8, 12), "inclusive", id="E2-incl"),
    pytest.param(E2, D(2025, 8, 12), "whole_days", id="E2-whole"),
    pytest.param(E4, D(2026, 2, 28), "inclusive", id="E4"),
    pytest.param(E5_PLANNED, D(2025, 8, 1), "inclusive", id="E5-planned"),
    pytest.param(E7, D(2026, 6, 30), "whole_days", id="E7"),
    pytest.param(E9C, D(2024, 12, 31), "inclusive", id="E9c"),
    pytest.param(E10, D(2025, 6, 14), "inclusive", id="E10"),
    pytest.param(UNDER_WAY, D(2025, 6, 30), "inclusive", id="under-way"),
]


@pytest.mark.parametrize(("profile", "as_of", "convention"), EXAMPLES)
def test_worked_examples_show_the_engines_figures(
    tmp_path: Path, profile: Profile, as_of: date, convention: Convention
) -> None:
    report = make(tmp_path, profile, as_of, convention=convention)
    text = report.text
    check_page_numbers(report, "Kari Nordmann", as_of)
    evaluation = assess(profile, as_of, convention).evaluation  # as the report reads it
    assert evaluation.rules
    for result in evaluation.rules:
        assert summary_phrase(result) in text, result.id
    for skipped in evaluation.not_applicable:
        assert flat(f"{skipped.title}: not applied. {skipped.reason}") in text
    if evaluation.projection is not None:
        for result in evaluation.projection.rules:
            breach = result.first_breach.isoformat() if result.first_breach else "–"
            assert f"{result.title} {result.days_abroad} {WORDS[result.status]} {breach}" in text
    for row in expected_trip_rows(profile, as_of, convention):
        assert f" {row}" in text, row
    # Every rule Borte knows is explained, with its source as text and as a link.
    links = uris(report.reader)
    for info in load_rule_data().rules.values():
        assert f"Source:{info.source}" in text.replace(" ", "")  # long links wrap
        assert info.source in links
    words = {"inclusive": "Departure and return days count", "whole_days": "Only whole days"}
    assert f"Counting convention {words[convention]}" in text


def test_trip_states_and_totals(tmp_path: Path) -> None:
    report = make(tmp_path, E5_PLANNED, D(2025, 8, 1))
    text = report.text
    assert " 5 2025-09-20 2025-09-28 9 7 " in text
    assert re.search(r" 5 2025-09-20 2025-09-28 9 7 \d+ planned ", text)
    # Totals count the masks: 208 recorded days (rules.md E5), 217 with the planned trip.
    assert "Total to 2025-08-01 (4 trips) 208 200" in text
    assert "Total with planned trips (5 trips) 217 207" in text
    under_way = make(tmp_path, UNDER_WAY, D(2025, 6, 30)).text
    # Under way since 2025-06-01: 30 days to the evaluation date, 29 whole days.
    assert re.search(r" 2 2025-06-01 – FR France 30 29 \d+ under way ", under_way)


def test_calendar_years_come_from_the_citizenship_rule(tmp_path: Path) -> None:
    # E7: 2024 holds 73 days (69 whole) → all deducted; 2025 and 2026 are below two months.
    report = make(tmp_path, E7, D(2026, 6, 30))
    text = report.text
    assert " 2024 73 69 Deducted " in text
    assert " 2025 5 4 Not deducted " in text
    assert " 2026 (so far) 3 2 Not deducted " in text
    whole = make(tmp_path, E7, D(2026, 6, 30), convention="whole_days").text
    assert " 2024 69 73 Deducted " in whole
    # Without an arrival date or a permit the rule does not apply: the record's days per year,
    # and why there is no deduction column (E1: 25 days, 23 whole days, in 2025).
    plain = make(tmp_path, E1, D(2025, 12, 31)).text
    assert " 2025 (so far) 25 23 " in plain
    assert "Record your arrival date or your first permit" in plain


def test_lenient_figures_in_the_header(tmp_path: Path) -> None:
    text = make(tmp_path, E2, D(2025, 8, 12)).text
    # E2: 184 counting both travel days (over the limit), 180 counting whole days (OK).
    assert "If only whole days count (lenient) 182 days in any 365: 180 days (OK);" in text
    other = make(tmp_path, E2, D(2025, 8, 12), convention="whole_days").text
    assert (
        "If counting departure and return days (cautious) 182 days in any 365: 184 days "
        "(over the limit);" in other
    )


# --- 2,000 trips --------------------------------------------------------------------------------


def test_two_thousand_trips_all_listed_and_numbered(tmp_path: Path) -> None:
    profile, as_of = twenty_years()
    report = make(tmp_path, profile, as_of, name="Åse Ødegård")
    check_page_numbers(report, "Åse Ødegård", as_of)
    assert report.info.trips == 2_000
    assert report.info.charts == 6
    assert 35 <= report.info.pages <= 60
    text = report.text
    for row in expected_trip_rows(profile, as_of, "inclusive"):
        assert f" {row}" in text, row
    evaluation = evaluate(profile, as_of)
    for result in evaluation.rules:
        assert summary_phrase(result) in text
    # Each trip page repeats the header row.
    trip_pages = [p for p in report.pages if re.search(r"\n\d+ \d{4}-\d\d-\d\d ", p)]
    assert len(trip_pages) >= 35
    for page in trip_pages:
        assert "# Departure Return Destination" in page


def test_trip_list_cells_read_back_across_font_subsets_and_documents(tmp_path: Path) -> None:
    # The trip list writes its cells' text operators itself (tables.CellText), caching each
    # string's encoding. A subset holds 256 glyphs, so 600 distinct letters span three; and
    # subsets are per document, so a second document drawn with the same cells must re-encode.
    from reportlab.pdfgen.canvas import Canvas

    from app.services.report.tables import CellText

    fonts.register_fonts()
    letters = [chr(c) for c in range(0x100, 0x500) if ord(chr(c)) in fonts._dejavu_chars()]
    lines = ["".join(letters[i : i + 40]) for i in range(0, 600, 40)]
    assert len(set("".join(lines))) == 600
    cells = CellText()
    for name in ("one.pdf", "two.pdf"):
        canvas = Canvas(str(tmp_path / name))
        fonts.register_fonts()
        text = cells.begin(canvas._doc)
        for row, line in enumerate(lines):
            face = fonts.face(italic=True) if row % 2 else fonts.REGULAR
            text.show(20, 800 - 14 * row, face, line)
        canvas.addLiteral(text.end())
        canvas.save()
        page = PdfReader(tmp_path / name).pages[0].extract_text()
        assert page.split() == lines, name


# --- Fonts, vectors, metadata -------------------------------------------------------------------


def fonts_used(reader: PdfReader) -> dict[str, bool]:
    """Every font on every page (and in its form objects) → whether it is embedded."""
    found: dict[str, bool] = {}

    def visit(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def images(reader: PdfReader) -> int:
    """The images on the pages, in the forms they draw (the charts are forms) included."""

    def within(resources: Any) -> int:
        count = 0
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                count += within(xobject["/Resources"].get_object())
        return count

    return sum(within(page.get("/Resources").get_object()) for page in reader.pages)


def test_fonts_are_embedded_and_charts_are_vectors(tmp_path: Path) -> None:
    report = make(tmp_path, E5_PLANNED, D(2025, 8, 1), name="Åse Ærø Øvrebø")
    used = fonts_used(report.reader)
    assert used, "no fonts found"
    assert all(used.values()), used
    assert any("DejaVuSans" in name for name in used)
    assert not any("Helvetica" in name for name in used)
    assert report.info.charts >= 5
    assert images(report.reader) == 0  # charts are paths and text, not pictures
    # Chart labels are real text.
    assert "Days abroad in any 365 days" in report.text
    assert "Åse Ærø Øvrebø" in report.text
    metadata = report.reader.metadata
    assert metadata is not None
    assert metadata.title == "Days abroad report – Åse Ærø Øvrebø"


def test_letter_paper(tmp_path: Path) -> None:
    report = make(tmp_path, E2, D(2025, 8, 12), paper="letter")
    box = report.reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)
    a4 = make(tmp_path, E2, D(2025, 8, 12)).reader.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    with pytest.raises(ValueError, match="paper"):
        make(tmp_path, E2, D(2025, 8, 12), paper="a5")


# --- User text ----------------------------------------------------------------------------------


def test_user_text_is_escaped_and_cannot_break_the_layout(tmp_path: Path) -> None:
    name = 'Ola <b>Bold</b> & <font size="40">Big</font> Ærlig'
    long_word = "Å" + "ø" * 250
    note = f"Line one\nline <two> &amp; {long_word}\x00\x07 end"
    profile = E2
    report = make(tmp_path, profile, D(2025, 8, 12), name=name, permits=views(profile, note=note))
    text = report.text
    assert name in text  # literally, markup and all
    assert "&amp;" in text
    assert "<two>" in text
    # The long word is split over lines, all of it there.
    assert flat(text).replace(" ", "").count("ø" * 250) == 1
    assert "end" in text
    check_page_numbers(report, name, D(2025, 8, 12))


def test_a_very_long_name_is_shortened_in_the_running_header(tmp_path: Path) -> None:
    name = "Bjørnstjerne " * 20 + "Ødegård-" + "x" * 200
    report = make(tmp_path, E1, D(2025, 12, 31), name=fonts.plain_text(name))
    for page in report.pages:
        header = page.splitlines()[0]
        assert header.startswith("Borte · Days abroad report · Bjørnstjerne")
        assert "…" in header
        assert header.endswith("evaluated on 2025-12-31")
    assert "x" * 200 in report.text.replace(" ", "")  # whole in the body


def test_names_in_any_script(tmp_path: Path) -> None:
    name = "王小明 Ωμέγα Юлия"
    report = make(tmp_path, E1, D(2025, 12, 31), name=name)
    assert "Ωμέγα Юлия" in report.text  # DejaVu has Greek and Cyrillic
    if fonts.fallback_font("王") is not None:  # a system font with Chinese, where there is one
        assert name in report.text
    assert all(fonts_used(report.reader).values())


def test_paragraph_text_escapes_and_cleans() -> None:
    assert fonts.paragraph_text("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert fonts.paragraph_text("one\ntwo\r\nthree") == "one<br/>two<br/>three"
    assert fonts.paragraph_text("nul\x00bell\x07") == "nul bell "
    assert fonts.plain_text(" a\n b\t c ") == "a b c"


# --- Writing the file ---------------------------------------------------------------------------


def test_where_the_report_cannot_go(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="does not exist"):
        make(tmp_path / "missing" / "x", E1, D(2025, 12, 31))
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(ReportError, match="is a folder"):
        build_report(E1, "A", [], D(2025, 12, 31), D(2025, 12, 31), "inclusive", path=folder)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def fail(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "_write", fail)
    with pytest.raises(ReportError, match="no space left on device"):
        build_report(E1, "A", [], D(2025, 12, 31), D(2025, 12, 31), "inclusive", path=target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_overwrites_an_existing_report(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    report = make(tmp_path, E1, D(2025, 12, 31))
    assert report.info.path == target
    assert target.read_bytes().startswith(b"%PDF")
    assert report.info.bytes == target.stat().st_size


# --- The chart renderer -------------------------------------------------------------------------


def test_python_path_conversion_matches_matplotlibs() -> None:
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    paths = [
        MplPath.unit_circle(),
        MplPath.unit_rectangle(),
        MplPath([(0, 0), (1, 2), (2, 0)], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3]),
        MplPath.hatch("//x..", 6),
    ]
    transform = Affine2D().scale(72.0).translate(10.5, 20.25)
    for path in paths:
        fast = path_operators(path, transform)
        slow = python_path_operators(path, transform)
        assert fast.split() == slow.split()


def test_report_charts_are_laid_out_once_within_a_point_of_constrained_layout() -> None:
    # The report lays each chart out in one pass (vector.fit_axes) instead of constrained
    # layout's two; the axes land within a point of where constrained layout puts them, and
    # every label, title and legend stays inside the figure.
    from reportlab.pdfgen.canvas import Canvas

    from app.services.charts import prepare_chart
    from app.services.report.builder import CHART_HEIGHT, SHOWN_CHARTS
    from app.services.report.content import gather
    from app.services.report.vector import CanvasRenderer, _ReportCanvas, fit_axes

    profile, as_of = twenty_years()
    content = gather(profile, "A", [], as_of, as_of, "inclusive")
    width, height = 495.0, CHART_HEIGHT
    canvas = Canvas(io.BytesIO())

    def figure_for(chart_id: Any) -> tuple[Any, CanvasRenderer]:
        prepared = prepare_chart(
            chart_id, content.source, content.span, show_alternative=chart_id == "rolling"
        )
        figure = prepared.figure((width / 72, height / 72))
        figure.set_dpi(72)
        renderer = CanvasRenderer(canvas, width, height)
        _ReportCanvas(figure, renderer)
        return figure, renderer

    for chart_id in SHOWN_CHARTS:
        constrained, _ = figure_for(chart_id)
        constrained.get_layout_engine().execute(constrained)
        once, renderer = figure_for(chart_id)
        assert fit_axes(once, renderer)
        expected = constrained.axes[0].get_position().extents * (width, height, width, height)
        got = once.axes[0].get_position().extents * (width, height, width, height)
        assert max(abs(got - expected)) < 1.0, (chart_id, got, expected)
        tight = once.axes[0].get_tightbbox(renderer, for_layout_only=True)
        assert tight is not None
        assert min(tight.x0, tight.y0) >= 0, chart_id
        assert tight.x1 <= width, chart_id
        assert tight.y1 <= height, chart_id


def test_the_renderer_draws_images_mathtext_and_clipped_hatches(tmp_path: Path) -> None:
    import numpy as np
    from matplotlib.figure import Figure
    from reportlab.pdfgen.canvas import Canvas

    from app.services.report.vector import draw_figure

    fonts.register_fonts()
    figure = Figure(layout="constrained")
    ax = figure.add_subplot()
    ax.imshow(np.arange(12, dtype=float).reshape(3, 4))
    ax.plot([0, 3], [0, 2], linestyle="--", color="black", alpha=0.5)
    # A hatched zone reaching far past the axes: only the visible part is tiled.
    ax.axhspan(1, 1e6, facecolor="none", hatch="x", edgecolor="red")
    ax.set_ylim(-0.5, 2.5)
    ax.set_title("Kvadrat æøå", fontweight="bold")
    ax.text(0, 0, r"$x^2$")  # mathtext: drawn as paths
    path = tmp_path / "figure.pdf"
    canvas = Canvas(str(path), initialFontName=fonts.REGULAR)
    draw_figure(figure, canvas, 50, 400, 400, 300)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(path)
    assert images(reader) == 1
    assert len(reader.pages[0].get_contents().get_data()) < 60_000
    text = reader.pages[0].extract_text()
    assert "Kvadrat" in text
    assert "æøå" in text
    assert all(fonts_used(reader).values())


def test_plain_bars_share_one_state_and_other_shapes_keep_their_own(tmp_path: Path) -> None:
    # A collection of opaque, unoutlined bars (the trip timeline's) is written as one colour
    # and clip followed by a fill per bar; translucent or outlined bars go shape by shape.
    from matplotlib.figure import Figure
    from reportlab.pdfgen.canvas import Canvas

    from app.services.report.vector import draw_figure

    def content(**style: Any) -> str:
        figure = Figure()
        ax = figure.add_subplot()
        ax.set_axis_off()
        ax.broken_barh([(0, 1), (2, 1), (4, 1), (6, 1)], (0, 1), **style)
        ax.set_xlim(0, 8)
        path = tmp_path / "bars.pdf"
        canvas = Canvas(str(path))
        draw_figure(figure, canvas, 0, 0, 400, 300)
        canvas.showPage()
        canvas.save()
        return PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")

    plain = content(facecolors=(0, 0.5, 1), edgecolors="none")
    assert plain.count(" re W n") == 1  # one clip for the four bars
    assert plain.count("0 0.5 1 rg") == 1
    bars = plain.split("0 0.5 1 rg")[1].split("Q")[0]
    assert len(re.findall(r"\bh f\b", bars)) == 4  # each bar filled on its own
    translucent = content(facecolors=(0, 0.5, 1), edgecolors="none", alpha=0.5)
    assert translucent.count(" re W n") == 4
    outlined = content(facecolors=(0, 0.5, 1), edgecolors="black", linewidth=1)
    assert outlined.count(" re W n") == 4
    assert len(re.findall(r"\bS\b", outlined)) == 4


def test_slanted_faces_are_parsed_only_when_used() -> None:
    # Parsing a DejaVu file costs ~55 ms; a report needs the upright two, italics on demand.
    script = (
        "from app.services.report import fonts; fonts.register_fonts(); "
        "from reportlab.pdfbase import pdfmetrics; "
        "print(sorted(n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('DejaVu'))); "
        "name = fonts.face(italic=True); "
        "print(name, pdfmetrics.getFont(name).face.name is not None)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    upright, italic = done.stdout.splitlines()
    assert upright == "['DejaVu', 'DejaVu-Bold']"
    assert italic == "DejaVu-Oblique True"


def test_collective_protection_in_the_report(tmp_path: Path) -> None:
    permit = PermitSpan(PermitKind.COLLECTIVE_PROTECTION, D(2026, 3, 1), D(2027, 2, 28))
    profile = Profile(trips=(trip(D(2026, 5, 10), D(2026, 5, 12), "UA"),), permits=(permit,))
    report = make(tmp_path, profile, D(2026, 7, 1))  # after the 2026-06-30 news
    text = report.text
    assert "Collective protection: time abroad and trips to Ukraine" in text
    assert "revocation risk (collective protection)" in text  # on the trip in the list
    assert flat("UDI may open a case to revoke your permit") in text
    assert "can-i-return-home-to-ukraine" in text.replace(" ", "")  # the source, wrapped
    assert flat("Rules checked against UDI's sources on 2026-12-01.") in text
    assert "Open questions" in text
    assert flat("Pending news: the government has put major amendments") in text


def test_the_report_lists_the_other_conditions_still_open(tmp_path: Path) -> None:
    from app.services.checklists import build_checklist, load_checklists

    profile = Profile(
        permits=(PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2027, 12, 31)),),
        key_dates=KeyDates(arrived_on=D(2023, 1, 1)),
    )
    as_of = D(2025, 10, 1)
    ticks = {"pr-norwegian": D(2025, 9, 20), "pr-fee": None}
    lists = [build_checklist(d, ticks, as_of) for d in load_checklists().values()]
    info = build_report(
        profile,
        "Kari Nordmann",
        views(profile),
        as_of,
        D(2025, 10, 1),
        "inclusive",
        checklists=lists,
        path=tmp_path / "report.pdf",
    )
    text = Report(info).text
    assert "Other conditions" in text
    assert (
        flat("Permanent residence: other conditions: Still open: 4 of 6 other conditions.") in text
    )
    assert flat("✔ Met (met 2025-09-20): Passed the oral Norwegian test at level A2") in text
    assert flat("✔ Met: Application fee paid: NOK 4,700 for adults") in text
    assert flat("Still open: Passed the social-studies test.") in text
    assert flat("Citizenship: other conditions: Still open: 4 of 4 other conditions.") in text
    assert flat("Only if you use that route: Income of at least 3G") in text


@pytest.mark.parametrize(
    "notes",
    [
        # Many trips with notes that wrap to a third of a page each: three such rows (the
        # fewest kept together) are taller than a page.
        ["Посещение родственников в Киеве " * 12 + "زيارة العائلة 🇪🇬 " * 10] * 20,
        # One note of the longest kind (2,000 characters, no spaces): taller than a page alone.
        ["W" * 2000, "short"],
    ],
)
def test_trips_with_very_long_notes_fit_the_pages(tmp_path: Path, notes: list[str]) -> None:
    days = [D(2024, 1, 1) + timedelta(days=10 * n) for n in range(len(notes))]
    profile = Profile(
        tuple(trip(day, day + timedelta(days=2), "SE") for day in days),
        (PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2026, 12, 31)),),
    )
    trips = [
        TripView(n + 1, 1, day, day + timedelta(days=2), "SE", None, note)
        for n, (day, note) in enumerate(zip(days, notes, strict=True))
    ]
    info = build_report(
        profile,
        "Kari",
        views(profile),
        D(2025, 6, 30),
        D(2025, 6, 30),
        "inclusive",
        path=tmp_path / "report.pdf",
        options=ReportOptions(period_from=D(2023, 1, 1)),
        trip_views=trips,
    )
    text = "".join(page.extract_text() for page in PdfReader(info.path).pages)
    squeezed = re.sub(r"\s+", "", text)
    # Every note whole, however many pages it runs over (page headers come between).
    assert sum(len(run) for run in re.findall("W{10,}", squeezed)) == notes[0].count("W")
    assert squeezed.count("Киеве") == sum(note.count("Киеве") for note in notes)


def test_a_permit_note_of_the_longest_kind_runs_over_pages(tmp_path: Path) -> None:
    # 2,000 characters (the most a note may hold) wrap to a cell taller than a page.
    report = make(tmp_path, E2, D(2025, 12, 31), permits=views(E2, note="W" * 2000))
    squeezed = re.sub(r"\s+", "", report.text)
    assert sum(len(run) for run in re.findall("W{10,}", squeezed)) == 2000


def test_reportlab_runs_with_its_c_accelerator() -> None:
    # rl_accel (a dependency) formats the numbers and measures the text: ~20 ms a report.
    from reportlab.lib import rl_accel

    assert not rl_accel._py_funcs, f"pure-Python fallbacks in use: {sorted(rl_accel._py_funcs)}"
