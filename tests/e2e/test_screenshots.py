"""Screenshots of every page at the two screens the app is used on (`make screenshots`).

Each shot is a test: the page must show its content without an error box before it is saved in
``artifacts/screenshots/`` (ignored by git), so a broken page never yields a pretty picture.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ruraldash.ui.navigation import PAGES
from tests.e2e.conftest import screenshot, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.screenshots]

SCREENS = {"1080p": (1920, 1080), "720p": (1280, 720)}
VIEWS = [(spec.slug, "") for spec in PAGES] + [
    ("profiel", "gemeente=32003"),  # Diksmuide
    ("profiel", "gemeente=73028"),  # Herstappe
    ("kaart", "presentatie=1&stap=1"),
]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("slug", "query"), VIEWS, ids=lambda v: v or "plain")
def test_page_renders_without_errors_and_is_captured(browser, server, screen, slug, query):
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{server}/{slug}" + (f"?{query}" if query else ""))
    # the app's ready stamp names the page the router ran (ruraldash.ui.ready)
    expect(page.locator("html")).to_have_attribute("data-rd-page", slug, timeout=90_000)
    if "presentatie=1" not in query:  # presentation mode hides the navigation
        # the app's own navigation (Dutch titles), not Streamlit's file list of a first deep link
        nav = page.get_by_role("link", name="Gemeenteprofiel")
        expect(nav).to_be_attached(timeout=90_000)
    wait_idle(page, timeout=90_000)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=90_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    name = (
        f"{slug}_{query.replace('=', '-').replace('&', '_')}_{screen}"
        if query
        else f"{slug}_{screen}"
    )
    assert screenshot(page, name).stat().st_size > 10_000
    context.close()
