"""A desktop notification when a limit is within the warning margin: on start, then once a day.

Shown through the system tray's balloon messages (`QSystemTrayIcon.showMessage`), which desktop
environments turn into their own notifications. Where there is no tray or notification service
(offscreen, a bare Xvfb), nothing is shown and nothing fails. Off in Settings; the choice is
the user's own (QSettings), like the theme.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from app.services.wording import _, ngettext

if TYPE_CHECKING:
    from app.services.assessment import Assessment

NOTIFY_KEY = "notifications/limits"
# How often an open window checks whether the day has changed (ms).
DAY_CHECK_MS = 30 * 60 * 1000
MESSAGE_MS = 15_000

Send = Callable[[str, str], None]


def stored_notify(settings: QSettings) -> bool:
    """Whether this user wants the notifications (on unless turned off)."""
    value = settings.value(NOTIFY_KEY, True)
    return value not in (False, "false", "0", 0)


def store_notify(settings: QSettings, on: bool) -> None:
    """Remember the user's choice."""
    settings.setValue(NOTIFY_KEY, on)


def limit_notice(
    assessment: Assessment, warning_margin: int, shown: Collection[str]
) -> tuple[str, str] | None:
    """The notification's title and text when a limit is within the warning margin (over
    the rules in `shown`, the rules on screen); None when nothing is close."""
    from app.services.assessment import banner_sentences, come_home

    found = come_home(assessment, warning_margin, shown)
    if found is not None and found.worth_a_notice(warning_margin):
        # The banner's own sentences.
        since, back = banner_sentences(found)
        return _("Borte: time to plan your way home"), f"{back} {since}"
    close = [
        r.result
        for r in assessment.rules
        if r.id in shown and r.result.limit > 0 and r.result.days_left <= warning_margin
    ]
    if not close:
        return None
    tightest = min(close, key=lambda result: (result.days_left, result.id))
    if tightest.days_left <= 0:
        text = _("{rule}: no days left; you are at or over the limit.").format(rule=tightest.title)
    else:
        text = ngettext(
            "{rule}: only {count} day left.",
            "{rule}: only {count} days left.",
            tightest.days_left,
        ).format(rule=tightest.title, count=tightest.days_left)
    return _("Borte: a limit is close"), text


def tray_send(icon: QIcon, parent: QObject) -> Send:
    """A sender that shows a tray balloon, or does nothing when there is no tray."""
    holder: list[QSystemTrayIcon] = []

    def send(title: str, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if not holder:
            holder.append(QSystemTrayIcon(icon, parent))
        tray = holder[0]
        tray.show()
        if tray.supportsMessages():
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
        # Only there to carry the message: gone again once it has been read.
        QTimer.singleShot(MESSAGE_MS + 1000, tray.hide)

    return send


class LimitNotifier(QObject):
    """Decides when to notify; `consider` is called after each refresh of the status."""

    notified = Signal(str, str)  # title, text

    def __init__(
        self,
        settings: QSettings,
        send: Send,
        day_check: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """`day_check` is called every half hour, so a window left open refreshes (and
        notifies again) when the day changes."""
        super().__init__(parent)
        self._settings = settings
        self.send = send  # tests put a recorder here
        self._last: tuple[int, date] | None = None  # (person, day) last notified
        self.timer = QTimer(self)
        self.timer.setInterval(DAY_CHECK_MS)
        self.timer.timeout.connect(day_check)
        self.timer.start()

    def consider(
        self, assessment: Assessment, warning_margin: int, person_id: int, shown: Collection[str]
    ) -> bool:
        """Notify if a limit is close and this person has not been told today; True if sent."""
        if not stored_notify(self._settings):
            return False
        if self._last == (person_id, assessment.as_of):
            return False
        notice = limit_notice(assessment, warning_margin, shown)
        if notice is None:
            return False
        self._last = (person_id, assessment.as_of)
        self.send(*notice)
        self.notified.emit(*notice)
        return True
