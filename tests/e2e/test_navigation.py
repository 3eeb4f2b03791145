"""Navigation through app.py's router: Dutch slugs, deep links from the first request, no English 404.

A fresh server per module: the first request after a start must be a deep link, because that is
when Streamlit's legacy ``pages/`` mode is still on (see ``ruraldash.ui.navigation``). If an upgrade
of Streamlit breaks the hand-over, these tests fail loudly.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ruraldash.ui.navigation import PAGES
from tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fresh_server():
    proc, url = start_server()
    yield url
    stop_server(proc)


def test_a_deep_link_as_the_very_first_request_opens_that_page_in_the_app_frame(
    browser, fresh_server
):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{fresh_server}/profiel?gemeente=12021")
    expect(page.locator(".rd-profile-name, h1, h2").filter(has_text="Lier").first).to_be_visible(
        timeout=90_000
    )
    expect(page.locator("html")).to_have_attribute("data-rd-page", "profiel", timeout=90_000)
    # the app's Dutch titles in the navigation, not file names
    expect(page.get_by_role("link", name="Gemeenteprofiel")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^eigen[_ ]gegevens$"))).to_have_count(0)
    assert "/profiel" in page.url and "gemeente=12021" in page.url and "pagina=" not in page.url
    context.close()


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.slug)
def test_every_dutch_slug_opens_its_page_not_a_not_found_dialog(browser, fresh_server, spec):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{fresh_server}/{spec.slug}")
    # the app's ready stamp names the page the router ran (ruraldash.ui.ready)
    expect(page.locator("html")).to_have_attribute("data-rd-page", spec.slug, timeout=90_000)
    expect(page.get_by_role("main")).to_contain_text(_heading_text(spec.slug), timeout=90_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    context.close()


def _heading_text(slug: str) -> str:
    """A text each page shows near its top (the map page: the default indicator's title)."""
    return {
        "kaart": "Bebouwde percelen",
        "profiel": "Gemeenteprofiel",
        "vergelijken": "Vergelijken",
        "index": "index",
        "openruimtefonds": "Openruimtefonds",
        "monitor": "Pactmonitor",
        "plattelandstoets": "Plattelandstoets",
        "notities": "notities",
        "eigen-gegevens": "Eigen gegevens",
        "bronnen": "Bronnen",
    }[slug]
