"""Lay the report out with reportlab platypus and write the PDF (no Qt, no pyplot).

Pages carry a running header (person, evaluation date) and a footer with the disclaimer and
"Page N of M". The total is only known at the end, so the canvas keeps each finished page's
state and writes the footers when the document is saved (one layout pass, not two). The charts
are forms written then too, drawn meanwhile, maybe by a helper process (`chart_forms`).

The file appears only when it is complete: the PDF is written next to the target under a
temporary name and moved into place, so a failed export never leaves half a report behind.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from app.services import safe_write
from app.services.charts import CHARTS, ChartId, prepare_chart
from app.services.checklists import Checklist
from app.services.errors import DataFileError
from app.services.identity import format_reference
from app.services.profile import Convention, Profile, Status
from app.services.report import fonts
from app.services.report.chart_forms import ChartForms
from app.services.report.content import (
    CONVENTION_NAMES,
    ReportContent,
    disclaimer,
    gather,
)
from app.services.report.tables import (
    Styles,
    facts_table,
    make_styles,
    permit_table,
    projection_table,
    signature_lines,
    summary_table,
    trip_tables,
    year_table,
)
from app.services.report_scope import Identity, ReportOptions
from app.services.ruledata import load_rule_data, rules_checked_sentence
from app.services.series import SHORT_TITLES
from app.services.views import PermitView, TripView
from app.services.wording import (
    CONVENTION_PHRASES,
    CONVENTION_SHORT,
    STATUS_IN_SENTENCE,
    STATUS_SYMBOLS,
    _,
    days_words,
    ngettext,
    using_language,
)
from app.services.wording.formats import format_count, format_date

log = logging.getLogger(__name__)

# Compressed streams stay binary instead of also being ASCII85-encoded (reportlab's default, from
# when PDFs went through 7-bit mail): 18 % smaller files, and 0.1-0.15 s less for 2,000 trips,
# because without the optional rl_accel package the encoding runs in Python. Only the report
# uses reportlab in Borte, so the process-wide setting touches nothing else.
rl_config.useA85 = 0

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN_X = 50.0
MARGIN_TOP = 64.0
MARGIN_BOTTOM = 58.0
CHART_HEIGHT = 268.0
SHOWN_CHARTS: tuple[ChartId, ...] = (
    "rolling",
    "allowance",
    "permanent",
    "citizenship",
    "timeline",
    "schengen",
)


class ReportError(DataFileError):
    """The report could not be written where the user asked."""


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """What was written."""

    path: Path
    pages: int
    trips: int
    charts: int
    bytes: int


def _temporary(path: Path) -> Path:
    """A name beside `path` for the file being written (moved into place when complete)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")


def _cannot_write(path: Path, exc: OSError) -> ReportError:
    reason = exc.strerror or str(exc)
    return ReportError(
        _(
            "Borte cannot write the report to {path} (the system says: {reason}); choose another "
            "folder or file name."
        ).format(path=path, reason=reason)
    )


def check_target(path: Path) -> None:
    """Raise `ReportError` (one sentence) if a report cannot be written at `path`.

    Besides looking, it creates and removes a small file beside the target: permissions alone
    do not tell (read-only mounts, an administrator's account, network folders).
    """
    try:
        real = safe_write.check_target(path, "report.pdf")
    except safe_write.TargetError as exc:
        raise ReportError(str(exc)) from exc
    probe = _temporary(real)
    try:
        probe.open("xb").close()
        probe.unlink()
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise ReportError(_("{path} is read-only; choose another file name.").format(path=path))


def build_report(
    profile: Profile,
    person_name: str,
    permits: Sequence[PermitView],
    as_of: date,
    generated_on: date,
    convention: Convention,
    *,
    paper: str = "a4",
    pr_waiting_months: int = 24,
    warning_margin: int = 14,
    checklists: Sequence[Checklist] = (),
    path: Path,
    options: ReportOptions | None = None,
    identity: Identity | None = None,
    trip_views: Sequence[TripView] = (),
    language: str | None = None,
) -> ReportInfo:
    """Write the PDF report for one person, evaluated on `as_of`, to `path`, in `language`
    ("en", "nb"; None: the current language), whatever language the window speaks.

    Raises:
        ReportError: the file cannot be written there (the message says why).
        ValueError: `paper` is not one of `PAPER_SIZES`.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    path = Path(path)
    check_target(path)
    fonts.register_fonts()
    with using_language(language):
        return _build(
            profile,
            person_name,
            permits,
            as_of,
            generated_on,
            convention,
            paper=paper,
            pr_waiting_months=pr_waiting_months,
            warning_margin=warning_margin,
            checklists=checklists,
            path=path,
            options=options,
            identity=identity,
            trip_views=trip_views,
        )


def _build(
    profile: Profile,
    person_name: str,
    permits: Sequence[PermitView],
    as_of: date,
    generated_on: date,
    convention: Convention,
    *,
    paper: str,
    pr_waiting_months: int,
    warning_margin: int,
    checklists: Sequence[Checklist],
    path: Path,
    options: ReportOptions | None,
    identity: Identity | None,
    trip_views: Sequence[TripView],
) -> ReportInfo:
    content = gather(
        profile,
        person_name,
        permits,
        as_of,
        generated_on,
        convention,
        pr_waiting_months=pr_waiting_months,
        warning_margin=warning_margin,
        options=options,
        identity=identity,
        trip_views=trip_views,
        checklists=checklists,
    )
    page_size = PAPER_SIZES[paper]
    styles = make_styles()
    width = page_size[0] - 2 * MARGIN_X
    # Regular files only, links followed, modes kept: see app.services.safe_write.
    try:
        with ChartForms() as forms, safe_write.replacing(path, "report.pdf") as temporary:
            story, charts = _story(content, styles, width, forms)
            pages = _write(temporary, story, content, styles, page_size, forms)
    except safe_write.TargetError as exc:
        raise ReportError(str(exc)) from exc
    size = path.stat().st_size
    log.info("Wrote a %d-page report (%d trips) to %s", pages, len(content.trips), path)
    return ReportInfo(path=path, pages=pages, trips=len(content.trips), charts=charts, bytes=size)


# ---------------------------------------------------------------------------------------------
# The story


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(text, style)


def _story(
    content: ReportContent, styles: Styles, width: float, forms: ChartForms
) -> tuple[list[Flowable], int]:
    story: list[Flowable] = []
    story.extend(_opening(content, styles, width))
    story.extend(_summary(content, styles, width))
    chart_flowables, charts = _charts(content, styles, width, forms)
    forms.start()  # a helper, where there can be one, draws while the rest is laid out
    story.extend(chart_flowables)
    story.extend(_trips(content, styles, width))
    story.extend(_permits_and_dates(content, styles, width))
    story.extend(_years(content, styles, width))
    story.extend(_declaration(content, styles, width))
    story.extend(_conditions(content, styles))
    story.extend(_rules(content, styles))
    story.extend(_open_questions(styles))
    story.append(_p(escape(disclaimer()), styles.notice))
    return story, charts


def _heading(text: str, styles: Styles) -> list[Flowable]:
    # Never a heading alone at the foot of a page.
    return [CondPageBreak(90), _p(escape(text), styles.heading)]


def _status_phrase(status: Status) -> str:
    """ "OK", "borderline", "over the limit": a status inside a sentence."""
    return STATUS_IN_SENTENCE[status]


def _other_sentence(content: ReportContent) -> str:
    figures = [
        _("{rule}: {days} ({status})").format(
            rule=SHORT_TITLES.get(row.rule_id, row.title),
            days=days_words(row.other_days),
            status=_status_phrase(row.other_status),
        )
        for row in content.summary
        if row.other_days is not None and row.other_status is not None
    ]
    if not figures:
        return _("No rule's figure depends on the convention here.")
    return _("{figures}.").format(figures="; ".join(figures))


def _opening(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    trips = content.trips
    planned = sum(1 for t in trips if t.state == "planned")
    lenient = content.other_convention == "whole_days"
    other_label = (
        _("If only whole days count (lenient)")
        if lenient
        else _("If {counting} (cautious)").format(
            counting=CONVENTION_SHORT[content.other_convention]
        )
    )
    if not trips:
        trip_words = (
            _("No trips in the period.")
            if content.source.profile.trips
            else _("No trips recorded.")
        )
    elif planned:
        trip_words = ngettext(
            "{trips}, of which {planned} planned.", "{trips}, of which {planned} planned.", planned
        ).format(trips=count_words(len(trips), "trip"), planned=format_count(planned))
    else:
        trip_words = _("{trips}.").format(trips=count_words(len(trips), "trip"))
    facts = [
        (_("Person"), _p(fonts.paragraph_text(content.person_name), styles.body)),
        *_identity_facts(content, styles),
        (_("Period covered"), _p(escape(_period_words(content)), styles.body)),
        (_("Planned trips"), _p(escape(_planned_words(content)), styles.body)),
        (_("Evaluation date"), format_date(content.as_of)),
        (_("Generated on"), format_date(content.generated_on)),
        (
            _("Counting convention"),
            _p(
                escape(_("{convention}.").format(convention=CONVENTION_NAMES[content.convention])),
                styles.body,
            ),
        ),
        (other_label, _p(escape(_other_sentence(content)), styles.body)),
        (_("Trips"), trip_words),
        (_("Data fingerprint"), _p(escape(_fingerprint_words(content)), styles.body)),
    ]
    headline = (
        [
            _p(
                f"<b>{STATUS_SYMBOLS[content.headline_status]} {escape(content.headline)}</b>",
                styles.body,
            )
        ]
        if content.headline
        else []
    )
    return [
        _p(escape(_("Days abroad report")), styles.title),
        _p(fonts.paragraph_text(content.person_name), styles.name),
        Spacer(1, 6),
        *headline,
        Spacer(1, 6),
        facts_table(facts, width, styles),
        Spacer(1, 4),
        _p(
            escape(
                _(
                    "Not legal advice: udi.no is the authority. Figures are Borte's reading of the "
                    "rules listed at the end, on the data you entered."
                )
            ),
            styles.small,
        ),
    ]


def count_words(n: int, noun: str) -> str:
    """ "1 trip", "2,000 trips" (`noun`: "trip" or "planned trip")."""
    if noun == "planned trip":
        text = ngettext("{count} planned trip", "{count} planned trips", n)
    else:
        text = ngettext("{count} trip", "{count} trips", n)
    return text.format(count=format_count(n))


def _identity_facts(content: ReportContent, styles: Styles) -> list[tuple[str, Any]]:
    """Full name, date of birth and D-/DUF number, each only when recorded."""
    who = content.identity
    rows: list[tuple[str, Any]] = []
    if who.full_name:
        rows.append((_("Full name"), _p(fonts.paragraph_text(who.full_name), styles.body)))
    if who.born_on is not None:
        rows.append((_("Date of birth"), format_date(who.born_on)))
    if who.reference_number:
        label = _("D-number") if len(who.reference_number) == 11 else _("DUF number")
        rows.append((label, format_reference(who.reference_number)))
    return rows


def _period_words(content: ReportContent) -> str:
    period = content.period
    return _(
        "{start} to {end} (from {reason}). Trips, totals and charts cover this period; the "
        "status counts what each rule counts."
    ).format(start=format_date(period.start), end=format_date(period.end), reason=_(period.reason))


def _planned_words(content: ReportContent) -> str:
    if not content.include_planned:
        return _("Not included: only trips that have begun are listed and counted.")
    if not content.planned_trips:
        return _("Included, but none are recorded in the period.")
    return ngettext(
        "Included: {count} planned trip that has not happened yet, marked \u201cplanned\u201d "
        "and set in italics.",
        "Included: {count} planned trips that have not happened yet, marked \u201cplanned\u201d "
        "and set in italics.",
        content.planned_trips,
    ).format(count=format_count(content.planned_trips))


def _fingerprint_words(content: ReportContent) -> str:
    return _(
        "{fingerprint}: a short hash of every trip and permit recorded. Two reports with the "
        "same fingerprint were made from the same data."
    ).format(fingerprint=content.fingerprint)


def _declaration(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    """The person's declaration with room to sign, kept on one page."""
    name = content.identity.full_name or content.person_name
    lines = [
        _p(escape(_("Declaration")), styles.heading),
        _p(
            escape(
                _(
                    "I, {name}, declare that the trips listed in this report for {start} to {end} "
                    "are, to the best of my knowledge, complete and correct."
                )
            ).format(
                name=fonts.paragraph_text(name),
                start=format_date(content.period.start),
                end=format_date(content.period.end),
            ),
            styles.body,
        ),
        Spacer(1, 30),
        signature_lines(width, styles),
    ]
    return [CondPageBreak(120), KeepTogether(lines)]


def _summary(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    out = _heading(_("Where you stand on {date}").format(date=format_date(content.as_of)), styles)
    if content.summary:
        out.append(summary_table(content, width, styles))
        out.append(
            _p(
                escape(
                    _(
                        "Days left: days that may still be spent abroad in the current window "
                        "before the status changes from OK. A limit in brackets is the most "
                        "lenient reading of a limit UDI states in months."
                    )
                ),
                styles.small,
            )
        )
    else:
        out.append(_p(escape(_("No rule applies to this record yet.")), styles.body))
    for title, text in content.explanations:
        out.append(
            _p(
                _("<b>Why, {rule}:</b> {text}").format(rule=escape(title), text=escape(text)),
                styles.small,
            )
        )
    for skipped in content.evaluation.not_applicable:
        out.append(
            _p(
                _("<b>{rule}</b>: not applied. {reason}").format(
                    rule=escape(skipped.title), reason=escape(skipped.reason)
                ),
                styles.small,
            )
        )
    projection = projection_table(content, width, styles)
    if projection is not None and content.evaluation.projection is not None:
        through = format_date(content.evaluation.projection.through)
        count = content.evaluation.projection.planned_trips
        out.append(
            _p(
                escape(
                    ngettext(
                        "With your {count} planned trip, through {through}",
                        "With your {count} planned trips, through {through}",
                        count,
                    ).format(count=format_count(count), through=through)
                ),
                styles.subheading,
            )
        )
        out.append(projection)
    return out


def _charts(
    content: ReportContent, styles: Styles, width: float, forms: ChartForms
) -> tuple[list[Flowable], int]:
    if not content.source.has_trips:
        out = _heading(_("Charts"), styles)
        out.append(_p(escape(_("No trips recorded, so there is nothing to chart.")), styles.body))
        return out, 0
    # The charts start a page: two to a page, with no heading left alone under the summary.
    out = [PageBreak(), _p(escape(_("Charts")), styles.heading)]
    titles = dict(CHARTS)
    skipped: list[str] = []
    charts = 0
    for chart_id in SHOWN_CHARTS:
        prepared = prepare_chart(
            chart_id, content.source, content.span, show_alternative=chart_id == "rolling"
        )
        message = getattr(prepared.data, "message", None)
        if message:
            skipped.append(f"<b>{escape(titles[chart_id])}</b>: {escape(message)}")
            continue
        make_figure = partial(prepared.figure, (width / 72, CHART_HEIGHT / 72))
        chart = forms.add(make_figure, width, CHART_HEIGHT)
        out.append(KeepTogether([Spacer(1, 6), chart]))
        charts += 1
    if skipped:
        out.append(
            _p(escape(_("Not shown: {charts}.")).format(charts="; ".join(skipped)), styles.small)
        )
    return out, charts


def _trips(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    out = _heading(_("Trips"), styles)
    if not content.trips:
        recorded = bool(content.source.profile.trips)
        text = _("No trips in the period covered.") if recorded else _("No trips recorded.")
        out.append(_p(escape(text), styles.body))
        return out
    out.append(
        _p(
            escape(
                _(
                    "Days abroad on each trip under both conventions: counting departure and "
                    "return days, and counting only whole days. The {window}-day count is the "
                    "days abroad in the {window} days ending on the return date ({counting}, the "
                    "date of the evaluation for a trip under way). Planned trips are in italics "
                    "and marked \u201cplanned\u201d before their note. Totals count days on "
                    "overlapping trips once."
                ).format(window=content.window_days, counting=CONVENTION_SHORT[content.convention])
            ),
            styles.intro,
        )
    )
    out.extend(trip_tables(content, width, styles))
    return out


def _permits_and_dates(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    out = _heading(_("Permits and key dates"), styles)
    if content.permits:
        out.append(permit_table(content.permits, width, styles))
    else:
        out.append(_p(escape(_("No permits recorded.")), styles.body))
    pairs: list[tuple[str, Any]] = [
        (label, format_date(day) if day else _("not recorded")) for label, day in content.key_dates
    ]
    pairs.append((_("Income at least 3G"), _("yes") if content.sufficient_income else _("no")))
    # Six short rows: never split between two pages.
    out.append(
        KeepTogether([Spacer(1, 8), facts_table(pairs, width * 0.75, styles, label_share=45)])
    )
    return out


def _years(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    out = _heading(_("Days abroad per calendar year"), styles)
    if not content.years:
        out.append(_p(escape(_("No days abroad recorded.")), styles.body))
        return out
    out.append(_p(escape(content.years_note), styles.intro))
    out.append(year_table(content, width, styles))
    return out


def _rules(content: ReportContent, styles: Styles) -> list[Flowable]:
    out = _heading(_("Rules applied"), styles)
    out.append(
        _p(
            escape(
                _(
                    "Counting convention: {convention}. UDI has not said which way it counts the "
                    "days you leave and come back, so the report shows the other way too."
                ).format(convention=CONVENTION_PHRASES[content.convention])
            ),
            styles.small,
        )
    )
    out.append(_p(escape(rules_checked_sentence()), styles.small))
    for rule in content.rules:
        block: list[Flowable] = [
            _p(
                escape(
                    rule.title
                    if rule.applied
                    else _("{rule} (not applied)").format(rule=rule.title)
                ),
                styles.subheading,
            ),
            _p(escape(rule.summary), styles.body),
        ]
        block.extend(_p(escape(line), styles.small) for line in rule.lines)
        link = escape(rule.source)
        block.append(
            _p(
                escape(_("Source: {url}")).format(
                    url=f"<link href={quoteattr(rule.source)} color='#0B4F8A'>{link}</link>"
                ),
                styles.small,
            )
        )
        out.append(KeepTogether(block))
    return out


def _conditions(content: ReportContent, styles: Styles) -> list[Flowable]:
    """The goals' conditions that are not day counts: met (with the date) or still open."""
    applied = {r.id for r in content.evaluation.rules}
    lists = [c for c in content.checklists if c.rule_id in applied]
    if not lists:
        return []
    out = _heading(_("Other conditions"), styles)
    out.append(
        _p(
            escape(
                _(
                    "Conditions that are not about days abroad, as ticked in Borte. Borte cannot "
                    "check them: see udi.no."
                )
            ),
            styles.small,
        )
    )
    for checklist in lists:
        block: list[Flowable] = [
            _p(f"{escape(checklist.title)}: {escape(checklist.summary())}", styles.subheading)
        ]
        for item in checklist.items:
            if item.ticked and item.met_on:
                mark = _("✔ Met (met {date})").format(date=format_date(item.met_on))
            elif item.ticked:
                mark = _("✔ Met")
            elif checklist.needed(item):
                mark = _("Still open")
            else:
                mark = _("Only if you use that route")
            block.append(_p(f"{escape(mark)}: {escape(item.text)}", styles.small))
        out.append(KeepTogether(block))
    return out


def _open_questions(styles: Styles) -> list[Flowable]:
    questions = load_rule_data().open_questions
    if not questions:
        return []
    out = _heading(_("Open questions"), styles)
    out.append(
        _p(
            escape(_("The sources leave these open; Borte takes the cautious reading.")),
            styles.small,
        )
    )
    out.extend(_p(f"• {escape(_(q))}", styles.small) for q in questions)
    return out


# ---------------------------------------------------------------------------------------------
# Pages


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that holds each page until the end, then writes "Page N of M" on all."""

    def __init__(
        self,
        *args: Any,
        footer: Callable[[Any, int, int], None],
        forms: ChartForms,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._forms = forms
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        self._forms.write(self)  # the charts the pages refer to
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()

    @property
    def page_count(self) -> int:
        return len(self._pages)


def _running_header(content: ReportContent, styles: Styles, width: float) -> Paragraph:
    """One line: the person (shortened to fit) and the evaluation date."""
    full = fonts.plain_text(content.person_name)
    name, keep = full, len(full)
    while True:
        header = Paragraph(
            _("<b>Borte · Days abroad report</b> · {name} · evaluated on {date}").format(
                name=fonts.paragraph_text(name), date=format_date(content.as_of)
            ),
            styles.header,
        )
        _width, height = header.wrap(width, 100)
        if height <= styles.header.leading * 1.01 or keep <= 1:
            return header
        keep = int(keep * 0.85)
        name = full[:keep].rstrip() + "…"


def _write(
    path: Path,
    story: list[Flowable],
    content: ReportContent,
    styles: Styles,
    page_size: tuple[float, float],
    forms: ChartForms,
) -> int:
    page_width, page_height = page_size
    width = page_width - 2 * MARGIN_X
    header = _running_header(content, styles, width)

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        header.drawOn(canvas, MARGIN_X, page_height - MARGIN_TOP + 22)
        canvas.setStrokeColorRGB(0.6, 0.65, 0.7)
        canvas.setLineWidth(0.5)
        y = page_height - MARGIN_TOP + 18
        canvas.line(MARGIN_X, y, page_width - MARGIN_X, y)
        canvas.restoreState()

    def footer(canvas: Any, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColorRGB(0.6, 0.65, 0.7)
        canvas.setLineWidth(0.5)
        y = MARGIN_BOTTOM - 20
        canvas.line(MARGIN_X, y + 10, page_width - MARGIN_X, y + 10)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColorRGB(0.33, 0.33, 0.33)
        canvas.drawString(
            MARGIN_X,
            y,
            _(
                "Not legal advice. udi.no is the authority. Generated by Borte on {date}. Data "
                "fingerprint {fingerprint}."
            ).format(date=format_date(content.generated_on), fingerprint=content.fingerprint),
        )
        canvas.setFont(fonts.BOLD, 8)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawRightString(
            page_width - MARGIN_X,
            y,
            _("Page {number} of {total}").format(number=number, total=total),
        )
        canvas.restoreState()

    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        width,
        page_height - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        str(path),
        pagesize=page_size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=_("Days abroad report – {name}").format(name=fonts.plain_text(content.person_name)),
        author="Borte",
        subject=_("Days abroad evaluated on {date}").format(date=format_date(content.as_of)),
        creator="Borte",
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        initialLeading=12.5,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    canvases: list[_NumberedCanvas] = []

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, footer=footer, forms=forms, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(story, canvasmaker=make_canvas)
    return canvases[-1].page_count if canvases else 0


__all__ = ["PAPER_SIZES", "ReportError", "ReportInfo", "build_report", "check_target"]
