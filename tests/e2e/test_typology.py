"""The municipality type in a real browser: the typology note on the map and the profile,
"Waarom platteland?", the 2025 mergers (Kortessem -> Hasselt) and believable "similar" peers."""

from __future__ import annotations

import re

import pytest

from ruraldash.core.config import settings
from ruraldash.domain.typology import load_atlas
from ruraldash.features.typenote import typology_note

from .conftest import screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(settings())


def _profile(page, query: str):
    page.goto(page.base_url + "/profiel?" + query)
    nis = page.locator("[data-testid='rd-profile-nis']").first
    nis.wait_for(timeout=40_000)
    wait_idle(page)
    return nis


def _comma(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def test_map_caption_carries_the_typology_note(page, atlas):
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    note = typology_note(atlas, "2019", "nl")
    assert "gekalibreerde benadering (139/148/13; officieel 140/147/13)" in note
    page.get_by_text(note, exact=True).first.wait_for(timeout=20_000)


@pytest.mark.parametrize(("nis", "shot"), [("73028", "herstappe"), ("32003", "diksmuide")])
def test_profile_says_why_rural_with_its_numbers(page, atlas, nis, shot):
    _profile(page, f"gemeente={nis}")
    why = page.locator("[data-testid='rd-why']").first
    text = why.inner_text()
    unit = atlas.units("2019").loc[nis]
    assert text.startswith("Waarom platteland?")
    assert f"{round(unit['density'])} inw./km², grens 350" in text
    rb = unit["ruimtebeslag_calibrated"]
    assert f"{_comma(rb, 1)} %, grens 30 %: {_comma(30 - rb, 1)} procentpunt onder de grens" in text
    assert page.get_by_text(typology_note(atlas, "2019", "nl"), exact=False).count() >= 1
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(1500)
    screenshot(page, f"profile_{shot}_1280x720")


def test_link_with_an_old_code_on_2025_borders_lands_on_hasselt(page):
    nis = _profile(page, "gemeente=73040&grenzen=2025")
    assert nis.inner_text() == "71072"
    page.get_by_text(
        "Kortessem (73040) is sinds 1 januari 2025 deel van Hasselt (71072)"
    ).first.wait_for(timeout=10_000)
    page.wait_for_url(re.compile(r"gemeente=71072"), timeout=20_000)  # the link is rewritten
    assert "grenzen=2025" in page.url


def test_search_finds_the_old_name_on_2025_borders(page):
    page.goto(page.base_url + "/profiel?grenzen=2025")
    page.get_by_text("Kies een gemeente").first.wait_for(timeout=30_000)
    page.get_by_label("Zoek een gemeente").click()
    page.keyboard.type("Kortessem")
    page.get_by_role("option", name="Kortessem (73040) → Hasselt (71072)").click()
    nis = page.locator("[data-testid='rd-profile-nis']").first
    nis.wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"gemeente=71072"), timeout=20_000)
    assert nis.inner_text() == "71072"
    page.get_by_text("Kortessem (73040) is sinds 1 januari 2025 deel van Hasselt").first.wait_for(
        timeout=10_000
    )


def test_kortessem_2019_shows_no_2025_only_value(page):
    _profile(page, "gemeente=73040")
    header = page.locator("[data-testid='rd-profile-nis']").first.evaluate(
        "el => el.closest('[data-testid=\"stMarkdownContainer\"]').innerText"
    )
    service = next(line for line in header.splitlines() if line.startswith("Uitrustingsgraad"))
    assert "geen gegevens" in service  # no class of its own on 2025 borders
    assert "a0 grote en regionale steden" not in header  # Hasselt's class, not Kortessem's
    peers = page.locator("[data-testid='rd-peers']").first.inner_text()
    assert "verschilscore 0,00" not in peers


def test_diksmuide_similar_peers_are_within_a_factor_ten(page, atlas):
    _profile(page, "gemeente=32003")
    items = page.locator("[data-testid='rd-peers'] li")
    assert items.count() == 10
    names = [items.nth(i).inner_text().split(":")[0] for i in range(10)]
    units, pop = atlas.units("2019"), atlas.wide("2019")["population_2020"]
    by_name = dict(zip(units["name"], units.index, strict=True))
    ratios = [pop[by_name[n]] / pop["32003"] for n in names]
    assert all(0.1 <= r <= 10 for r in ratios), dict(zip(names, ratios, strict=True))
    assert all("verschilt het meest in" in items.nth(i).inner_text() for i in range(10))
    page.get_by_text("op logaritmische schaal", exact=False).first.wait_for(timeout=5_000)
