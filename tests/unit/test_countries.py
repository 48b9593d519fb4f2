"""Country codes, names and Schengen membership from resources/countries.json."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.services import countries
from app.services.countries import (
    all_countries,
    country_name,
    destination_choices,
    is_known,
    is_schengen,
)
from app.services.resources import resource_path

# Members other than Norway, with the first day of full application.
SCHENGEN_SINCE = {
    "AT": date(1997, 12, 1),
    "BE": date(1995, 3, 26),
    "BG": date(2024, 3, 31),
    "CH": date(2008, 12, 12),
    "CZ": date(2007, 12, 21),
    "DE": date(1995, 3, 26),
    "DK": date(2001, 3, 25),
    "EE": date(2007, 12, 21),
    "ES": date(1995, 3, 26),
    "FI": date(2001, 3, 25),
    "FR": date(1995, 3, 26),
    "GR": date(2000, 3, 26),
    "HR": date(2023, 1, 1),
    "HU": date(2007, 12, 21),
    "IS": date(2001, 3, 25),
    "IT": date(1997, 10, 26),
    "LI": date(2011, 12, 19),
    "LT": date(2007, 12, 21),
    "LU": date(1995, 3, 26),
    "LV": date(2007, 12, 21),
    "MT": date(2007, 12, 21),
    "NL": date(1995, 3, 26),
    "PL": date(2007, 12, 21),
    "PT": date(1995, 3, 26),
    "RO": date(2024, 3, 31),
    "SE": date(2001, 3, 25),
    "SI": date(2007, 12, 21),
    "SK": date(2007, 12, 21),
}
# Inside the area without being separate members (see the note in countries.json).
INSIDE_THE_AREA = {"AX", "MC", "SM", "VA"}


def test_every_iso_code_is_there_once() -> None:
    codes = [code for code, _ in all_countries()]

    assert len(codes) == len(set(codes)) == 250  # 249 ISO 3166-1 codes, plus XK (Kosovo)
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in codes)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("SE", "Sweden"),
        ("se", "Sweden"),
        (" gb ", "United Kingdom"),
        ("SJ", "Svalbard and Jan Mayen"),
        ("NO", "Norway"),
        ("KR", "South Korea"),
        ("XK", "Kosovo"),
        ("CW", "Curaçao"),
        ("QQ", "QQ"),  # unknown: shown as given
    ],
)
def test_country_name(code: str, name: str) -> None:
    assert country_name(code) == name


def test_is_known_ignores_case_and_spaces() -> None:
    assert all(is_known(code) for code in ("de", " DE ", "sj"))
    assert not any(is_known(code) for code in ("XX", "", "DEU"))


@pytest.mark.parametrize(("code", "since"), sorted(SCHENGEN_SINCE.items()))
def test_schengen_members_count_from_the_day_they_joined(code: str, since: date) -> None:
    assert is_schengen(code, since)
    assert is_schengen(code.lower(), date(2030, 1, 1))
    assert not is_schengen(code, date.fromordinal(since.toordinal() - 1))


def test_the_list_of_places_inside_the_area_is_complete() -> None:
    inside = {code for code, _ in all_countries() if is_schengen(code, date(2030, 1, 1))}

    assert inside == set(SCHENGEN_SINCE) | INSIDE_THE_AREA


@pytest.mark.parametrize("code", ["NO", "SJ", "CY", "IE", "GB", "GL", "FO", "XX"])
def test_never_schengen(code: str) -> None:
    assert not is_schengen(code, date(2030, 1, 1))


def test_croatia_bulgaria_and_romania_joined_recently() -> None:
    assert not is_schengen("HR", date(2022, 12, 31))
    assert is_schengen("HR", date(2023, 1, 1))
    assert not is_schengen("BG", date(2024, 3, 30))
    assert is_schengen("RO", date(2024, 3, 31))


def test_all_countries_is_sorted_by_name_ignoring_accents() -> None:
    names = [name for _, name in all_countries()]

    assert names.index("Åland Islands") < names.index("Albania")
    assert names[-1] == "Zimbabwe"


def test_destination_choices_leave_out_norway() -> None:
    choices = destination_choices()

    assert ("NO", "Norway") not in choices
    assert ("SJ", "Svalbard and Jan Mayen") in choices
    assert len(choices) == len(all_countries()) - 1


def test_the_data_file_is_well_formed() -> None:
    raw = json.loads(resource_path("countries.json").read_text(encoding="utf-8"))

    for entry in raw["countries"]:
        assert set(entry) <= {"code", "name", "schengen_since"}
        assert entry["name"].strip() == entry["name"] != ""
    assert "schengen_since" not in next(e for e in raw["countries"] if e["code"] == "NO")


def test_the_data_is_loaded_once() -> None:
    countries._countries.cache_clear()
    country_name("SE")
    is_known("DE")
    is_schengen("FR", date(2020, 1, 1))

    assert countries._countries.cache_info().misses == 1
