"""Manual class breaks in the browser: a link's breaks of 1000 and more survive the field and the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import wait_for_map

pytestmark = pytest.mark.e2e

LINK = "/?schema=manual&breaks=1000,2000,3000"


def _breaks_field(page, label: str):
    return page.get_by_role("textbox", name=label)


def test_dutch_breaks_of_a_thousand_keep_their_value(page):
    page.goto(page.base_url + LINK)
    wait_for_map(page, 300, timeout=60_000)
    field = _breaks_field(page, "Eigen klassengrenzen (gescheiden door ;)")
    expect(field).to_have_value("1.000; 2.000; 3.000", timeout=30_000)
    # the run that showed the field read it back: the legend and the link keep the same breaks
    expect(page.locator(".rd-legend").first).to_contain_text("2.000", timeout=30_000)
    expect(page.locator(".rd-legend").first).to_contain_text("3.000", timeout=30_000)
    assert re.search(r"breaks=1000(%2C|,)2000(%2C|,)3000", page.url), page.url


def test_english_breaks_accept_the_thousands_comma(page):
    page.goto(page.base_url + LINK + "&taal=en")
    wait_for_map(page, 300, timeout=60_000)
    field = _breaks_field(page, "Own class breaks (separated by ;)")
    expect(field).to_have_value("1,000; 2,000; 3,000", timeout=30_000)
    field.fill("1,000; 2,500; 4,000")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"breaks=1000(%2C|,)2500(%2C|,)4000"), timeout=30_000)
    expect(page.locator(".rd-legend").first).to_contain_text("2,500", timeout=30_000)
