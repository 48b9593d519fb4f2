"""Fonts for the report, and user text made safe for reportlab's `Paragraph`.

DejaVu Sans ships with matplotlib (so with Borte) and covers Latin, Greek and Cyrillic, æ ø å
and the symbols the charts use; it is embedded (subset) in every report. A character DejaVu
lacks (a Chinese or Devanagari name, say) is drawn in a font of the user's system that has it,
found in the system's font folders the first time such a character turns up. Without one, the
character stays in DejaVu and shows as an empty box; it can never break the layout.

`paragraph_text` is the only way user text reaches a `Paragraph`: markup characters are
escaped (`xml.sax.saxutils.escape`), control characters become spaces, and line breaks become
`<br/>`. Long unbroken words are split by the paragraph styles (`splitLongWords`).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFError, TTFont  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

REGULAR = "DejaVu"
BOLD = "DejaVu-Bold"
ITALIC = "DejaVu-Oblique"
BOLD_ITALIC = "DejaVu-BoldOblique"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# Fonts that are likely to cover what DejaVu lacks, tried first (names as matplotlib lists them).
_PREFERRED = (
    "noto sans",
    "droid sans fallback",
    "arial unicode",
    "microsoft yahei",
    "yu gothic",
    "malgun gothic",
    "nirmala",
    "ms gothic",
    "simsun",
    "pingfang",
    "hiragino",
    "apple sd gothic",
    "wenquanyi",
)
# Every report sets text in these; the slanted faces are parsed the first time `face()` asks
# for one (a report without planned trips, or charts without italic text, never needs them).
# Parsing one DejaVu file costs about 55 ms, 7 % of a 2,000-trip report for all four.
_EAGER = (REGULAR, BOLD)
_lock = threading.RLock()
_registered = False
_faces: set[str] = set()


def font_folder() -> Path:
    """Where matplotlib keeps its DejaVu fonts."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def register_fonts() -> None:
    """Register the DejaVu family with reportlab (once per process; thread-safe).

    The upright faces are parsed now, the slanted ones by `face()` when first used. The family
    names all four for `Paragraph` markup; the report's markup uses only `<b>`, so `<i>` in a
    paragraph would need `face(italic=True)` first.
    """
    global _registered
    with _lock:
        if _registered:
            return
        for name in _EAGER:
            _register_face(name)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True


def _register_face(name: str) -> None:
    with _lock:
        if name not in _faces:
            pdfmetrics.registerFont(TTFont(name, str(font_folder() / _FILES[name])))
            _faces.add(name)


def face(*, bold: bool = False, italic: bool = False) -> str:
    """The DejaVu face for a weight and slant, registered (parsed) if it was not yet."""
    name = {(False, False): REGULAR, (True, False): BOLD, (False, True): ITALIC}.get(
        (bold, italic), BOLD_ITALIC
    )
    ensure(name)
    return name


def ensure(name: str) -> None:
    """Register the face `name` if it is one of the four and not yet registered (a chart
    drawn in another process may have used a face this one has not parsed)."""
    if name in _FILES and name not in _faces:
        register_fonts()
        _register_face(name)


def _covers(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


@cache
def _dejavu_chars() -> frozenset[int]:
    register_fonts()
    return _covers(REGULAR)


def _clean(text: str) -> str:
    """Control characters (other than line breaks) as spaces, lone surrogates as U+FFFD: they
    have no glyph, and some (NUL) are not even allowed in the markup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        if ch == "\n" or (category := unicodedata.category(ch)) not in ("Cc", "Cs")
        else (" " if category == "Cc" else "\ufffd")
        for ch in text
    )


def _runs(text: str) -> Iterator[tuple[str | None, str]]:
    """Split text into (fallback font or None for DejaVu, run) pieces."""
    known = _dejavu_chars()
    current: str | None = None
    run: list[str] = []
    for ch in text:
        font = None if ord(ch) in known or ch.isspace() else fallback_font(ch)
        if font != current and run:
            yield current, "".join(run)
            run = []
        current = font
        run.append(ch)
    if run:
        yield current, "".join(run)


def paragraph_text(text: str) -> str:
    """User text as safe `Paragraph` markup: escaped, with fallback fonts where needed."""
    parts: list[str] = []
    for font, run in _runs(_clean(text)):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(safe if font is None else f'<font face="{font}">{safe}</font>')
    return "".join(parts)


def plain_text(text: str) -> str:
    """User text for a plain table cell or `drawString`: one line, no control characters."""
    return " ".join(_clean(text).split())


# ---------------------------------------------------------------------------------------------
# Fallback fonts for characters DejaVu does not have


@cache
def _candidates() -> tuple[Path, ...]:
    """The system's font files, likely fallbacks first. Read from the folders themselves, not
    matplotlib's font cache, which does not notice fonts installed after it was built."""
    from matplotlib import font_manager

    files = {Path(name) for name in font_manager.findSystemFonts(fontext="ttf")}

    def rank(path: Path) -> tuple[int, str]:
        name = path.stem.lower().replace("-", " ").replace("_", " ")
        squeezed = name.replace(" ", "")
        for index, preferred in enumerate(_PREFERRED):
            if name.startswith(preferred) or squeezed.startswith(preferred.replace(" ", "")):
                # Regular faces before bold, italic and the like.
                plain = not any(w in name for w in ("bold", "italic", "oblique", "light"))
                return index * 2 + (0 if plain else 1), name
        return 2 * len(_PREFERRED), name

    return tuple(sorted(files, key=rank))


_fallbacks: dict[Path, str | None] = {}  # font file → registered name (None: unusable)


def _register_fallback(path: Path) -> str | None:
    if path not in _fallbacks:
        name = f"Fallback-{len(_fallbacks) + 1}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        except (TTFError, OSError, ValueError, KeyError) as exc:
            # PostScript-outline (CFF) fonts and damaged files: reportlab cannot embed them.
            log.debug("Cannot use %s as a fallback font: %s", path, exc)
            _fallbacks[path] = None
        else:
            _fallbacks[path] = name
    return _fallbacks[path]


@cache
def fallback_font(ch: str) -> str | None:
    """A registered font that has `ch`, or None when no usable font on this system has it."""
    register_fonts()
    with _lock:
        for path in _candidates():
            if not _may_cover(path, ch):
                continue
            name = _register_fallback(path)
            if name is not None and ord(ch) in _covers(name):
                return name
    log.info("No font on this system has %r (U+%04X)", ch, ord(ch))
    return None


@cache
def _charmap(path: Path) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    try:
        return frozenset(FT2Font(str(path)).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return frozenset()


def _may_cover(path: Path, ch: str) -> bool:
    """A quick look at the font's character map before reportlab parses the whole file."""
    return ord(ch) in _charmap(path)
