"""Presentation mode on a projector (1920×1080 and 1280×720) and the walk along the five facets."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import (
    MAP,
    fills,
    map_box,
    map_version,
    screenshot,
    wait_for_map,
    wait_idle,
    wait_repaint,
)

pytestmark = pytest.mark.e2e

BODY_FONT = (  # body text (a paragraph not drawn as a caption)
    "() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMarkdownContainer'] p\")]"
    ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
)
BOTTOM = (
    "s => Math.max(...[...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().bottom))"
)


def _map_bottom(page) -> float:
    return map_box(page).bounding_box()["y"] + map_box(page).bounding_box()["height"]


def _heading(page) -> str:
    return page.locator(".rd-step-heading").first.inner_text()


def _wait_step(page, n: int, before: str) -> str:
    """Wait for step n's heading and a map repainted (in place) with its indicator."""
    expect(page.locator(".rd-step-heading").first).to_have_text(re.compile(f"^Facet {n}:"))
    version = wait_repaint(page, before)
    expect(map_box(page).locator("path.leaflet-interactive")).to_have_count(300)
    return version


@pytest.mark.parametrize(("width", "height", "min_font"), [(1920, 1080, 24), (1280, 720, 20)])
def test_presentation_mode_fills_the_screen_with_large_type(page, width, height, min_font):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page.base_url + "/?presentatie=1")
    wait_for_map(page, 300)
    wait_idle(page)
    assert page.evaluate(BODY_FONT) >= min_font
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    exit_button = page.get_by_role("button", name=re.compile("Presentatie verlaten")).first
    assert exit_button.is_visible()
    box = exit_button.bounding_box()
    assert box["y"] < 80 and box["x"] > width / 2, "exit sits at the top right"
    # title, map, legend and source line are on screen without scrolling
    for selector in (".rd-step-heading", ".rd-legend", ".rd-footer"):
        assert page.evaluate(BOTTOM, selector) <= height, f"{selector} below the fold"
    assert _map_bottom(page) <= height
    assert map_box(page).bounding_box()["height"] >= 0.55 * height
    screenshot(page, f"presentation_{width}x{height}")


def test_high_contrast_and_exit(page):
    page.goto(page.base_url + "/?presentatie=1")
    box = wait_for_map(page, 300)
    normal = fills(page)
    page.goto(page.base_url + "/?presentatie=1&contrast=1")
    box = wait_for_map(page, 300)
    # the map is strengthened too: thicker borders, darker palette ends
    expect(box.locator("path.leaflet-interactive[stroke-width='1.2']")).not_to_have_count(0)
    assert fills(page) != normal
    colour = page.evaluate("() => getComputedStyle(document.querySelector('.stMarkdown p')).color")
    assert colour == "rgb(0, 0, 0)"
    page.get_by_role("button", name=re.compile("Presentatie verlaten")).first.click()
    page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=20_000)
    page.wait_for_url(lambda url: "presentatie" not in url, timeout=10_000)
    assert "contrast=1" in page.url


def test_step_through_with_buttons_and_arrow_keys(page):
    page.goto(page.base_url + "/?presentatie=1&stap=1")
    wait_for_map(page, 300)
    assert _heading(page).startswith("Facet 1:")
    assert page.get_by_text("1 / 5").first.is_visible()
    map_box(page).evaluate("el => el.setAttribute('data-test-mounted', 'step1')")
    step1, fills1 = map_version(page), fills(page)
    screenshot(page, "presentation_step1_1920x1080")

    page.get_by_role("button", name=re.compile("Volgende")).first.click()
    step2 = _wait_step(page, 2, step1)
    assert fills(page) != fills1, "the map shows the next facet's indicator"
    assert _heading(page) != "Facet 1: Open ruimte" and "stap=2" in page.url
    assert page.get_by_text("2 / 5").first.is_visible()
    # repainted in place: the same map node, never a second (stale) map under the new heading
    expect(page.locator(f"{MAP}[data-test-mounted='step1']")).to_have_count(1)
    expect(page.locator(MAP)).to_have_count(1)

    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    step3 = _wait_step(page, 3, step2)
    page.wait_for_url(re.compile(r"stap=3"), timeout=10_000)
    # the source line of the step's dataset is on screen
    assert "Bron" in page.locator(".rd-footer").first.inner_text()
    screenshot(page, "presentation_step3_1920x1080")

    page.keyboard.press("ArrowLeft")
    back = _wait_step(page, 2, step3)
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    _wait_step(page, 3, back)
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicker_keys_still_work_after_dragging_and_clicking_the_map(page):
    page.goto(page.base_url + "/?presentatie=1&stap=1")
    box = wait_for_map(page, 300)
    before = map_version(page)
    area = box.bounding_box()
    x, y = area["x"] + area["width"] / 2, area["y"] + area["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 60, steps=8)
    page.mouse.up()
    page.keyboard.press("PageDown")
    step2 = _wait_step(page, 2, before)
    # a click on an empty spot of the map (its corner, outside Flanders) then PageUp
    page.mouse.click(area["x"] + area["width"] - 20, area["y"] + area["height"] - 20)
    page.keyboard.press("PageUp")
    _wait_step(page, 1, step2)
    # and the arrow keys step the tour instead of panning the map
    page.mouse.click(area["x"] + area["width"] - 20, area["y"] + area["height"] - 20)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".rd-step-heading").first).to_have_text(re.compile("^Facet 2:"))


def test_b_or_dot_blanks_the_screen_and_again_shows_it(page):
    page.goto(page.base_url + "/?presentatie=1&stap=2")
    wait_for_map(page, 300)
    blank = page.locator("#rd-blank")
    wait_idle(page)  # the keys component is mounted
    page.keyboard.press("b")
    expect(blank).to_be_visible(timeout=10_000)
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('#rd-blank')).backgroundColor")
        == "rgb(0, 0, 0)"
    )
    page.keyboard.press("b")
    expect(blank).to_have_count(0)
    page.keyboard.press(".")
    expect(blank).to_be_visible()
    page.keyboard.press("PageDown")  # the clicker's first press shows the screen, no step skipped
    expect(blank).to_have_count(0)
    expect(page.locator(".rd-step-heading").first).to_have_text(re.compile("^Facet 2:"))
    assert "PageDown" in page.get_by_text(re.compile("clicker")).first.inner_text()


def test_step_through_at_720p_fits_the_screen(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page.base_url + "/?presentatie=1&stap=5")
    wait_for_map(page, 300)
    wait_idle(page)
    for selector in (".rd-step-heading", ".rd-footer", ".st-key-rd_step_nav"):
        assert page.evaluate(BOTTOM, selector) <= 720, f"{selector} below the fold"
    assert _map_bottom(page) <= 720
    nav = page.locator(".st-key-rd_step_nav")
    assert nav.get_by_role("button", name=re.compile("Volgende")).is_enabled(), "then the end"
    screenshot(page, "presentation_step5_1280x720")


def test_start_the_tour_from_presentation_mode(page):
    page.goto(page.base_url + "/?presentatie=1")
    wait_for_map(page, 300)
    page.get_by_role("button", name=re.compile("Start de rondgang")).first.click()
    page.locator(".rd-step-heading", has_text="Facet 1:").first.wait_for(timeout=20_000)
    page.wait_for_url(re.compile(r"stap=1"), timeout=10_000)


def test_unknown_step_shows_the_normal_map_and_a_notice(page):
    page.goto(page.base_url + "/?presentatie=1&stap=9")
    wait_for_map(page, 300)
    toast = page.locator("[data-testid='stToast']").first
    toast.wait_for(timeout=15_000)
    assert "9" in toast.inner_text()
    assert page.locator(".rd-step-heading").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.xfail(
    strict=False,
    reason="known intermittent bug (2026-12-06, about 1 run in 3): after the start panel's Atelier "
    "button the sidebar sometimes stays open in presentation mode; open for the next session",
)
def test_the_start_panels_atelier_button_opens_the_walk_full_screen(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page.base_url + "/")
    wait_for_map(page, 300)
    page.locator(".st-key-rd_start_panel").get_by_role("button", name="Atelier").click()
    heading = page.locator(".rd-step-heading").first
    expect(heading).to_have_text(re.compile("^Facet 1:"), timeout=60_000)
    wait_idle(page, timeout=60_000)
    # the page is on the full-screen stage at once: no navigation, no sidebar, the exit at the top
    expect(page.get_by_role("link", name="Gemeenteprofiel")).to_have_count(0, timeout=30_000)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=30_000)
    exit_box = page.get_by_role("button", name=re.compile("Presentatie verlaten")).bounding_box()
    assert exit_box["y"] < 80
