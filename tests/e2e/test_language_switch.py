"""A language switch keeps every choice (issue 21): values are ids, never labels.

Before, the browser sent the old language's label of a select box on the next click after a
switch; it matched no option of the new language and the widget fell back to its first option (an
English slide came out as "Built parcels" instead of the chosen map).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

LINK = "/?laag=services&ind=survey_shops&schema=equal_interval&k=4"
CHOICES = {  # sidebar select box -> the option it must show, per language
    "nl": {
        "Thema": "Bereikbaarheid van voorzieningen",
        "Indicator": "Voldoende winkels voor dagelijkse boodschappen",
        "Indeling in klassen": "Gelijke intervallen",
    },
    "en": {
        "Theme": "Access to services",
        "Indicator": "Enough shops for daily groceries",
        "Classification": "Equal intervals",
    },
}
CONTRAST = {"nl": "Hoog contrast", "en": "High contrast"}


def _shows(page, label: str) -> str:
    sidebar = page.locator("[data-testid='stSidebar']")
    return sidebar.get_by_role("combobox", name=label, exact=True).input_value()


def _switch_then_click_something_else(page, lang: str) -> None:
    page.get_by_role("radio", name="English" if lang == "en" else "Nederlands").check(force=True)
    expect(page.get_by_text(CONTRAST[lang], exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.get_by_text(CONTRAST[lang], exact=True).click()  # unrelated to the map's choices
    wait_idle(page)
    page.get_by_text(CONTRAST[lang], exact=True).click()  # and back
    wait_idle(page)


def test_a_language_switch_both_ways_keeps_theme_indicator_and_classes(page):
    page.goto(page.base_url + LINK)
    wait_for_map(page, 300)
    wait_idle(page)
    for lang in ("en", "nl"):
        _switch_then_click_something_else(page, lang)
        for label, shown in CHOICES[lang].items():
            assert _shows(page, label) == shown, (lang, label)
        for part in ("ind=survey_shops", "schema=equal_interval", "k=4"):
            assert part in page.url, (lang, part)
    assert re.search(r"taal=en", page.url) is None  # back in Dutch (the default)


def test_english_stays_english_over_two_page_changes(page):
    """Walked: English on the map, then Profiel, then Openruimtefonds came up in Dutch."""
    page.goto(page.base_url + "/?start=0")
    wait_for_map(page, 300, timeout=90_000)
    page.get_by_text("English", exact=True).first.click()
    wait_idle(page)
    for link, heading in (
        ("Municipality profile", "Municipality profile"),
        ("Open Ruimtefonds", "Open Space Fund"),
        ("Compare", "Compare"),
    ):
        page.get_by_role("link", name=link).first.click()
        title = page.get_by_role("heading").filter(has_text=heading).first
        expect(title).to_be_visible(timeout=60_000)
        expect(page).to_have_url(re.compile(r"taal=en"), timeout=30_000)
        wait_idle(page)
    expect(page.get_by_role("link", name="Map", exact=True)).to_be_visible()
