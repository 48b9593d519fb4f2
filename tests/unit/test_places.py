"""Points and airports to countries, offline: the border with Sweden and Russia, and Svalbard.

These pin why `tzfpy` was chosen: a nearest-town geocoder puts Riksgränsen, Storlien and
Bjørnøya in the wrong country (measured with reverse-geocode 1.6).
"""

from __future__ import annotations

import pytest

from app.services.importing import places


@pytest.mark.parametrize(
    ("latitude", "longitude", "country"),
    [
        (59.9139, 10.7522, "NO"),  # Oslo
        (59.955, 12.213, "NO"),  # Magnor, 3 km from the border
        (59.940, 12.260, "NO"),  # Morokulien, the Norwegian side
        (59.940, 12.270, "SE"),  # … and the Swedish side, 600 m east
        (59.884, 12.293, "SE"),  # Charlottenberg
        (68.426, 18.127, "SE"),  # Riksgränsen (a nearest-town lookup says Norway)
        (68.440, 18.070, "NO"),  # Bjørnfjell
        (63.316, 12.100, "SE"),  # Storlien (a nearest-town lookup says Meråker, Norway)
        (69.727, 30.045, "NO"),  # Kirkenes
        (69.410, 30.220, "RU"),  # Nikel
        (78.2232, 15.6267, "SJ"),  # Longyearbyen: Svalbard, abroad (rules.md §0.5)
        (74.43, 19.05, "SJ"),  # Bjørnøya
        (59.3, 10.6, "NO"),  # the Oslofjord: territorial waters are Norway
        (57.0, 3.0, None),  # the North Sea: no country
    ],
)
def test_a_point_gets_its_country(latitude: float, longitude: float, country: str | None) -> None:
    assert places.country_at(latitude, longitude) == country


def test_a_point_off_the_map_has_no_zone() -> None:
    assert places.zone_at(95.0, 10.0) == ""
    assert places.country_at(0.0, 200.0) is None


def test_airports_have_country_zone_and_place() -> None:
    oslo = places.airport("OSL")
    assert oslo is not None
    assert (oslo.country, oslo.zone, oslo.city) == ("NO", "Europe/Oslo", "Oslo")
    svalbard = places.airport("LYR")
    assert svalbard is not None
    assert places.country_of_zone(svalbard.zone) == "SJ"
    assert places.airport("osl") is None  # codes are written in capitals
    assert places.airport("ZZZ") is None
