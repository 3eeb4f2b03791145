"""Briefing outputs in a real browser: print map, slide and table from the map and Open Ruimtefonds
pages; a typed budget labelled 'eigen scenario'; the start panel, 'kopieer link' and the language."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from .conftest import ROOT, screenshot, wait_for_map, wait_idle

BRIEFING = ROOT / "artifacts" / "briefing"


def _keep(name: str, data: bytes) -> None:
    """Keep a downloaded file in artifacts/briefing (ignored by git) to look at."""
    BRIEFING.mkdir(parents=True, exist_ok=True)
    (BRIEFING / name).write_bytes(data)


pytestmark = pytest.mark.e2e


def _download(page, name: str) -> bytes:
    button = page.get_by_role("button", name=name, exact=True).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as dl:
        button.click()
    return dl.value.path().read_bytes()


def _slide_texts(data: bytes) -> tuple[str, str, list]:
    prs = Presentation(io.BytesIO(data))
    (slide,) = prs.slides
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    kinds = [s.shape_type for s in slide.shapes]
    return texts, slide.notes_slide.notes_text_frame.text, kinds


def _svg_text(data: bytes) -> str:
    """The text of a print-map SVG (matplotlib writes one <text> per line, escaped)."""
    svg = data.decode("utf-8")
    return " ".join(
        re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)
    )


def test_map_page_print_map_slide_and_table(page):
    page.goto(page.base_url + "/?type=platteland")
    wait_for_map(page, 300)
    page.locator("summary").filter(has_text="Kaart exporteren").first.click()  # opened on demand
    png = _download(page, "Drukkaart PNG")
    _keep("kaart_drukkaart.png", png)
    assert Image.open(io.BytesIO(png)).size[0] >= 1600
    text = _svg_text(_download(page, "Drukkaart SVG"))
    for part in ("Bebouwde percelen", "Selectie: Plattelandsgemeente", "Type: Plattelandsrapport", "buiten selectie",
                 "Bron: Statbel", "Proxy", "Export ruraldash"):  # fmt: skip
        assert part in text, part
    deck = _download(page, "Dia (PowerPoint)")
    _keep("kaart_dia.pptx", deck)
    texts, notes, kinds = _slide_texts(deck)
    assert MSO_SHAPE_TYPE.PICTURE in kinds
    assert "Bebouwde percelen" in texts and "Plattelandsgemeente" in texts and "Bron:" in texts
    assert "Hoogste 5" in texts and "Bron:" in notes and "Proxy" in notes
    page.locator("summary").filter(
        has_text="Rangschikking"
    ).first.click()  # the table opens on demand
    wb = load_workbook(io.BytesIO(_download(page, "Excel (XLSX)")))
    ws, meta = wb.worksheets
    header = [c.value for c in ws[2]]
    value_col = next(i for i, h in enumerate(header) if str(h).startswith("Waarde"))
    assert header[value_col] == "Waarde (%)"
    cell = ws.cell(row=3, column=value_col + 1)
    assert isinstance(cell.value, float) and cell.number_format == "#,##0.0"
    assert cell.value == round(cell.value, 1)
    assert isinstance(ws.cell(row=3, column=1).value, int)  # the rank is a whole number
    everything = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("Bron: Bron:" in v for v in everything)
    fields = {r[0].value: r[1].value for r in meta.iter_rows(min_row=2)}
    assert "type=platteland" in fields["Deellink"] and "Plattelandsgemeente" in fields["Filter"]
    assert fields["Status"].startswith("Proxy: benadering") and "Statbel" in fields["Bron"]


def test_orf_page_typed_budget_is_own_scenario_in_every_export(page):
    page.goto(page.base_url + "/")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Openruimtefonds").wait_for()
    page.goto(page.base_url + "/openruimtefonds?budget_b=200000000&scenario=B")
    wait_for_map(page, 300)
    heading = page.locator("h2").filter(has_text="scenario B").first
    heading.filter(has_text="eigen scenario").wait_for(timeout=40_000)
    _keep("orf_drukkaart.png", _download(page, "Drukkaart PNG"))
    text = _svg_text(_download(page, "Drukkaart SVG"))
    assert "eigen scenario" in text and "200" in text
    # the source line credits the press for A's official 123,4 M€ only, never for the typed B
    assert text.count("RINGtv") == 1 and "RINGtv" not in text[text.index("B 200") :]
    deck = _download(page, "Dia (PowerPoint)")
    _keep("orf_dia.pptx", deck)
    texts, notes, kinds = _slide_texts(deck)
    assert MSO_SHAPE_TYPE.PICTURE in kinds and "eigen scenario" in notes and "Bron:" in texts
    wb = load_workbook(io.BytesIO(_download(page, "Excel (XLSX)")))
    fields = {r[0].value: r[1].value for r in wb.worksheets[1].iter_rows(min_row=2)}
    a_part, b_part = fields["Budgetten"].split("; ")
    assert "RINGtv" in a_part and "RINGtv" not in b_part and "eigen scenario" in b_part
    assert "budget_b=200000000" in fields["Deellink"] and "scenario=B" in fields["Deellink"]
    screenshot(page, "orf_own_scenario_1920x1080")


def test_start_panel_closes_and_stays_closed(page):
    page.goto(page.base_url + "/")
    panel = page.locator(".st-key-rd_start_panel")
    panel.wait_for(timeout=30_000)
    for way in ("Briefingkaart", "Mijn gemeente", "Atelier"):  # the three ways in
        panel.get_by_role("button", name=way).wait_for(timeout=30_000)
    assert "Wat is ruraldash?" in panel.inner_text()
    screenshot(page, "start_panel_1920x1080")
    page.get_by_role("button", name="Sluiten").click()
    page.wait_for_url(re.compile(r"start=0"), timeout=40_000)
    assert panel.count() == 0
    page.reload()
    wait_for_map(page, 300)
    assert page.locator(".st-key-rd_start_panel").count() == 0


def test_copy_link_puts_the_current_view_on_the_clipboard(browser, server):
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        page.goto(server + "/?ind=open_space_share&type=platteland&gemeente=44021")
        wait_for_map(page, 300)
        wait_idle(page)
        page.locator("[data-testid='rd-copy-link']").first.click()
        page.get_by_text("Link gekopieerd").first.wait_for(timeout=20_000)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url
        assert "gemeente=44021" in copied and "type=platteland" in copied
    finally:
        context.close()


def test_switching_to_english_keeps_the_view_and_writes_no_placeholder(page):
    page.goto(page.base_url + "/?type=platteland&gemeente=44021")
    wait_for_map(page, 300)
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"taal=en"), timeout=40_000)
    wait_for_map(page, 300)
    wait_idle(page)
    assert "gemeente=44021" in page.url and "type=platteland" in page.url
    assert "Naam" not in page.url and "Name" not in page.url
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Choose an option" not in sidebar and "Rural municipality" in sidebar
    assert "Language" in sidebar and "Taal" not in sidebar


def test_a_municipality_is_found_and_its_figures_read_without_a_mouse(page):
    page.goto(page.base_url + "/?start=0")
    wait_for_map(page, 300)
    box = page.get_by_label("Zoek een gemeente").first
    box.focus()  # as after tabbing to it
    page.keyboard.type("Gent")
    page.keyboard.press("Enter")
    nis = page.locator("[data-testid='rd-selected-nis']").first
    nis.wait_for(timeout=40_000)
    assert nis.inner_text() == "44021"
    page.wait_for_url(re.compile("gemeente=44021"), timeout=40_000)
    # the ranking table below the map holds every value as text (a grid that takes the keyboard);
    # it opens from the keyboard like any disclosure
    summary = page.locator("summary").filter(has_text="Rangschikking").first
    summary.focus()
    page.keyboard.press("Enter")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    assert grid.get_attribute("tabindex") is not None or grid.locator("[tabindex]").count() > 0
