"""The Plattelandstoets in a real browser, walked as two users (screenshots in artifacts/):

- an adviser screens the Open Ruimtefonds base budget, then the +65 M€ scenario, and downloads the
  toetsrapport (PDF) and the slide;
- an officer uploads a provincial subsidy (XLSX on 2019–2024 borders, title line, total row),
  screens it on 2025 borders within Limburg and downloads the tables (XLSX with metadata).
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pptx import Presentation

from tests.factories import subsidy_xlsx

from .conftest import MUNI, ROOT, map_box, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e
UPLOADER = "[data-testid='stFileUploaderDropzoneInput']"
KEEP = ROOT / "artifacts" / "toets"


def _open(page, query: str = "") -> None:
    page.goto(page.base_url + "/")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Plattelandstoets").wait_for()
    page.goto(page.base_url + "/plattelandstoets" + query)


def _download(page, name: str, keep: str) -> bytes:
    button = page.get_by_role("button", name=name, exact=True).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=180_000) as dl:
        button.click()
    data = dl.value.path().read_bytes()
    KEEP.mkdir(parents=True, exist_ok=True)
    (KEEP / keep).write_bytes(data)
    return data


def _to_map(page) -> None:
    """Scroll to the map's heading (the map section is far down the page)."""
    heading = page.get_by_role("heading", name="Bedrag per inwoner:").first
    heading.wait_for(timeout=90_000)
    heading.scroll_into_view_if_needed()


def _painted_in_view(page) -> None:
    """Wait until the map's polygons are drawn inside the window (after a resize Leaflet redraws)."""
    box = map_box(page).element_handle()
    page.wait_for_function(
        "box => [...box.querySelectorAll('path.leaflet-interactive')].filter(p => {"
        " const r = p.getBoundingClientRect();"
        " return r.width > 2 && r.top < innerHeight && r.bottom > 0; }).length > 20",
        arg=box,
        timeout=30_000,
    )


def _metric(page, label: str) -> str:
    return page.locator("[data-testid='stMetric']").filter(has_text=label).inner_text()


def test_adviser_screens_the_orf_base_budget_and_the_plus65_scenario(page):
    _open(page)
    _to_map(page)
    frame = wait_for_map(page, 300, timeout=60_000)
    assert frame.locator(MUNI).count() == 300
    ratio = _metric(page, "Platteland/stedelijk per inwoner")
    page.get_by_text("Kaart: bedrag per inwoner", exact=False)
    screenshot(page, "toets_orf_base_1920x1080")
    page.get_by_text("Met 65 miljoen extra: 188,4 miljoen euro").click()
    wait_idle(page, 60_000)
    expect(page.locator("h2").filter(has_text="188,4 miljoen euro").first).to_be_visible(
        timeout=60_000
    )
    assert _metric(page, "Platteland/stedelijk per inwoner") == ratio  # the key decides the shares
    page.get_by_text("Verdeling: Lorenzcurve", exact=False).first.scroll_into_view_if_needed()
    screenshot(page, "toets_orf_plus65_lorenz_1920x1080")
    map_box(page).scroll_into_view_if_needed()
    _painted_in_view(page)
    screenshot(page, "toets_orf_plus65_map_1920x1080")
    answer = page.get_by_placeholder("Uw antwoord").first
    answer.scroll_into_view_if_needed()
    answer.fill("Het fonds sluit geen diensten; het versterkt open ruimte in kleine kernen.")
    answer.press("Control+Enter")
    wait_idle(page, 60_000)
    page.get_by_role("button", name="Toets bewaren").click()
    expect(page.get_by_text("Bewaard als toets", exact=False)).to_be_visible(timeout=60_000)
    link = page.locator("code").filter(has_text="toets=").inner_text()
    assert "/plattelandstoets?" in link and "/plattelandstoets/plattelandstoets" not in link
    screenshot(page, "toets_orf_plus65_saved_1920x1080")
    pdf = _download(page, "Toetsrapport (PDF)", "toetsrapport_orf_plus65.pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    deck = Presentation(
        io.BytesIO(_download(page, "Toetsrapport-dia (PowerPoint)", "toets_orf_plus65.pptx"))
    )
    texts = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Plattelandstoets" in texts and "188,4" in texts
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_text("Wat als?", exact=False).first.scroll_into_view_if_needed()
    screenshot(page, "toets_orf_whatif_1280x720")


def test_officer_uploads_a_provincial_subsidy(page, real_atlas):
    units = real_atlas.units("2019")
    limburg = units.loc[units["province"] == "Limburg", "name"]
    rows = [
        (c, n, 0.0 if i % 5 == 0 else 12_500.0 * (1 + i % 4))
        for i, (c, n) in enumerate(limburg.items())
    ]
    raw = subsidy_xlsx(rows, "Provincie Limburg – subsidie leefbare kernen 2026")
    _open(page, "?grenzen=2025")
    page.get_by_text("Eigen bestand (CSV of XLSX met een bedrag per gemeente)").click()
    wait_idle(page)
    page.locator(UPLOADER).set_input_files(
        {
            "name": "subsidie_limburg_2026.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": raw,
        }
    )
    expect(
        page.get_by_text("Hasselt, Kortessem vormen sinds 2025 samen Hasselt").first
    ).to_be_visible(timeout=60_000)
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text="Provincie")
    box.locator("input").click()
    page.get_by_role("option", name="Limburg").click()
    page.keyboard.press("Escape")
    wait_idle(page, 60_000)
    _to_map(page)
    frame = wait_for_map(page, 285, timeout=60_000)
    expect(page.locator("h2").filter(has_text="eigen gegevens").first).to_be_visible()
    screenshot(page, "toets_upload_limburg_1920x1080")
    wb = load_workbook(io.BytesIO(_download(page, "Tabellen (XLSX)", "toets_limburg.xlsx")))
    meta = " ".join(str(c.value) for row in wb.worksheets[-1].iter_rows() for c in row if c.value)
    assert "geen officiële bron" in meta and "Limburg" in meta
    munis = wb["Per gemeente"]
    assert munis.max_row - 3 == 38  # the 38 municipalities of Limburg on 2025 borders
    assert frame.locator(MUNI).count() == 285
    page.set_viewport_size({"width": 1280, "height": 720})
    map_box(page).scroll_into_view_if_needed()
    wait_idle(page)
    _painted_in_view(page)
    screenshot(page, "toets_upload_limburg_map_1280x720")
