"""The map widget's own behaviour in a real browser: a failed file load is retried (and said in
Dutch when it fails twice), open tooltips follow a restyle, the view survives F5, and "Zoom naar
geselecteerde gemeente" zooms at once."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import MUNI, map_box, map_version, screenshot, wait_for_map, wait_idle, wait_repaint

pytestmark = pytest.mark.e2e

GEO_2025 = re.compile(r"/app/static/gen/geo-2025-\w+\.json")
VOEREN = "73109"


def _abort(page, times: int) -> list[str]:
    """Abort the next ``times`` requests for the 2025 geometry; return the URLs seen."""
    seen: list[str] = []

    def handle(route):
        seen.append(route.request.url)
        if len(seen) <= times:
            route.abort()
        else:
            route.continue_()

    page.route(GEO_2025, handle)
    return seen


def _borders(page, label: str) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(label, exact=True).first.click()


def _to_2025(page) -> None:
    _borders(page, "2025 (285 gemeenten)")


def test_a_geometry_load_that_fails_once_is_retried_and_the_map_paints(page):
    page.goto(page.base_url + "/")
    wait_for_map(page, 300, timeout=90_000)  # the first session after the start loads the atlas
    seen = _abort(page, 1)
    _to_2025(page)
    wait_for_map(page, 285, timeout=60_000)
    assert len(seen) == 2, "one aborted request, one retry"
    expect(page.get_by_role("alert").filter(has_text="niet geladen")).to_have_count(0)


def test_a_geometry_load_that_fails_twice_says_so_in_dutch(page):
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    seen = _abort(page, 2)
    _to_2025(page)
    message = page.get_by_role("alert").filter(has_text="De kaart kon niet geladen worden")
    expect(message).to_be_visible(timeout=60_000)
    screenshot(page, "map_load_failed_1920x1080")
    assert len(seen) == 2
    # the failed load was not kept: the next rerun tries again and paints
    _borders(page, "2019–2024 (300 gemeenten)")
    wait_idle(page)
    _to_2025(page)
    wait_for_map(page, 285, timeout=60_000)
    expect(message).to_have_count(0)


def test_an_open_tooltip_shows_the_new_value_after_a_restyle(page):
    page.goto(page.base_url + "/?presentatie=1&stap=1")
    box = wait_for_map(page, 300)
    box.locator(MUNI).nth(150).hover(force=True)
    tip = box.locator(".leaflet-tooltip").first
    expect(tip).to_be_visible()
    before, version = tip.inner_text(), map_version(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")  # the next facet, the mouse stays where it is
    wait_repaint(page, version, timeout=60_000)
    expect(tip).not_to_have_text(before, timeout=10_000)


def _zoom(page) -> float:
    """The width of one polygon: it grows when the map zooms in."""
    return map_box(page).locator(MUNI).nth(150).bounding_box()["width"]


def _grows(page, polygon, width: float, factor: float, timeout: float = 15_000) -> None:
    page.wait_for_function(
        "([el, w, f]) => el.getBoundingClientRect().width > w * f",
        arg=[polygon.element_handle(), width, factor],
        timeout=timeout,
    )


def test_the_zoom_survives_f5(page):
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    polygon = box.locator(MUNI).nth(150)
    width = _zoom(page)
    box.locator(".leaflet-control-zoom-in").click()
    _grows(page, polygon, width, 1.2)
    page.wait_for_function(
        "() => Object.keys(sessionStorage).some(k => k.startsWith('rd-map-view'))"
    )
    zoomed = _zoom(page)
    page.reload()
    wait_for_map(page, 300)
    _grows(page, map_box(page).locator(MUNI).nth(150), width, 1.2)
    assert abs(_zoom(page) - zoomed) < 2, "the same zoom after F5"


def test_zoom_to_the_selected_municipality_zooms_at_once(page):
    page.goto(page.base_url + f"/?gemeente={VOEREN}")
    box = wait_for_map(page, 300)
    voeren = box.locator(MUNI).nth(_index_of(page, VOEREN))
    before = voeren.bounding_box()["width"]
    page.get_by_text("Zoom naar geselecteerde gemeente").first.click()
    page.wait_for_function(
        "([el, w]) => el.getBoundingClientRect().width > w * 3",
        arg=[voeren.element_handle(), before],
        timeout=8_000,
    )


def _index_of(page, code: str) -> int:
    """Polygon order = feature order of the geometry file (the NIS codes in the widget's data)."""
    geo = next(u for u in page.requests_seen if "/gen/geo-2019-" in u)
    codes = page.evaluate(
        "url => fetch(url).then(r => r.json()).then(g => g.features.map(f => f.id))", geo
    )
    return codes.index(code)


SHARE_JS = """() => {
  const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot
    && e.shadowRoot.querySelector('[data-rd-map]'));
  const box = host.shadowRoot.querySelector('[data-rd-map]').getBoundingClientRect();
  const ps = [...host.shadowRoot.querySelectorAll('path.leaflet-interactive')]
    .map(p => p.getBoundingClientRect());
  return (Math.max(...ps.map(r => r.right)) - Math.min(...ps.map(r => r.left))) / box.width;
}"""
"""How much of the map box's width the drawn municipalities span (about 0.9 when fitted)."""


def test_the_map_fits_again_when_the_window_grows_until_the_user_moves_it(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page.base_url + "/?start=0")
    small = wait_for_map(page, 300, timeout=60_000).bounding_box()["width"]
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function(
        "([el, w]) => el.getBoundingClientRect().width > w + 200",
        arg=[map_box(page).element_handle(), small],
    )
    # a window made larger (a beamer plugged in) is filled, not drawn in a corner of the box
    page.wait_for_function(f"() => ({SHARE_JS})() > 0.9", timeout=15_000)
    # once the user zoomed in, a resize keeps their view (no fit back to all of Flanders)
    map_box(page).locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(f"() => ({SHARE_JS})() > 1.05", timeout=15_000)
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_timeout(800)  # give the resize observer its turn (not an assertion)
    assert page.evaluate(SHARE_JS) > 1.05, "the user's zoom was undone by a resize"


def test_the_mouse_wheel_scrolls_the_page_until_the_map_is_clicked(page):
    """A reader scrolling down the page with the wheel is not caught by the map (it zoomed)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    polygon = box.locator(MUNI).nth(150)
    width = polygon.bounding_box()["width"]
    top = box.bounding_box()["y"]
    page.mouse.move(*_centre(box))
    page.mouse.wheel(0, 300)
    _wait(lambda: box.bounding_box()["y"] < top - 50, "the page scrolled")
    assert abs(polygon.bounding_box()["width"] - width) < 1, "the map did not zoom"
    page.mouse.move(*_centre(box))
    page.mouse.down()
    page.mouse.up()
    page.mouse.wheel(0, -300)
    _wait(lambda: polygon.bounding_box()["width"] > width * 1.2, "after a click the wheel zooms")


def _centre(box) -> tuple[float, float]:
    b = box.bounding_box()
    return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2


def _wait(ok, what: str, timeout: float = 20) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if ok():
            return
        time.sleep(0.1)
    raise AssertionError(what)


def _tooltip_text(page, box, nth: int = 150) -> str:
    page.mouse.move(0, 0)
    box.locator(MUNI).nth(nth).hover(force=True)
    tip = box.locator(".leaflet-tooltip").first
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("%")
    return tip.inner_text()


def test_tooltips_keep_their_values_when_only_the_colours_change(page):
    """A colour change sends the colours, not the 300 values again (issue 20): the widget reuses
    the texts it has, also after a visit to another page."""
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    first = _tooltip_text(page, box)
    assert re.search(r"Waarde: \d+,\d\s%", first), first
    before = map_version(page)
    page.mouse.move(0, 0)
    scheme = page.locator("[data-testid='stSidebar']").get_by_label("Indeling in klassen")
    scheme.scroll_into_view_if_needed()
    scheme.click()
    page.keyboard.type("Gelijke inte")  # Streamlit's selectbox filters on typing
    page.get_by_role("option", name="Gelijke intervallen").first.click()
    wait_repaint(page, before)
    assert _tooltip_text(page, box) == first
    page.get_by_role("link", name="Vergelijken").first.click()
    wait_idle(page)
    page.get_by_role("link", name="Kaart").first.click()
    box = wait_for_map(page, 300)
    assert _tooltip_text(page, box) == first


_FOCUSED = """() => { let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a ? a.tagName.toLowerCase() + (a.classList.contains('rd-map') ? '.rd-map' : '') : ''; }"""


def test_the_map_is_one_tab_stop_not_three_hundred(page):
    """A keyboard user (or a facilitator's Tab) leaves the map with one Tab, not 300."""
    page.goto(page.base_url + "/")
    box = wait_for_map(page, 300)
    box.focus()
    assert page.evaluate(_FOCUSED) == "div.rd-map"
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED) != "path", "Tab went into the outlines"
    assert box.locator("path.leaflet-interactive[tabindex='-1']").count() == 300
