"""Compare and index pages in a real browser: the bivariate map, its legend, click-select, index map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import MUNI, map_box, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e


def _local_only(page) -> list[str]:
    pattern = r"^(http://127\.0\.0\.1|data:|blob:|about:)"
    return [u for u in page.requests_seen if not re.match(pattern, u)]


def _shots(page, name: str) -> None:
    screenshot(page, f"{name}_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(map_box(page)).to_be_visible()
    screenshot(page, f"{name}_1280x720")


def test_bivariate_map_paints_300_with_a_nine_cell_legend(page):
    page.goto(page.base_url + "/vergelijken")
    frame = wait_for_map(page, 300)
    assert frame.locator(MUNI).count() == 300
    cells = page.locator(".rd-bv-legend .rd-bv-swatch")
    assert cells.count() == 9
    assert sum(int(c.inner_text()) for c in cells.all()) == 300  # every municipality has both
    assert _local_only(page) == []
    page.get_by_text("Zo lees je de kaart").first.scroll_into_view_if_needed()
    _shots(page, "compare")


def test_a_click_on_a_scatter_point_selects_that_municipality(page):
    page.goto(page.base_url + "/vergelijken")
    wait_for_map(page, 300)
    point = page.locator(".js-plotly-plot .scatterlayer .point").nth(40)
    point.scroll_into_view_if_needed()
    point.click(force=True)
    chosen = page.locator("[data-testid='rd-cmp-selected']").first
    chosen.wait_for(timeout=20_000)
    assert chosen.inner_text().strip()
    page.wait_for_url(re.compile(r"gemeente=\d{5}"), timeout=10_000)


def test_a_click_on_the_bivariate_map_selects_that_municipality(page):
    page.goto(page.base_url + "/vergelijken")
    box = wait_for_map(page, 300)
    box.scroll_into_view_if_needed()
    box.locator(MUNI).nth(80).click(force=True)
    page.wait_for_url(re.compile(r"gemeente=\d{5}"), timeout=20_000)
    expect(box.locator(f"{MUNI}[stroke='#111111']")).to_have_count(1)


def test_index_map_paints_300_and_is_labelled_a_model(page):
    page.goto(page.base_url + "/index")
    frame = wait_for_map(page, 300)
    assert frame.locator(MUNI).count() == 300
    assert page.locator(".rd-badge", has_text="model").first.is_visible()
    assert (
        "een model, geen officiële maat" in page.locator("[data-testid='rd-ix-model']").inner_text()
    )
    wait_idle(page)
    assert "inds=" in page.url and "gewichten=" in page.url
    _shots(page, "index")
