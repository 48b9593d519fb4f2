"""The translation hooks and plural-aware helpers (identity functions for now)."""

from __future__ import annotations


def _(message: str) -> str:
    """A sentence to translate (returned unchanged until a translation layer is added)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a sentence for `count` (English rules for now)."""
    return singular if count == 1 else plural


def days_words(count: int) -> str:
    """ "1 day", "2 days"."""
    return ngettext("{count} day", "{count} days", count).format(count=count)
