"""Walk: a municipal officer uploads the CSV Excel wrote (issue 21) and makes a map layer of it.

cp1252, ';', a title row, decimal commas, a last column "Opmerking" empty on most rows (so most
lines end in ';'): read with ';', every municipality found, the one verdict (a warning to check
accented letters), and the separator shown as a choice.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.corpus.builders import excel_csv

from .conftest import screenshot, wait_for_map, wait_idle
from .test_upload import UPLOADER, open_upload_page, use_layer

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920", "1280"])
def test_an_officer_uploads_the_csv_excel_wrote(page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_upload_page(page)
    case = excel_csv()
    page.locator(UPLOADER).set_input_files(
        {"name": "werkloosheid 2023.csv", "mimeType": "text/csv", "buffer": case.raw}
    )
    found = page.locator("[data-testid='stMetric']").filter(has_text="Gemeenten gevonden")
    found.wait_for(timeout=60_000)
    expect(found).to_contain_text("300 / 300")
    wait_idle(page)
    expect(page.get_by_text(re.compile("Bruikbaar, maar kijk dit na"))).to_be_visible()
    expect(page.get_by_text(re.compile("Alles in orde"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Geen enkele kolom"))).to_have_count(0)
    sep = page.get_by_role("combobox", name="Scheidingsteken")
    expect(sep).to_have_value(re.compile("puntkomma"))
    screenshot(page, f"officer_excel_csv_report_{size[0]}x{size[1]}")
    use_layer(page, "Werkloosheid", "2023")
    page.get_by_text("staat nu op elke pagina").wait_for(timeout=30_000)
    page.get_by_role("button", name="Naar de kaart").first.click()
    wait_for_map(page, 300)
    wait_idle(page)
    screenshot(page, f"officer_excel_csv_map_{size[0]}x{size[1]}")
