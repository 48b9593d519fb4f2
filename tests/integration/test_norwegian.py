"""Borte in bokmål: the CLI and the report end to end, the catalogue, country names, and the
pseudo-language sweep that finds any text which did not pass through the catalogue."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.services.countries import country_name, match_country
from app.services.wording import core, set_language
from tests.integration.conftest import Borte

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "app" / "locale" / "nb" / "LC_MESSAGES" / "borte.po"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _record(borte: Borte) -> None:
    """A person with a work permit, two past trips and a planned one, as the tests need."""
    for argv in (
        ("permits", "add", "--kind", "work", "--from", "2021-03-01", "--to", "2026-02-28"),
        ("dates", "set", "arrival", "2021-02-20"),
        ("trips", "add", "--departure", "2024-12-20", "--return", "2025-01-05",
         "--destination", "SE", "--note", "Jul"),
        ("trips", "add", "--departure", "2025-03-01", "--return", "2025-03-20",
         "--destination", "Tyskland"),
        ("trips", "add", "--departure", "2025-08-01", "--return", "2025-08-20",
         "--destination", "DE"),
    ):  # fmt: skip
        assert borte(*argv).code == 0, argv


# ---------------------------------------------------------------------------------------------
# The catalogue


def _catalogue() -> list[tuple[object, object, set[str]]]:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    return [(m.id, m.string, set(m.flags)) for m in catalog if m.id]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    untranslated = []
    for msgid, msgstr, flags in _catalogue():
        forms = list(msgstr) if isinstance(msgstr, tuple | list) else [msgstr]
        if "fuzzy" in flags or not all(forms):
            untranslated.append(msgid)
    assert untranslated == []


def test_translations_keep_the_placeholders_of_their_message() -> None:
    """Bokmål has English's two plural forms: each form keeps its own message's placeholders
    (a singular may leave out {count}, as the English one does)."""

    def names(text: str) -> set[str]:
        return {p.split(":")[0].split("!")[0] for p in PLACEHOLDER.findall(text)}

    wrong = []
    for msgid, msgstr, _flags in _catalogue():
        ids = list(msgid) if isinstance(msgid, tuple | list) else [msgid]
        strings = list(msgstr) if isinstance(msgstr, tuple | list) else [msgstr]
        for source, text in zip(ids, strings, strict=True):
            if names(text) != names(source):
                wrong.append((source, text))
    assert wrong == []


def test_the_catalogue_covers_every_message_in_the_code() -> None:
    """The .pot is what `packaging/translations.sh update` extracts: nothing new is missing."""
    with (REPO / "app" / "locale" / "borte.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    translated = {m if isinstance(m, str) else m[0] for m, _s, _f in _catalogue()}
    assert template - translated == set()


# ---------------------------------------------------------------------------------------------
# The command line in bokmål


def test_lang_nb_status_is_norwegian_from_end_to_end(tmp_path: Path) -> None:
    """`LANG=nb_NO.UTF-8 borte status` in a real process: bokmål sentences, dd.mm.yyyy dates."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="nb_NO.UTF-8", BORTE_TODAY="2025-06-30", XDG_STATE_HOME=str(tmp_path / "state"))

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *argv, "--data-dir", str(data)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("permits", "add", "--kind", "work", "--from", "2021-03-01").returncode == 0
    added = run("trips", "add", "--departure", "2025-03-01", "--return", "2025-03-20",
                "--destination", "Tyskland")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "La til reise 1."
    done = run("status")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Alle regler er OK.")
    assert "Status 30.06.2025 (avreise- og hjemkomstdagene teller som dager i utlandet)." in out
    assert "Midlertidig tillatelse: 182 dager av 365: OK (grønn)" in out
    assert "20 dager i utlandet mellom" in out
    assert "Borte er ikke juridisk rådgivning. udi.no er myndigheten." in out
    assert not re.search(r"\d{4}-\d\d-\d\d(?!/)", out.replace("https://", "")), out
    trips = run("trips", "list").stdout
    assert "Avreise" in trips
    assert "01.03.2025" in trips
    assert "DE Tyskland" in trips


def test_json_stays_english_and_iso_whatever_the_language(borte: Borte) -> None:
    _record(borte)
    english = json.loads(borte("status", "--json").out)
    norwegian = json.loads(borte("--lang", "nb", "status", "--json").out)
    assert norwegian == english
    assert norwegian["as_of"] == "2025-06-30"
    assert norwegian["rules"][0]["title"] == "Temporary permit: 182 days in any 365"


def test_plurals_in_the_cli(borte: Borte) -> None:
    _record(borte)
    status = borte("--lang", "nb", "status").out
    assert "Med din 1 planlagte reise, til og med 20.08.2025:" in status
    english = borte("status").out
    assert "With your 1 planned trip, through 2025-08-20:" in english


# ---------------------------------------------------------------------------------------------
# Country names from CLDR, in both languages


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Tyskland", "DE"),
        ("germany", "DE"),
        ("Østerrike", "AT"),
        ("Austria", "AT"),
        ("Storbritannia", "GB"),
        ("England", "GB"),
        ("Svalbard", "SJ"),
        ("Svalbard og Jan Mayen", "SJ"),
        ("Elfenbenskysten", "CI"),
        ("se", "SE"),
        ("Narnia", None),
    ],
)
def test_match_country_reads_both_languages(written: str, code: str | None) -> None:
    assert match_country(written) == code


def test_country_names_follow_the_language() -> None:
    set_language("en")
    assert country_name("DE") == "Germany"
    set_language("nb")
    assert country_name("DE") == "Tyskland"
    assert country_name("SJ") == "Svalbard og Jan Mayen"


def test_csv_import_takes_norwegian_country_names(borte: Borte, tmp_path: Path) -> None:
    csv = tmp_path / "reiser.csv"
    csv.write_text(
        "Avreise;Hjemkomst;Land;Merknad\n01.04.2025;05.04.2025;Sverige;Påske\n"
        "10.05.2025;12.05.2025;Tyskland;\n",
        encoding="utf-8",
    )
    done = borte("import", str(csv))
    assert done.code == 0, done.err
    listed = json.loads(borte("trips", "list", "--json").out)
    assert [t["destination"] for t in listed] == ["SE", "DE"]


# ---------------------------------------------------------------------------------------------
# The pseudo-language: every text through the catalogue


# What may be written in plain ASCII letters: links, paths, codes, ids and the user's own data
# (names, notes, file names). "qpa" writes every translated text's letters fullwidth, so an
# English word left anywhere, even glued into a translated sentence, shows as ASCII.
ALLOWED = re.compile(
    r"https?://\S+|/\S*|\b\d[\d.,:\-–]*\b|\b[A-Z]{2}\b|\b[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}\b"
)
# A link the PDF wraps onto the next line: its pieces up to the next space.
WRAPPED_LINK = re.compile(r"https?://[^\s⟧]+(?:\n[^\s⟧]+)*")


def unmarked(text: str, user_data: tuple[str, ...]) -> list[str]:
    """The words of `text` in plain ASCII letters, less links, codes and `user_data`."""
    text = text.replace(core.PSEUDO_OPEN, " ").replace(core.PSEUDO_CLOSE, " ")
    for item in sorted(user_data, key=len, reverse=True):
        text = text.replace(item, " ")
    return [w for w in ALLOWED.sub(" ", text).split() if re.search(r"[A-Za-z]", w)]


USER_DATA = ("Me", "Jul", "borte")


@pytest.mark.parametrize(
    "argv",
    [
        ("status",),
        ("status", "--explain"),
        ("trips", "list"),
        ("permits", "list"),
        ("dates", "list"),
        ("people", "list"),
        ("income",),
        ("reminders",),
        ("checklist",),
        ("plan", "--departure", "2025-09-01", "--return", "2025-09-10", "--destination", "FR"),
        ("plan", "--departure", "2025-09-01", "--days", "200"),
    ],
)
def test_pseudo_language_covers_the_cli_text(
    borte: Borte, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    _record(borte)
    monkeypatch.setenv("LANGUAGE", core.PSEUDO_ACCENTED)
    done = borte(*argv)
    assert done.code == 0, done.err
    # Command words and option names the user types stay as they are.
    words = unmarked(done.out, (*USER_DATA, *_COMMAND_WORDS))
    assert words == [], done.out


# What the user types on the command line: item ids, key-date names, placeholders in help.
_COMMAND_WORDS = (
    "borte checklist tick ITEM",
    "--on DATE",
    "--json",
    "borte reminders",
    "citizenship-application",
    "abroad-permission",
    "pr-application",
    "arrival",
    "police",
    *(f"{prefix}-{word}" for prefix in ("pr", "cit") for word in (
        "basis-permit", "self-support", "training-hours", "norwegian", "social-studies",
        "no-criminal-record", "fee", "test", "identity", "income", "pr-conditions",
    )),
)  # fmt: skip


def test_pseudo_language_covers_the_report(
    borte: Borte, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    _record(borte)
    borte("people", "identity", "--full-name", "Kari Nordmann", "--born", "1990-04-12")
    monkeypatch.setenv("LANGUAGE", core.PSEUDO_ACCENTED)
    pdf = tmp_path / "rapport.pdf"
    done = borte("report", str(pdf), "--planned")
    assert done.code == 0, done.err
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    # Line breaks inside a marked sentence: join them before looking.
    text = WRAPPED_LINK.sub(" ", text)
    words = unmarked(text.replace("\n", " "), (*USER_DATA, "Kari Nordmann", "Borte"))
    assert words == [], sorted(set(words))


def test_report_lang_nb_is_norwegian(borte: Borte, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _record(borte)
    pdf = tmp_path / "rapport.pdf"
    done = borte("report", str(pdf), "--lang", "nb")
    assert done.code == 0, done.err
    assert done.out.startswith("Skrev en rapport på ")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    for phrase in (
        "Rapport om dager i utlandet",
        "Slik står du 30.06.2025",
        "Statsborgerskap: botid",
        "Erklæring",
        "Side 1 av",
        "Denne rapporten er ikke juridisk rådgivning.",
    ):
        assert phrase in text, phrase
    for english in ("Days abroad report", "Where you stand", "Declaration", "Page 1 of"):
        assert english not in text


def test_help_is_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    from app import cli

    assert cli.main(["--lang", "nb", "trips", "add", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert shown.startswith("bruk: borte trips add")
    assert "vis denne hjelpeteksten og avslutt" in shown
    assert "dagen du reiste fra Norge" in shown
    assert cli.main(["trips", "add", "--help"]) == 0
    assert "the day you left Norway" in capsys.readouterr().out
