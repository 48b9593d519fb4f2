"""SettingsService: defaults, changes, validation, and tolerance of bad stored values."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.models.tables import Setting
from app.services.errors import ValidationError
from app.services.settings import SettingsService


@pytest.fixture
def settings(sessions: sessionmaker[Session]) -> SettingsService:
    return SettingsService(sessions)


def test_defaults(settings: SettingsService) -> None:
    assert settings.pr_waiting_months() == 24
    assert settings.convention() == "inclusive"


def test_changes_are_stored(sessions: sessionmaker[Session], settings: SettingsService) -> None:
    assert settings.set_pr_waiting_months(18) == 18
    assert settings.set_convention("whole_days") == "whole_days"
    settings.set_pr_waiting_months(60)

    fresh = SettingsService(sessions)
    assert fresh.pr_waiting_months() == 60
    assert fresh.convention() == "whole_days"


@pytest.mark.parametrize("months", [0, 61, -3])
def test_waiting_months_must_be_between_1_and_60(settings: SettingsService, months: int) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.set_pr_waiting_months(months)

    assert str(caught.value) == (
        f"The waiting time {months} months is out of range; choose between 1 and 60 months."
    )
    assert settings.pr_waiting_months() == 24


def test_convention_must_be_a_known_one(settings: SettingsService) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.set_convention("hours")

    assert str(caught.value) == (
        "'hours' is not a way of counting days Borte knows; use one of inclusive, whole_days, "
        "nights."
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [("pr_waiting_months", "soon"), ("pr_waiting_months", "999"), ("convention", "hours")],
)
def test_unreadable_stored_values_fall_back_to_the_default(
    sessions: sessionmaker[Session], settings: SettingsService, key: str, value: str
) -> None:
    with sessions.begin() as session:
        session.add(Setting(key=key, value=value))

    assert settings.pr_waiting_months() == 24
    assert settings.convention() == "inclusive"
