"""The map page in a real browser: paint, tooltip, click-select, filters, legend, offline."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import MUNI, map_box, map_version, screenshot, wait_for_map, wait_idle, wait_repaint

pytestmark = pytest.mark.e2e


def _sidebar_select(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSidebar']").get_by_label(
        label, exact=True
    )  # not "Help for …"
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
    expect(map_box(page)).to_be_in_viewport()
    screenshot(page, "map_1280x720")


def test_geometry_comes_once_from_a_static_file(page):
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    geo = [u for u in page.requests_seen if re.search(r"/app/static/gen/geo-2019-\w+\.json$", u)]
    module = [u for u in page.requests_seen if re.search(r"/app/static/gen/mapwidget-\w+\.js$", u)]
    assert len(geo) == 1 and len(module) == 1
    before = map_version(page)
    _sidebar_select(page, "Indeling in klassen", "Gelijke intervallen")
    wait_repaint(page, before)
    assert len([u for u in page.requests_seen if "/gen/geo-" in u]) == 1, "no second download"


def test_the_legend_is_styled_by_one_stylesheet_linked_once(page):
    """The app's CSS is a static file linked by the page's first element, not a style block
    re-sent with every rerun: the legend's swatches still show, after a rerun too."""
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    swatch = page.locator(".rd-lg-sw").first
    expect(swatch).to_be_visible()
    assert swatch.bounding_box()["width"] >= 10, "a colour swatch, not an empty span"
    before = map_version(page)
    _sidebar_select(page, "Indeling in klassen", "Gelijke intervallen")
    wait_repaint(page, before)
    expect(page.locator("link[data-rd-css]")).to_have_count(1)
    assert page.locator(".rd-lg-sw").first.bounding_box()["width"] >= 10
    css = [u for u in page.requests_seen if re.search(r"/app/static/gen/app-\w+\.css$", u)]
    assert len(css) == 1, "the stylesheet is fetched once"


def test_2025_borders_paint_285(page):
    page.goto(page.base_url + "/?grenzen=2025")
    frame = wait_for_map(page, 285)
    assert frame.locator(MUNI).count() == 285


def test_tooltip_shows_name_value_rank_year_and_status(page):
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    box.locator(MUNI).nth(150).hover(force=True)
    tip = box.locator(".leaflet-tooltip").first
    expect(tip).to_be_visible()
    text = tip.inner_text()
    assert "Waarde" in text and "%" in text, "value with its unit"
    assert re.search(r"Rang: \d+ / 300 in Vlaanderen", text)
    assert re.search(r"2015 · proxy", text), "year and status of the layer"


def test_filtered_tooltips_rank_within_the_selection_and_in_flanders(page):
    page.goto(page.base_url + "/?prov=Limburg")
    box = wait_for_map(page, 300)
    grey = box.locator("path.leaflet-interactive[fill='url(#rd-hatch)']")
    coloured = box.locator("path.leaflet-interactive:not([fill='url(#rd-hatch)'])")
    expect(grey).not_to_have_count(0)
    coloured.first.hover(force=True)
    text = box.locator(".leaflet-tooltip").first.inner_text()
    assert re.search(r"\d+ / \d+ binnen de selectie\s+\d+ / 300 in Vlaanderen", text)


def test_click_selects_municipality(page):
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    target = box.locator(MUNI).nth(120)
    target.click(force=True)
    nis = page.get_by_test_id("stMarkdown").locator("[data-testid='rd-selected-nis']")
    expect(nis.first).to_have_text(re.compile(r"^\d{5}$"), timeout=20_000)
    code = nis.first.inner_text()
    page.wait_for_url(re.compile(f"gemeente={code}"), timeout=10_000)
    # the clicked polygon is outlined (and drawn on top)
    expect(box.locator(f"{MUNI}[stroke='#111111']")).to_have_count(1)
    # the selection survives a change of indicator
    _sidebar_select(page, "Indicator", "Open ruimte (aandeel oppervlakte)")
    wait_for_map(page, 300)
    expect(page.locator("[data-testid='rd-selected-nis']").first).to_have_text(code)


def test_type_filter_greys_the_others(page):
    page.goto(page.base_url + "/?type=centrumstad")
    box = wait_for_map(page, 300)
    expect(box.locator("path.leaflet-interactive[fill='url(#rd-hatch)']")).to_have_count(300 - 13)
    legend = page.locator(".rd-legend").first.inner_text()
    assert "buiten filter" in legend


def _fills(box) -> list[str]:
    return box.locator(MUNI).evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")


def _wait_zoomed(polygon, width: float, timeout: float = 10) -> None:
    """Poll until the polygon is drawn larger (zoomed in) and has stopped growing."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        now = polygon.bounding_box()["width"]
        if now > 1.2 * width and now == last:
            return
        last = now
        time.sleep(0.1)
    raise AssertionError("the map did not zoom in")


def test_scheme_change_repaints_in_place_and_keeps_the_zoom(page):
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    box.evaluate("el => el.setAttribute('data-test-mounted', 'first')")
    zoom_in = box.locator(".leaflet-control-zoom-in")
    polygon = box.locator(MUNI).nth(150)
    width = polygon.bounding_box()["width"]
    zoom_in.click()
    _wait_zoomed(polygon, width)
    zoomed = polygon.bounding_box()
    before_fills, before = _fills(box), map_version(page)
    _sidebar_select(page, "Indeling in klassen", "Gelijke intervallen")
    wait_repaint(page, before)
    assert _fills(box) != before_fills, "new colours"
    expect(page.locator("[data-test-mounted='first']")).to_have_count(1)  # same DOM node
    after = polygon.bounding_box()
    assert abs(after["width"] - zoomed["width"]) < 1 and abs(after["x"] - zoomed["x"]) < 1


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
    page.get_by_text(re.compile(r"^Rangschikking \(300\)")).click()  # built when opened
    with page.expect_download() as dl:
        page.get_by_role("button", name="CSV (; en decimale komma)").click()
    csv_text = dl.value.path().read_text(encoding="utf-8-sig")
    assert "Antwerpen" in csv_text and "Bron:" in csv_text and ";" in csv_text
    page.locator("summary").filter(has_text="Kaart exporteren").first.click()  # opened on demand
    with page.expect_download() as dl:
        page.get_by_role("button", name="Kaart als HTML (werkt offline)").click()
    html_text = dl.value.path().read_text(encoding="utf-8")
    assert "Statbel" in html_text and "<script src=" not in html_text
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Drukkaart PNG").click()
    assert dl.value.path().read_bytes().startswith(b"\x89PNG")
