"""A pybabel extractor for the wording in resources/rules/*.json (see babel.cfg).

The rule and checklist files keep their English text as data; these keys hold sentences a user
reads, so they go into the catalogue and are translated where they are shown (`_(rule.title)`).
Ids, dates, sources and kinds are not text and stay out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["TEXT_KEYS", "extract_rule_json", "rule_texts"]

TEXT_KEYS = frozenset(
    {"title", "summary", "text", "note", "collective_protection_question", "open_questions"}
)


def rule_texts(document: Any, key: str = "") -> Iterator[str]:
    """Every user-visible string in a rules/checklists document, in file order."""
    if isinstance(document, dict):
        for name, value in document.items():
            yield from rule_texts(value, name)
    elif isinstance(document, list):
        for value in document:
            yield from rule_texts(value, key)
    elif isinstance(document, str) and key in TEXT_KEYS and document.strip():
        yield document


def extract_rule_json(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extractor interface: (line, function, message, comments) per text."""
    raw = fileobj.read().decode("utf-8")
    for text in rule_texts(json.loads(raw)):
        # The line of the text's first occurrence (json.dumps gives it as the file spells it).
        where = raw.find(json.dumps(text, ensure_ascii=False)[1:-1])
        yield raw.count("\n", 0, max(where, 0)) + 1, "_", text, []
