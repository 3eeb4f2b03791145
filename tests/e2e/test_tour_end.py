"""The end screen of the five-facet walk, and type sizes in presentation mode at 1280×720 and 1920×1080."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ruraldash.features.notes import NoteStore

from .conftest import screenshot, start_server, stop_server, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

TEXT_SIZES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest("script, style, noscript")) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.top >= innerHeight) continue;
    if (r.right <= 0 || r.left >= innerWidth) continue;
    out.push({size: parseFloat(getComputedStyle(el).fontSize),
              text: node.textContent.trim().slice(0, 40), cls: String(el.className).slice(0, 50)});
  }
  return out;
}"""


def text_sizes(page) -> list[dict]:
    """Every visible text on screen with its computed font size in px (main document)."""
    return page.evaluate(TEXT_SIZES)


@pytest.fixture(scope="module")
def tour_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("tour") / "notes.sqlite"
    with NoteStore.from_path(db) as store:
        store.create_session("Atelier 01/12/2026")
    proc, url = start_server({"RURALDASH_NOTES_URL": f"sqlite:///{db}"})
    yield url
    stop_server(proc)


def test_after_facet_5_comes_an_end_screen_with_the_five_maps_and_the_notes(browser, tour_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(tour_server + "/?presentatie=1&stap=5&sessie=atelier-01-12-2026")
        wait_for_map(page, 300)
        page.get_by_role("button", name=re.compile("Volgende")).first.click()
        expect(page.get_by_role("heading", name="Einde van de rondgang")).to_be_visible(
            timeout=20_000
        )
        page.wait_for_url(re.compile(r"stap=6"), timeout=10_000)
        cards = page.locator(".rd-end-card")
        expect(cards).to_have_count(5)
        for n in range(1, 6):
            expect(cards.nth(n - 1)).to_contain_text(f"Facet {n}:")
        expect(cards.first).to_contain_text("Kaart:")
        link = page.get_by_role("link", name="Notities van sessie „Atelier 01/12/2026”")
        expect(link).to_be_visible()
        assert "sessie=atelier-01-12-2026" in link.get_attribute("href")
        wait_idle(page)
        screenshot(page, "tour_end_1280x720")
        sizes = text_sizes(page)
        assert min(s["size"] for s in sizes) >= 18, sorted(sizes, key=lambda s: s["size"])[:5]

        page.keyboard.press("PageUp")  # the clicker goes back to facet 5
        page.locator(".rd-step-heading", has_text="Facet 5:").first.wait_for(timeout=20_000)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("query", ["presentatie=1", "presentatie=1&stap=1", "presentatie=1&stap=6"])
def test_no_text_below_18px_in_presentation_mode(browser, tour_server, width, height, query):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{tour_server}/?{query}")
        if "stap=6" in query:
            page.locator(".rd-end-card").first.wait_for(timeout=30_000)
        else:
            wait_for_map(page, 300)
        wait_idle(page)
        sizes = text_sizes(page)
        smallest = sorted(sizes, key=lambda s: s["size"])[:4]
        print(
            f"\n{width}x{height} {query}: {len(sizes)} texts, min {smallest[0]['size']} px",
            smallest,
        )
        assert len(sizes) > 10
        assert smallest[0]["size"] >= 18, smallest
    finally:
        context.close()


def test_from_the_notes_the_keyboard_goes_back_to_the_tour(browser, tour_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(tour_server + "/?presentatie=1&stap=6&sessie=atelier-01-12-2026")
        page.get_by_role("link", name=re.compile("Notities van sessie")).click()
        expect(page.get_by_role("heading", name=re.compile("Ateliernotities"))).to_be_visible(
            timeout=30_000
        )
        wait_idle(page)
        back = page.get_by_role("button", name="◀ Terug naar de rondgang")
        expect(back).to_be_visible()
        screenshot(page, "tour_notes_1280x720")
        for _ in range(20):  # Tab reaches it
            page.keyboard.press("Tab")
            if back.evaluate("b => b === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reaches the way back to the tour")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Einde van de rondgang")).to_be_visible(
            timeout=30_000
        )
        page.wait_for_url(re.compile(r"stap=6"), timeout=10_000)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
