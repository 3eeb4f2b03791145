"""The app's own "ready" stamp (ruraldash.ui.ready): what the browser tests wait for."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import ready_stamp, wait_for_map, wait_idle, wait_rerun

pytestmark = pytest.mark.e2e


def test_the_stamp_names_the_page_and_advances_with_every_run(page):
    page.goto(page.base_url + "/?presentatie=1&stap=1")
    wait_for_map(page, 300)
    wait_idle(page)
    html = page.locator("html")
    expect(html).to_have_attribute("data-rd-page", "kaart")
    first = ready_stamp(page)
    assert first.isdigit()
    page.keyboard.press("PageDown")
    second = wait_rerun(page, first)
    assert int(second) > int(first)
    # when the stamp says ready, the step the key asked for is already on screen
    assert re.match(r"^Facet 2:", page.locator(".rd-step-heading").first.inner_text())
    page.goto(page.base_url + "/bronnen")
    expect(html).to_have_attribute("data-rd-page", "bronnen", timeout=60_000)
