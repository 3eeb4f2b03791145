"""The upload report in a real browser, for a few files of the corpus (tests/corpus/builders.py).

User text stays inert: a name like ``[Gent](http://x.example)`` or ``<b>x</b>`` shows literally (no
link, no bold), a right-to-left override does not reach the page. A broken row is named, the sheet
with the data is read, and a 2025 layer opens the map on the 2025 borders.
"""

from __future__ import annotations

import pytest

from tests.corpus.builders import OLD, table, to_csv, to_xlsx, value

from .conftest import screenshot, wait_idle
from .test_upload import UPLOADER, open_upload_page

pytestmark = pytest.mark.e2e

HOSTILE = ["[Gent](http://x.example)", "<b>x</b>", "\u202eneprewtnA"]


def upload(page, name: str, raw: bytes, mime: str = "text/csv") -> None:
    page.locator(UPLOADER).set_input_files({"name": name, "mimeType": mime, "buffer": raw})
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=30_000)
    wait_idle(page)


def hostile_file() -> bytes:
    names = [n for _, n in OLD[:12]]
    rows = table([*names, *HOSTILE])
    rows[3][1] = "12 %"  # one percent cell: a warning, no unit
    text = "\r\n".join(";".join(r) for r in rows) + "\r\n"
    lines = text.split("\r\n")
    lines[6] = lines[6].replace(";", ';"', 1)  # line 7 opens a quote that never closes
    return "\r\n".join(lines).encode("utf-8")


def test_user_text_in_the_report_is_inert(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_upload_page(page)
    upload(page, "<b>lijst</b>.csv", hostile_file())
    warning = page.locator("[data-testid='stAlert']").filter(has_text="Bruikbaar, maar kijk")
    warning.wait_for(timeout=20_000)
    text = warning.inner_text().replace("\u2060", "")  # word joiners keep URLs from linking
    assert "[Gent](http://x.example)" in text and "<b>x</b>" in text
    assert "regel 7" in text and "aanhalingsteken" in text  # the broken row, named
    assert "“%”" in text  # one percent cell: reported, not taken as the unit
    assert page.locator("a[href*='x.example']").count() == 0
    assert page.locator("[data-testid='stMain'] b", has_text="x").count() == 0
    assert page.locator("b", has_text="lijst").count() == 0
    assert "\u202e" not in page.locator("[data-testid='stMain']").inner_text()
    assert page.get_by_role("textbox", name="Eenheid").input_value() == ""
    screenshot(page, "upload_tricky_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)
    screenshot(page, "upload_tricky_1280x720")
    page.get_by_text("Wat we gevonden hebben", exact=True).scroll_into_view_if_needed()
    screenshot(page, "upload_tricky_report_1280x720")
    page.get_by_role("button", name="Gebruik deze laag").scroll_into_view_if_needed()
    screenshot(page, "upload_tricky_form_1280x720")
    assert dialogs == []


def test_the_sheet_with_the_data_is_read_and_can_be_changed(page):
    data = [["nis", "waarde"]] + [[int(c), value(i)] for i, (c, _) in enumerate(OLD[:40])]
    raw = to_xlsx({"Toelichting": [["Rapport banen 2022"]], "Gegevens": data})
    open_upload_page(page)
    upload(page, "banen.xlsx", raw, "application/vnd.ms-excel")
    found = page.locator("[data-testid='stMetric']").filter(has_text="Gemeenten gevonden")
    assert "40 / 300" in found.inner_text()
    sheet = page.get_by_label("Werkblad")
    assert "Gegevens" in sheet.input_value()
    page.get_by_text("Details: alle meldingen", exact=False).click()
    page.get_by_text("het blad met de meeste gegevens", exact=False).wait_for(timeout=10_000)
    assert page.get_by_text("ook in het bestand: “Toelichting”", exact=False).count() == 1


def test_a_2025_layer_opens_the_map_on_the_2025_borders(page):
    rows = [["nis", "aantal"], ["46030", "5"], ["11002", "7"], ["73110", "3"], ["44021", "2"]]
    open_upload_page(page)
    upload(page, "fusies.csv", to_csv(rows))
    year = page.get_by_role("textbox", name="Referentiejaar")
    year.fill("2024")
    year.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Gebruik deze laag").click()
    page.get_by_role("button", name="Naar de kaart").first.click()
    page.wait_for_function("() => location.search.includes('grenzen=2025')", timeout=30_000)
