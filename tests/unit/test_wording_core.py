"""The translation layer: language choice, catalogues, plurals, pseudo-language, lazy labels."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from app.services import wording
from app.services.profile import PermitKind, Status
from app.services.wording import core
from app.services.wording.formats import format_date, format_number, month_names


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
        ({"LC_MESSAGES": "nb_NO.UTF-8", "LANG": "en_GB.UTF-8"}, "nb"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "nb_NO.UTF-8"}, "en"),
        ({"LANGUAGE": "nn:nb:en", "LANG": "en_US.UTF-8"}, "nb"),
        ({"LANGUAGE": "", "LANG": "nb_NO.UTF-8"}, "nb"),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert core.language_from_environment(environ) == expected


def test_set_language_switches_every_text_and_unknown_means_english() -> None:
    assert wording.set_language("nb") == "nb"
    assert wording.current_language() == "nb"
    assert wording._("Over the limit") != "Over the limit"
    assert wording.set_language("xx") == "en"
    assert wording._("Over the limit") == "Over the limit"


def test_plurals_in_both_languages() -> None:
    wording.set_language("en")
    assert [wording.days_words(n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    wording.set_language("nb")
    assert [wording.days_words(n) for n in (0, 1, 2)] == ["0 dager", "1 dag", "2 dager"]


def test_pseudo_language_marks_every_text_plurals_too() -> None:
    wording.set_language(core.PSEUDO_LANGUAGE)
    assert wording._("OK") == "⟦OK⟧"
    assert wording.days_words(1) == "⟦1 day⟧"
    assert wording.days_words(3) == "⟦3 days⟧"
    assert wording.pgettext("status", "OK") == "⟦OK⟧"


def test_label_tables_translate_when_read_not_when_imported() -> None:
    wording.set_language("en")
    assert wording.STATUS_WORDS[Status.RED] == "Over the limit"
    wording.set_language("nb")
    assert wording.STATUS_WORDS[Status.RED] == "Over grensen"
    assert wording.PERMIT_KIND_LABELS[PermitKind.PERMANENT] == "Permanent oppholdstillatelse"
    assert set(wording.PERMIT_KIND_LABELS) == set(PermitKind)
    assert wording.PERMIT_KIND_LABELS.msgid(PermitKind.PERMANENT) == "Permanent residence"


def test_using_language_overrides_only_inside_the_block() -> None:
    wording.set_language("en")
    with wording.using_language("nb") as chosen:
        assert chosen == "nb"
        assert wording.days_words(2) == "2 dager"
    assert wording.days_words(2) == "2 days"
    with wording.using_language(None):
        assert wording.current_language() == "en"


def test_missing_mo_is_compiled_from_the_po(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = core.locale_dir() / "nb" / "LC_MESSAGES" / "borte.po"
    folder = tmp_path / "nb" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "borte.po")
    monkeypatch.setattr(core, "_LOCALE_DIR", tmp_path)
    monkeypatch.setattr(core, "_cache", {})
    assert not (folder / "borte.mo").exists()
    wording.set_language("nb")
    assert wording.days_words(1) == "1 dag"


def test_dates_and_numbers_in_each_language() -> None:
    day = dt.date(2025, 3, 5)
    wording.set_language("en")
    assert format_date(day) == "2025-03-05"
    assert format_number(1234.5, 1) == "1234.5"
    wording.set_language("nb")
    assert format_date(day) == "05.03.2025"
    assert format_number(1234.5, 1) == "1\u00a0234,5"
    assert format_number(180) == "180"


def test_number_format_agrees_with_cldr() -> None:
    from babel.numbers import format_decimal

    wording.set_language("nb")
    for value in (0, 7, 999, 1000, 12345, 1234567, -4321):
        assert format_number(value) == format_decimal(value, locale="nb")


def test_month_names_come_from_cldr_in_the_chosen_language() -> None:
    assert month_names("nb")[:3] == ["jan", "feb", "mars"]
    assert month_names("en")[4] == "May"
    assert month_names("qps")[0] == "⟦Jan⟧"


def test_chart_date_axes_name_months_in_the_chosen_language() -> None:
    """Not the process locale: the CLI's report gets bokmål months as the window does."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.services.charts._style import date_num, set_date_axis

    shown = {}
    for language in ("en", "nb"):
        wording.set_language(language)
        figure = Figure()
        ax = figure.add_subplot()
        ax.plot([date_num(dt.date(2025, 1, 1)), date_num(dt.date(2025, 8, 1))], [0, 1])
        set_date_axis(ax)
        FigureCanvasAgg(figure).draw()
        shown[language] = [t.get_text() for t in ax.get_xticklabels()]
    assert shown["en"][2:5] == ["Mar", "Apr", "May"]
    assert shown["nb"][2:5] == ["mars", "apr", "mai"]
