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


def _download(page, name: str) -> bytes:
    button = page.get_by_role("button", name=name, exact=True).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as dl:
        button.click()
    return dl.value.path().read_bytes()


def test_monitor_table_and_report_download(page):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    _open(page, "?monitor=built_ha&basis=2010&tot=2015&gemeente=73109")
    wait_for_map(page, 300, timeout=90_000)
    book = load_workbook(io.BytesIO(_download(page, "Excel (XLSX)")))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[2]]  # row 1 is the title
    assert {"niveau 2010", "niveau 2015", "per jaar (%)", "bron", "typologie"} <= set(header)
    assert len(book.worksheets) == 2  # the metadata sheet
    deck = Presentation(
        io.BytesIO(_download(page, "Monitoringrapport (PowerPoint, één dia per facet)"))
    )
    slides = list(deck.slides)
    assert len(slides) == 5
    first = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "2010 → 2015" in first and "Bron:" in first and "ha per dag" in first
