"""App-wide settings kept in the database, so they travel with the data file."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from app.models.database import reading
from app.models.tables import Setting
from app.services.errors import ValidationError
from app.services.profile import CONVENTIONS, Convention
from app.services.wording import _

log = logging.getLogger(__name__)

PR_WAITING_MONTHS_KEY = "pr_waiting_months"
CONVENTION_KEY = "convention"
DEFAULT_PR_WAITING_MONTHS = 24
MIN_PR_WAITING_MONTHS = 1
MAX_PR_WAITING_MONTHS = 60
DEFAULT_CONVENTION: Convention = "inclusive"
BACKUPS_TO_KEEP_KEY = "backups_to_keep"
# Ten daily copies cover a week and a half of mistakes for well under a megabyte each.
DEFAULT_BACKUPS_TO_KEEP = 10
MIN_BACKUPS_TO_KEEP = 1
MAX_BACKUPS_TO_KEEP = 100
WARNING_MARGIN_KEY = "warning_margin_days"
# A rule still within its limit but with this many days left or fewer is shown as "close".
DEFAULT_WARNING_MARGIN = 14
MIN_WARNING_MARGIN = 0
MAX_WARNING_MARGIN = 90


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
                _(
                    "The waiting time {months} months is out of range; choose between "
                    "{min_pr_waiting_months} and {max_pr_waiting_months} months."
                ).format(
                    months=months,
                    min_pr_waiting_months=MIN_PR_WAITING_MONTHS,
                    max_pr_waiting_months=MAX_PR_WAITING_MONTHS,
                )
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

    def warning_margin(self) -> int:
        """Days left at or below which a rule within its limit is shown as close to it."""
        raw = self._get(WARNING_MARGIN_KEY)
        if raw is None:
            return DEFAULT_WARNING_MARGIN
        try:
            days = int(raw)
        except ValueError:
            days = -1
        if not MIN_WARNING_MARGIN <= days <= MAX_WARNING_MARGIN:
            log.warning("Ignoring stored %s=%r", WARNING_MARGIN_KEY, raw)
            return DEFAULT_WARNING_MARGIN
        return days

    def set_warning_margin(self, days: int) -> int:
        """Change the warning margin; returns the value stored."""
        if not MIN_WARNING_MARGIN <= days <= MAX_WARNING_MARGIN:
            raise ValidationError(
                _(
                    "The warning margin {days} days is out of range; choose between "
                    "{min_warning_margin} and {max_warning_margin} days."
                ).format(
                    days=days,
                    min_warning_margin=MIN_WARNING_MARGIN,
                    max_warning_margin=MAX_WARNING_MARGIN,
                )
            )
        self._set(WARNING_MARGIN_KEY, str(days))
        return days

    def backups_to_keep(self) -> int:
        """How many backups of the data file to keep; older ones are deleted."""
        raw = self._get(BACKUPS_TO_KEEP_KEY)
        if raw is None:
            return DEFAULT_BACKUPS_TO_KEEP
        try:
            keep = int(raw)
        except ValueError:
            keep = 0
        if not MIN_BACKUPS_TO_KEEP <= keep <= MAX_BACKUPS_TO_KEEP:
            log.warning("Ignoring stored %s=%r", BACKUPS_TO_KEEP_KEY, raw)
            return DEFAULT_BACKUPS_TO_KEEP
        return keep

    def set_backups_to_keep(self, keep: int) -> int:
        """Change how many backups to keep; returns the value stored."""
        if not MIN_BACKUPS_TO_KEEP <= keep <= MAX_BACKUPS_TO_KEEP:
            raise ValidationError(
                _(
                    "Keeping {keep} backups is out of range; choose between "
                    "{min_backups_to_keep} and {max_backups_to_keep}."
                ).format(
                    keep=keep,
                    min_backups_to_keep=MIN_BACKUPS_TO_KEEP,
                    max_backups_to_keep=MAX_BACKUPS_TO_KEEP,
                )
            )
        self._set(BACKUPS_TO_KEEP_KEY, str(keep))
        return keep

    def _get(self, key: str) -> str | None:
        with reading(self._sessions) as session:
            setting = session.get(Setting, key)
            return setting.value if setting is not None else None

    def _set(self, key: str, value: str) -> None:
        with self._sessions.begin() as session:
            session.merge(Setting(key=key, value=value))
