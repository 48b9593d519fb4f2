"""App-wide settings kept in the database, so they travel with the data file."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from app.models.tables import Setting
from app.services.errors import ValidationError
from app.services.profile import CONVENTIONS, Convention

log = logging.getLogger(__name__)

PR_WAITING_MONTHS_KEY = "pr_waiting_months"
CONVENTION_KEY = "convention"
DEFAULT_PR_WAITING_MONTHS = 24
MIN_PR_WAITING_MONTHS = 1
MAX_PR_WAITING_MONTHS = 60
DEFAULT_CONVENTION: Convention = "inclusive"


class SettingsService:
    """Read and change settings; a missing or unreadable value gives the default."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def pr_waiting_months(self) -> int:
        """Expected months from a permanent-residence application to the decision."""
        raw = self._get(PR_WAITING_MONTHS_KEY)
        if raw is None:
            return DEFAULT_PR_WAITING_MONTHS
        try:
            months = int(raw)
        except ValueError:
            months = 0
        if not MIN_PR_WAITING_MONTHS <= months <= MAX_PR_WAITING_MONTHS:
            log.warning("Ignoring stored %s=%r", PR_WAITING_MONTHS_KEY, raw)
            return DEFAULT_PR_WAITING_MONTHS
        return months

    def set_pr_waiting_months(self, months: int) -> int:
        """Change the expected waiting time; returns the value stored."""
        if not MIN_PR_WAITING_MONTHS <= months <= MAX_PR_WAITING_MONTHS:
            raise ValidationError(
                f"The waiting time {months} months is out of range; choose between "
                f"{MIN_PR_WAITING_MONTHS} and {MAX_PR_WAITING_MONTHS} months."
            )
        self._set(PR_WAITING_MONTHS_KEY, str(months))
        return months

    def convention(self) -> Convention:
        """How days abroad are counted by default (rules.md §0.2)."""
        raw = self._get(CONVENTION_KEY)
        if raw is None:
            return DEFAULT_CONVENTION
        if raw not in CONVENTIONS:
            log.warning("Ignoring stored %s=%r", CONVENTION_KEY, raw)
            return DEFAULT_CONVENTION
        return raw

    def set_convention(self, convention: str) -> Convention:
        """Change the counting convention; returns the value stored."""
        if convention not in CONVENTIONS:
            raise ValidationError(
                f"{convention!r} is not a way of counting days Borte knows; use one of "
                f"{', '.join(CONVENTIONS)}."
            )
        self._set(CONVENTION_KEY, convention)
        return convention

    def _get(self, key: str) -> str | None:
        with self._sessions.begin() as session:
            setting = session.get(Setting, key)
            return setting.value if setting is not None else None

    def _set(self, key: str, value: str) -> None:
        with self._sessions.begin() as session:
            session.merge(Setting(key=key, value=value))
