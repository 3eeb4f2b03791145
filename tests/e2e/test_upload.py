"""'Eigen gegevens' in a real browser: upload a Belgian CSV, read the report, use the layer on the map.

The label holds an <img onerror> payload: it must show as text in the legend and never fire.
"""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from ruraldash.core.config import settings
from ruraldash.domain.classify import FILTERED_COLOUR, MISSING_COLOUR

from .conftest import MUNI, screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.e2e

LABEL = "<img src=x onerror=alert(1)>"
UPLOADER = "[data-testid='stFileUploaderDropzoneInput']"


def belgian_csv(n: int = 20) -> tuple[bytes, list[str]]:
    """';'-separated, decimal comma, as Excel with Belgian settings saves it (real names)."""
    path = settings().data_dir / "reference" / "nis_2019_2024_to_2025.csv"
    with path.open(encoding="utf-8") as fh:
        names = [row["name_2019_2024"] for row in csv.DictReader(fh)][::15][:n]
    lines = ["Gemeente;Werkloosheid (%)"]
    lines += [f"{name};{4 + 0.37 * i:.2f}".replace(".", ",") for i, name in enumerate(names)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8"), names


def open_upload_page(page) -> None:
    """Start at "/" (app.py registers the pages), then follow the link in the sidebar."""
    page.goto(page.base_url + "/")
    link = page.locator("[data-testid='stSidebarNav']").get_by_text("Eigen gegevens")
    link.wait_for(timeout=60_000)  # the first run of a fresh server loads all data
    link.click()
    page.locator(UPLOADER).wait_for(state="attached", timeout=60_000)


def use_layer(page, label: str, year: str) -> None:
    """Name the uploaded column, give its reference year and click 'Gebruik deze laag'."""
    name = page.get_by_label("Naam van de indicator")
    name.wait_for(timeout=30_000)
    name.fill(label)
    name.press("Enter")
    wait_idle(page)
    box = page.get_by_role("textbox", name="Referentiejaar")
    box.fill(year)
    box.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Gebruik deze laag").click()


def test_upload_report_use_and_map(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    raw, names = belgian_csv()
    open_upload_page(page)
    page.locator(UPLOADER).set_input_files(
        {"name": "werkloosheid.csv", "mimeType": "text/csv", "buffer": raw}
    )
    found = page.locator("[data-testid='stMetric']").filter(has_text="Gemeenten gevonden")
    found.wait_for(timeout=30_000)
    assert f"{len(names)} / 300" in found.inner_text()
    wait_idle(page)
    screenshot(page, "upload_report_1920x1080")
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)
    screenshot(page, "upload_report_1280x720")

    use_layer(page, LABEL, "2023")
    page.get_by_text("staat nu op elke pagina").wait_for(timeout=20_000)
    page.get_by_role("button", name="Naar de kaart").first.click()

    frame = wait_for_map(page, 300)
    sidebar = page.locator("[data-testid='stSidebar']")
    theme = sidebar.get_by_label("Thema")
    if "Eigen gegevens" not in theme.input_value():
        theme.click()
        page.get_by_role("option", name="Eigen gegevens").click()
        wait_idle(page)
    legend = page.locator(".rd-legend").first
    legend.filter(has_text=LABEL).wait_for(timeout=20_000)  # the payload, as text
    coloured = frame.locator(
        f"{MUNI}:not([fill='{MISSING_COLOUR}']):not([fill='{FILTERED_COLOUR}'])"
    )
    expect(coloured).to_have_count(len(names))  # repainted in place with the uploaded values
    assert page.locator("img[src='x']").count() == 0
    screenshot(page, "upload_map_1280x720")
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_idle(page)
    screenshot(page, "upload_map_1920x1080")
    assert dialogs == []


def test_a_binary_file_gets_a_dutch_message_and_the_page_keeps_working(page):
    open_upload_page(page)
    page.locator(UPLOADER).set_input_files(
        {"name": "<b>foto</b>.csv", "mimeType": "text/csv", "buffer": bytes(range(256)) * 20}
    )
    alert = page.locator("[data-testid='stAlert']").filter(has_text="geen tekst- of Excelbestand")
    alert.wait_for(timeout=20_000)
    assert page.get_by_role("button", name="Gebruik deze laag").count() == 0
    assert page.locator("b", has_text="foto").count() == 0  # the file name is not markup
    page.locator("[data-testid='stSidebarNav']").get_by_text("Bronnen").click()
    page.get_by_text("Bronnen en methode").first.wait_for(timeout=30_000)
