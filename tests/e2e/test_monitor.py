"""The Monitor page in a real browser: the map of change paints (both hues around the centre), the
index chart draws its lines, and both stay legible at 1280×720."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import MUNI, fills, map_box, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e


def _open(page, query: str = "") -> None:
    """Open the page by its link ("/" first, as the other page tests do: see test_orf)."""
    page.goto(page.base_url + "/")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Monitor").first.wait_for()
    page.goto(page.base_url + "/monitor" + query)


def test_change_map_and_index_chart_paint(page):
    _open(page, "?monitor=built_share&basis=2000&tot=2015&centrum=flanders&gemeente=44034")
    box = wait_for_map(page, 300, timeout=90_000)
    expect(box.locator(MUNI)).to_have_count(300)
    painted = set(fills(page))
    assert len(painted) >= 5  # six diverging classes around Flanders' change (no white holes)
    legend = page.locator(".rd-legend").first
    expect(legend).to_contain_text("Verandering 2000–2015 (procentpunt)", timeout=30_000)
    chart = page.locator(".js-plotly-plot").filter(has_text="Index (2000 = 100)")
    expect(chart).to_be_visible(timeout=60_000)
    expect(chart.locator(".scatterlayer .trace")).not_to_have_count(0)
    expect(chart).to_contain_text("Lochristi")
    expect(chart).to_contain_text("Vlaanderen")
    chart.scroll_into_view_if_needed()
    screenshot(page, "monitor_index_1920x1080")
    map_box(page).scroll_into_view_if_needed()
    screenshot(page, "monitor_map_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)
    map_box(page).scroll_into_view_if_needed()
    expect(map_box(page)).to_be_in_viewport()
    screenshot(page, "monitor_map_1280x720")
