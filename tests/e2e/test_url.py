"""Shareable links: a link restores the whole view; a tampered link shows defaults and a notice."""

from __future__ import annotations

import re

import pytest

from .conftest import wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

GINGELOM = "71017"  # rural municipality in Limburg, unmerged in 2025
LINK = (
    "/?laag=services&ind=survey_shops&type=platteland&prov=Limburg&grenzen=2025"
    f"&schema=equal_interval&k=4&gemeente={GINGELOM}"
)


def _widget(page, testid: str, label: str):
    return page.locator(f"[data-testid='stSidebar'] [data-testid='{testid}']").filter(
        has_text=label
    )


def _choice(page, label: str) -> str:
    """The option a sidebar selectbox shows."""
    box = page.locator("[data-testid='stSidebar']").get_by_role("combobox", name=label, exact=True)
    return box.input_value()


def _legend_classes(page) -> int:
    rows = page.locator(".rd-legend tr").all_inner_texts()
    return sum(1 for r in rows if re.search(r"\d\s*–\s*[−-]?\d", r))


def test_a_link_restores_the_view(page):
    page.goto(page.base_url + LINK)
    wait_for_map(page, 285)
    wait_idle(page)
    assert _choice(page, "Thema") == "Bereikbaarheid van voorzieningen"
    assert _choice(page, "Indicator").startswith("Voldoende winkels")
    assert _choice(page, "Indeling in klassen") == "Gelijke intervallen"
    assert "Plattelandsgemeente" in _widget(page, "stMultiSelect", "Type gemeente").inner_text()
    assert "Limburg" in _widget(page, "stMultiSelect", "Provincie").inner_text()
    assert page.get_by_role("radio", name=re.compile("2025")).is_checked()
    slider = _widget(page, "stSlider", "Aantal klassen").locator("input[type='range']")
    assert slider.input_value() == "4"
    assert _legend_classes(page) == 4
    assert page.locator("[data-testid='rd-selected-nis']").first.inner_text() == GINGELOM
    assert "Gingelom" in page.locator("[data-testid='stMain']").inner_text()
    # the URL still carries the whole view
    for part in ("ind=survey_shops", "grenzen=2025", "k=4", f"gemeente={GINGELOM}"):
        assert part in page.url


def test_a_tampered_link_shows_defaults_and_a_notice(page):
    page.goto(page.base_url + "/?ind=bogus&k=42&gemeente=%3Cscript%3E")
    wait_for_map(page, 300)
    alert = page.get_by_text(re.compile("niet begrepen en genegeerd")).first
    alert.wait_for(timeout=15_000)  # stays on the page (not a toast that vanishes)
    notice = alert.inner_text()
    assert "niet begrepen" in notice
    assert all(name in notice for name in ("ind", "k", "gemeente"))
    assert page.locator("[data-testid='stException']").count() == 0
    wait_idle(page)
    assert _legend_classes(page) == 5, "default number of classes"
    assert _choice(page, "Indicator").startswith("Bebouwde percelen")
    assert page.locator("[data-testid='rd-selected-nis']").count() == 0
    assert "bogus" not in page.url and "script" not in page.url
