"""The window's language: English or Norwegian bokmål, or the system's; remembered per user.

Like the theme, the choice lives in QSettings (the user's own configuration), not in the data
file: two people sharing a household file each read the app in their own language. It is
applied once at start, before any window text is built, to the wording layer (every sentence),
to Qt's default locale (date formats, numbers, the calendar popup's month and day names) and
to Qt's own standard texts (`app.ui.qt_words`). `BORTE_LANG=nb` (or `en`) overrides the
choice, for screenshots and tests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from app.services.wording import LANGUAGES, _, set_language
from app.services.wording.core import normalize_language
from app.ui.qt_words import PSEUDO_LANGUAGE, BokmalQtTranslator

LanguageChoice = Literal["system", "en", "nb"]
LANGUAGE_CHOICES: tuple[LanguageChoice, ...] = ("system", "en", "nb")
LANGUAGE_KEY = "appearance/language"
LANG_ENV = "BORTE_LANG"
_translator: BokmalQtTranslator | None = None


def language_label(choice: LanguageChoice) -> str:
    """How the Settings choice reads. Each language is named in itself, as a user looks for it."""
    if choice == "system":
        return _("Follow the system")
    return LANGUAGES[choice]


def stored_language(settings: QSettings) -> LanguageChoice:
    """The language this user chose ("system" when none or an unknown value is stored)."""
    value = str(settings.value(LANGUAGE_KEY, "system"))
    for choice in LANGUAGE_CHOICES:
        if value == choice:
            return choice
    return "system"


def store_language(settings: QSettings, choice: LanguageChoice) -> None:
    """Remember the user's language."""
    settings.setValue(LANGUAGE_KEY, choice)


def system_language(locale: QLocale | None = None) -> str:
    """ "nb" when the desktop is in Norwegian (bokmål, nynorsk or plain "no"), else "en"."""
    language = (locale or QLocale.system()).language()
    norwegian = (QLocale.Language.NorwegianBokmal, QLocale.Language.NorwegianNynorsk)
    return "nb" if language in norwegian else "en"


def resolve_language(
    choice: LanguageChoice,
    environ: Mapping[str, str] | None = None,
    system: QLocale | None = None,
) -> str:
    """The language code to use: `BORTE_LANG` if set ("nb", "en", or "qps", the tests'
    pseudo-language), else the choice."""
    env = os.environ if environ is None else environ
    forced = normalize_language(env.get(LANG_ENV, "").strip())
    if forced is not None:
        return forced
    if choice == "system":
        return system_language(system)
    return choice


def apply_language(code: str) -> None:
    """Use `code` ("en", "nb" or "qps") from now on, for the texts built after this.

    Widgets already built keep their texts; the window is built after this at start, and a
    change in Settings takes effect when Borte starts again.
    """
    global _translator
    set_language(code)
    norwegian = code == "nb"
    if norwegian:
        QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    else:
        # English (and the pseudo-language) keep ISO dates; the UK's Monday-first calendar
        # suits people who live in Norway better than the US Sunday-first one.
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app = QCoreApplication.instance()
    if _translator is not None:
        if app is not None:
            QCoreApplication.removeTranslator(_translator)
        _translator = None
    if code in ("nb", PSEUDO_LANGUAGE) and app is not None:
        _translator = BokmalQtTranslator(app, pseudo=code == PSEUDO_LANGUAGE)
        QCoreApplication.installTranslator(_translator)
