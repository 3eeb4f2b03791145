"""The profile page in a real browser: from a map click to the profile, search and neighbours,
and the one-page briefing PDF."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import MUNI, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e


def _sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def test_click_on_map_opens_profile_with_peers(page):
    page.goto(page.base_url + "/")
    frame = wait_for_map(page, 300)
    frame.locator(MUNI).nth(60).click(force=True)
    nis = page.locator("[data-testid='rd-selected-nis']").first
    nis.wait_for(timeout=20_000)
    code = nis.inner_text()
    name = nis.evaluate(
        "el => el.closest('[data-testid=\"stMarkdownContainer\"]').innerText.split('\\n')[0]"
    )
    page.get_by_role("button", name="Open het gemeenteprofiel").click()
    page.wait_for_url(re.compile(r"/profiel"), timeout=20_000)
    shown = page.locator("[data-testid='rd-profile-nis']").first
    shown.wait_for(timeout=30_000)
    assert shown.inner_text() == code
    assert page.locator("[data-testid='rd-profile-name']").first.inner_text() == name
    peers = page.locator("[data-testid='rd-peers']").first
    # default: the 10 most similar, one line each (waits: the list may still be drawing)
    expect(peers.locator("li")).to_have_count(10, timeout=30_000)
    expect(page.get_by_text("Vergelijkbare gemeenten (10)")).to_have_count(1)
    locator = page.locator(".rd-locator svg path")  # the static locator: grey, peers, selected
    expect(locator.last).to_have_attribute("fill", "#08306b")
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    wait_idle(page)
    screenshot(page, "profile_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(page.locator("[data-testid='rd-profile-name']").first).to_be_visible()
    screenshot(page, "profile_1280x720")


def test_search_then_neighbours_lists_a_real_neighbour(page):
    page.goto(page.base_url + "/profiel")
    page.get_by_text("Kies een gemeente").first.wait_for(timeout=30_000)
    page.get_by_label("Zoek een gemeente").click()
    page.keyboard.type("Lier")
    page.get_by_role("option", name="Lier (12021)").click()
    page.locator("[data-testid='rd-profile-nis']").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='rd-profile-name']").first.inner_text() == "Lier"
    _sidebar(page).get_by_text("Buurgemeenten (gedeelde grens)").click()
    page.wait_for_url(re.compile(r"methode=neighbours"), timeout=20_000)
    wait_idle(page)
    peers = page.locator("[data-testid='rd-peers']").first.inner_text()
    names = [line.split(":")[0] for line in peers.splitlines()]  # "Nijlen: 8 km, 23.747 inw."
    assert "Nijlen" in names  # Lier 12021 borders Nijlen 12026
    assert "Mechelen" not in peers


def test_briefing_pdf_downloads(page):
    page.goto(page.base_url + "/profiel?gemeente=12021&methode=neighbours")
    page.locator("[data-testid='rd-profile-nis']").first.wait_for(timeout=30_000)
    make = page.get_by_role("button", name="Briefing (PDF, 1 pagina) maken")
    make.scroll_into_view_if_needed()
    make.click()
    ready = page.get_by_role("button", name="Briefing downloaden (PDF)")
    ready.wait_for(timeout=60_000)
    with page.expect_download() as info:
        ready.click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1
    assert info.value.suggested_filename.startswith("ruraldash_briefing_lier_12021")


@pytest.mark.parametrize("width,height", [(1366, 768), (1440, 900)])
def test_profile_tables_show_every_column_on_laptop_screens(browser, server, width, height):
    """Voeren's indicator tables: all ten columns inside the page (no sideways scrolling)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server + "/")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Gemeenteprofiel").wait_for()
    page.goto(server + "/profiel?gemeente=73109")
    page.locator("[data-testid='rd-profile-nis']").first.wait_for(timeout=60_000)
    grids = page.locator("[data-testid='stDataFrame']")
    expect(grids.first).to_be_visible(timeout=60_000)
    wait_idle(page, 60_000)
    grids.first.scroll_into_view_if_needed()
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] .dvn-scroller')]"
        ".map(s => s.scrollWidth - s.clientWidth)"
    )
    assert overflow and max(overflow) <= 1, overflow
    screenshot(page, f"profile_tables_{width}x{height}")
    context.close()
