"""Issue 17, item 3: a desktop notification on start and once a day when a limit is close;
off in Settings; harmless without a tray (the tests run offscreen, where there is none)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.assessment import assess, banner_sentences
from app.services.profile import PermitKind
from app.services.sample_data import create_sample_person
from app.ui.limit_notifier import (
    LimitNotifier,
    limit_notice,
    store_notify,
    stored_notify,
    tray_send,
)
from app.ui.main_window import MainWindow, app_icon
from app.ui.settings_dialog import SettingsDialog, SettingsValues

from .helpers import TODAY, me, window_services


def _abroad(services: Services) -> int:
    """The example person, abroad for 20 days: citizenship's year is within the margin."""
    person = create_sample_person(services.people, services.trips, services.permits, today=TODAY)
    services.trips.add(person.id, TODAY - timedelta(days=20), None, "US", today=TODAY)
    return person.id


def _sent(window: MainWindow) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    window.notifier.send = lambda title, text: sent.append((title, text))
    return sent


def test_notifies_once_a_day_while_a_trip_nears_its_limit(
    qtbot: QtBot, services: Services, qsettings: QSettings
) -> None:
    days = [TODAY]
    base = window_services(services)
    from dataclasses import replace

    window = MainWindow(replace(base, today=lambda: days[0]), qsettings=qsettings)
    qtbot.addWidget(window)
    sent = _sent(window)
    person = _abroad(services)
    window.switch_person(person)
    assert len(sent) == 1
    title, text = sent[0]
    assert title == "Borte: time to plan your way home"
    assert "Come home by" in text
    window.refresh()
    window.refresh()
    assert len(sent) == 1  # once a day, not on every refresh
    days[0] = TODAY + timedelta(days=1)
    window._on_day_check()  # the half-hourly check finds a new day
    assert len(sent) == 2


@pytest.mark.parametrize(("days", "sent_one"), [(3, False), (30, True)])
def test_booked_return_notice_is_the_banners_sentence(
    window: MainWindow, services: Services, days: int, sent_one: bool
) -> None:
    """Abroad with a return booked: a return that keeps every rule OK needs no "way home"
    notice (a limit within the margin is still told, as at home); one that is too late gets
    one, in the banner's words."""
    sent = _sent(window)
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, date(2025, 1, 2), date(2025, 1, 31), "US", today=TODAY)
    back = TODAY + timedelta(days=days)
    services.trips.add(person, TODAY - timedelta(days=20), back, "US", today=TODAY)
    window.switch_person(person)
    if not sent_one:
        assert all(title != "Borte: time to plan your way home" for title, _text in sent)
        return
    assert len(sent) == 1
    title, text = sent[0]
    assert title == "Borte: time to plan your way home"
    banner = window.status_panel.banner.found
    assert banner is not None
    since, back_line = banner_sentences(banner)
    assert text == f"{back_line} {since}"
    assert f"Your booked return on {back.isoformat()} is too late for" in text


def test_no_notification_when_nothing_is_close(window: MainWindow, services: Services) -> None:
    sent = _sent(window)
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, date(2025, 3, 1), date(2025, 3, 5), "SE", today=TODAY)
    window.refresh()
    assert sent == []


def test_turned_off_in_settings(
    window: MainWindow, services: Services, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stored_notify(qsettings)  # on by default

    def fake_ask(parent: QWidget, *, initial: SettingsValues, data_dir: Path) -> SettingsValues:
        assert initial.notify
        from dataclasses import replace

        return replace(initial, notify=False)

    monkeypatch.setattr(SettingsDialog, "ask", fake_ask)
    window.acts.settings.trigger()
    assert not stored_notify(qsettings)
    sent = _sent(window)
    window.switch_person(_abroad(services))
    assert sent == []
    store_notify(qsettings, True)
    window.refresh()
    assert len(sent) == 1


def test_settings_dialog_has_the_switch(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(
        None, initial=SettingsValues("inclusive", 24, 14, notify=False), data_dir=tmp_path
    )
    qtbot.addWidget(dialog)
    assert not dialog.notify.isChecked()
    dialog.notify.setChecked(True)
    assert dialog.entered().notify


def test_notice_names_the_rule_at_home(services: Services) -> None:
    person = me(services)
    services.permits.add(person, PermitKind.WORK, date(2020, 1, 1), date(2030, 12, 31))
    services.people.set_key_dates(person, arrived_on=date(2020, 1, 1))
    services.trips.add(person, date(2025, 3, 10), date(2025, 5, 20), "DE", today=TODAY)
    found = assess(services.people.profile(person), TODAY, "inclusive")
    schengen = found.rule("schengen-90-180")
    assert schengen is not None
    left = schengen.result.days_left
    assert 0 < left <= 30
    assert limit_notice(found, left - 1, {"schengen-90-180"}) is None
    notice = limit_notice(found, left, {"schengen-90-180"})
    assert notice == (
        "Borte: a limit is close",
        f"{schengen.result.title}: only {left} days left.",
    )
    # Citizenship's year is over its limit already: named first when it is on screen.
    title, text = limit_notice(found, 0, {r.id for r in found.rules}) or ("", "")
    assert text == "Citizenship: residence time: no days left; you are at or over the limit."


def test_tray_sender_is_harmless_without_a_tray(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen
    tray_send(app_icon(), widget)("Title", "Text")  # nothing shown, nothing raised


def test_notifier_checks_the_day_every_half_hour(qtbot: QtBot, qsettings: QSettings) -> None:
    calls: list[int] = []
    notifier = LimitNotifier(qsettings, lambda t, x: None, lambda: calls.append(1))
    assert notifier.timer.isActive()
    assert notifier.timer.interval() == 30 * 60 * 1000
    notifier.timer.timeout.emit()
    assert calls == [1]
