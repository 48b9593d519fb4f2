"""Issue 11 item 10: notes and names cannot drive the terminal.

Escape sequences, carriage returns, C1 controls and bidirectional overrides in user text are
printed as visible escapes (`\\x1b`) in text output; JSON keeps the same text, escaped.
"""

from __future__ import annotations

import json

from tests.integration.conftest import Borte

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\rUDI\x9b31m\u202eevil"


def _no_controls(text: str) -> None:
    for char in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
        assert char not in text, repr(char)


def test_trips_people_and_income_show_controls_as_escapes(borte: Borte) -> None:
    assert borte("people", "add", "Kari" + HOSTILE).code == 0
    added = borte(
        "trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02", "--note", HOSTILE
    )
    assert added.code == 0, added.err

    listed = borte("trips", "list")
    _no_controls(listed.out)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x0dUDI\\x9b31m\\u202eevil" in listed.out
    people = borte("people", "list")
    _no_controls(people.out)
    assert "Kari\\x1b" in people.out
    stored = json.loads(borte("people", "list", "--json").out)[1]["name"]
    income = borte("income", "--person", stored)
    assert income.code == 0, income.err
    _no_controls(income.out)


def test_json_output_keeps_the_text_and_is_plain_ascii_controls(borte: Borte) -> None:
    borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02", "--note", HOSTILE)
    result = borte("trips", "list", "--json")
    _no_controls(result.out)
    assert json.loads(result.out)[0]["note"] == HOSTILE


def test_error_lines_show_controls_as_escapes(borte: Borte) -> None:
    line = borte("trips", "list", "--person", "nobody" + HOSTILE).one_line_error()
    _no_controls(line)
