"""The map page in a real browser: paint, tooltip, click-select, filters, legend, offline."""

from __future__ import annotations

import re

import pytest

from .conftest import MUNI, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e


def _sidebar_select(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSidebar']").get_by_label(label)
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type(option[:12])  # Streamlit's selectbox filters on typing
    page.get_by_role("option", name=option).first.click()
    wait_idle(page)


def test_map_paints_300_municipalities_without_leaving_localhost(page):
    page.goto(page.base_url + "/")
    frame = wait_for_map(page, 300)
    assert frame.locator(MUNI).count() == 300
    outside = [
        u
        for u in page.requests_seen
        if not re.match(r"^(http://127\.0\.0\.1|data:|blob:|about:)", u)
    ]
    assert outside == [], f"requests left localhost: {outside[:5]}"
    screenshot(page, "map_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)
    screenshot(page, "map_1280x720")


def test_2025_borders_paint_285(page):
    page.goto(page.base_url + "/?grenzen=2025")
    frame = wait_for_map(page, 285)
    assert frame.locator(MUNI).count() == 285


def test_tooltip_shows_a_name(page):
    page.goto(page.base_url + "/")
    frame = wait_for_map(page, 300)
    frame.locator(MUNI).nth(150).hover(force=True)
    tip = frame.locator(".leaflet-tooltip")
    tip.first.wait_for(timeout=10_000)
    text = tip.first.inner_text()
    assert "Gemeente" in text and "Waarde" in text


def test_click_selects_municipality(page):
    page.goto(page.base_url + "/")
    frame = wait_for_map(page, 300)
    target = frame.locator(MUNI).nth(120)
    target.click(force=True)
    nis = page.get_by_test_id("stMarkdown").locator("[data-testid='rd-selected-nis']")
    nis.first.wait_for(timeout=20_000)
    code = nis.first.inner_text()
    assert re.fullmatch(r"\d{5}", code)
    page.wait_for_url(re.compile(f"gemeente={code}"), timeout=10_000)
    # the selection survives a change of indicator
    _sidebar_select(page, "Indicator", "Open ruimte (aandeel oppervlakte)")
    wait_for_map(page, 300)
    assert page.locator("[data-testid='rd-selected-nis']").first.inner_text() == code


def test_type_filter_greys_the_others(page):
    page.goto(page.base_url + "/?type=centrumstad")
    frame = wait_for_map(page, 300)
    grey = frame.locator("path.leaflet-interactive[fill='#969696']")
    deadline = 50
    while grey.count() == 0 and deadline:
        page.wait_for_timeout(200)
        deadline -= 1
    assert grey.count() == 300 - 13
    legend = page.locator(".rd-legend").first.inner_text()
    assert "buiten filter" in legend


def test_scheme_change_changes_legend(page):
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    before = page.locator(".rd-legend").first.inner_text()
    _sidebar_select(page, "Indeling in klassen", "Gelijke intervallen")
    wait_for_map(page, 300)
    after = page.locator(".rd-legend").first.inner_text()
    assert before != after
    assert "schema=equal_interval" in page.url


def test_map_exports_open_with_name_and_source(page):
    page.goto(page.base_url + "/?gemeente=11002")
    wait_for_map(page, 300)
    with page.expect_download() as dl:
        page.get_by_role("button", name="CSV (; en decimale komma)").click()
    csv_text = dl.value.path().read_text(encoding="utf-8-sig")
    assert "Antwerpen" in csv_text and "Bron:" in csv_text and ";" in csv_text
    with page.expect_download() as dl:
        page.get_by_role("button", name="Kaart als HTML (werkt offline)").click()
    html_text = dl.value.path().read_text(encoding="utf-8")
    assert "Statbel" in html_text and "<script src=" not in html_text
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Drukkaart PNG").click()
    assert dl.value.path().read_bytes().startswith(b"\x89PNG")
