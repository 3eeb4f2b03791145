"""The sidebar navigation keeps the view (issue 21): provinces, types and the municipality go along."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

TIELT = "37015"  # a rural municipality in West-Vlaanderen
LINK = f"/?type=platteland&prov=West-Vlaanderen&gemeente={TIELT}"


def test_moving_to_another_page_keeps_provinces_and_municipality(page):
    page.goto(page.base_url + LINK)
    wait_for_map(page, 300)
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Vergelijken").click()
    page.wait_for_url(re.compile("/vergelijken"), timeout=30_000)
    wait_idle(page)
    expect(page).to_have_url(re.compile("prov=West-Vlaanderen"), timeout=30_000)
    expect(page).to_have_url(re.compile(f"gemeente={TIELT}"))
    expect(page).to_have_url(re.compile("type=platteland"))
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("West-Vlaanderen", exact=True)).to_be_visible()
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Kaart").click()
    wait_idle(page)
    expect(page).to_have_url(re.compile("prov=West-Vlaanderen"), timeout=30_000)
    expect(page).to_have_url(re.compile(f"gemeente={TIELT}"))
