"""The Openruimtefonds page in a real browser: the key map, the excluded centrumsteden, screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ruraldash.features.orf.view import ZERO_COLOUR

from .conftest import MUNI, map_box, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

ZERO = f"path.leaflet-interactive[fill='{ZERO_COLOUR}']"


def _open(page, query: str = "") -> None:
    """Open the page by its link. "/" first: until app.py has run once in the server process,
    Streamlit treats the ``pages/`` folder as a v1 multipage app and runs a page link without
    app.py (no st.navigation, no wide layout) - an app-level quirk, not this page's."""
    page.goto(page.base_url + "/")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Openruimtefonds").wait_for()
    page.goto(page.base_url + "/openruimtefonds" + query)


def _show(page, view: str) -> None:
    """Pick what the map shows ("De kaart toont")."""
    group = page.locator("[data-testid='stRadio']").filter(has_text="De kaart toont")
    group.get_by_text(view, exact=True).click()
    wait_idle(page)


def test_key_map_paints_300_and_the_13_centrumsteden_in_the_zero_colour(page):
    _open(page)
    wait_for_map(page, 300)
    _show(page, "Verdeelsleutel")
    legend = page.locator(".rd-legend").first
    legend.filter(has_text="Aandeel in de verdeelsleutel").wait_for(timeout=20_000)
    frame = wait_for_map(page, 300)
    assert frame.locator(MUNI).count() == 300
    expect(frame.locator(ZERO)).to_have_count(13)
    text = legend.inner_text()
    assert "Centrumstad: 0" in text and "13 gemeenten" in text
    title = page.locator("h2").filter(has_text="verdeelsleutel").inner_text()
    assert "Indicatief, vóór plafonds" in title
    screenshot(page, "orf_key_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    map_box(page).scroll_into_view_if_needed()
    expect(map_box(page)).to_be_in_viewport()
    screenshot(page, "orf_key_1280x720")


def test_2025_borders_paint_285_with_hasselt_kortessem_excluded(page):
    _open(page, "?grenzen=2025&budget=150000000")
    frame = wait_for_map(page, 285)
    expect(frame.locator(ZERO)).to_have_count(13)
    distributed = page.locator("[data-testid='stMetric']").first.inner_text()
    assert "150.000.000" in distributed  # the budget from the link


def test_filtered_difference_map_for_rural_west_flanders(page):
    """The adviser's briefing: arriving with the map's filter, the difference map greys the rest,
    its legend has no empty classes, and the totals answer "what do the 39 get under A and B"."""
    _open(page, "?type=platteland&prov=West-Vlaanderen&kaartbeeld=diff")
    wait_for_map(page, 300)
    legend = page.locator(".rd-legend").first
    expect(legend).to_contain_text("261", timeout=30_000)  # outside the selection, grey
    rows = legend.inner_text().replace("\u00a0", " ")
    assert " 0 gemeenten" not in rows and "−" not in rows.split("\n", 2)[-1]
    summary = page.get_by_text("39 gemeenten krijgen in scenario A").first
    expect(summary).to_be_visible(timeout=30_000)
    text = summary.inner_text().replace("\u00a0", " ")
    assert "24.608.899 euro" in text and "37.571.447 euro" in text
    screenshot(page, "orf_wvl_diff_1920x1080")
