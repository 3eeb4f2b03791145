"""From a map click to the municipality's profile with its peers listed."""

from __future__ import annotations

import re

from .conftest import MUNI, screenshot, wait_for_map


def test_click_on_map_opens_profile_with_peers(page):
    page.goto(page.base_url + "/")
    frame = wait_for_map(page, 300)
    frame.locator(MUNI).nth(60).click(force=True)
    nis = page.locator("[data-testid='rd-selected-nis']").first
    nis.wait_for(timeout=20_000)
    code = nis.inner_text()
    name = page.locator("[data-testid='rd-selected-nis']").first.evaluate(
        "el => el.closest('[data-testid=\"stMarkdownContainer\"]').innerText.split('\\n')[0]"
    )
    page.get_by_role("button", name="Open het gemeenteprofiel").click()
    page.wait_for_url(re.compile(r"/profiel"), timeout=20_000)
    shown = page.locator("[data-testid='rd-profile-nis']").first
    shown.wait_for(timeout=30_000)
    assert shown.inner_text() == code
    assert name in page.locator("[data-testid='rd-profile-name']").first.inner_text()
    peers = page.locator("[data-testid='rd-peers']").first
    peers.wait_for(timeout=30_000)
    assert len(peers.inner_text().split(",")) >= 3  # default: the 10 most similar
    wait_for_map(page)  # the locator map
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    screenshot(page, "profile_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)
    screenshot(page, "profile_1280x720")
