"""Two laptops on one notes session: open by link, live list, conflicts, undo, a save while the server is down."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, start_server, stop_server, wait_idle

pytestmark = pytest.mark.e2e

TITLE = "Atelier 01/12/2026"
SLUG = "atelier-01-12-2026"


@pytest.fixture(scope="module")
def notes_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("notes") / "notes.sqlite"
    proc, url = start_server({"RURALDASH_NOTES_URL": f"sqlite:///{db}"})
    yield url, db
    stop_server(proc)


@pytest.fixture
def laptops(browser):
    """Two browser contexts: the presenter's laptop and the co-facilitator's."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(2)]
    yield [c.new_page() for c in contexts]
    for c in contexts:
        c.close()


def _bodies(db) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT body, deleted_at FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


def _save(page, text: str) -> None:
    form = page.locator(".st-key-np_form")
    form.get_by_label("Notitie", exact=True).fill(text)
    form.get_by_role("button", name="Notitie bewaren").click()
    expect(page.get_by_text(re.compile("Notitie bewaard om"))).to_be_visible(timeout=20_000)


def _note(page, text: str):
    return page.locator("[class*='st-key-np_note_']", has=page.get_by_text(text, exact=True))


def _open_session(a, b, url: str) -> None:
    a.goto(url + "/notities")
    a.get_by_label("Titel van de nieuwe sessie (vrije tekst)").fill(TITLE)
    a.get_by_role("button", name="Sessie starten").click()
    a.wait_for_url(re.compile(f"sessie={SLUG}"), timeout=20_000)
    link = a.locator("[data-testid='stCode']").first.text_content().strip()
    assert urlsplit(link).query == f"sessie={SLUG}"
    b.goto(link)  # the co-facilitator opens the link on the second laptop
    for page in (a, b):
        expect(page.locator(".rd-session-title")).to_have_text(TITLE, timeout=20_000)


def test_two_laptops_share_a_session_by_link_live(notes_server, laptops):
    url, db = notes_server
    a, b = laptops
    _open_session(a, b, url)
    _save(a, "Bus om 7.30 u. is te vroeg")
    # the other laptop shows it without a click (the list refreshes itself)
    expect(_note(b, "Bus om 7.30 u. is te vroeg")).to_be_visible(timeout=15_000)
    a.locator(".rd-session").scroll_into_view_if_needed()
    screenshot(a, "notes_1280x720")

    # a conflicting edit shows both versions and lets the user choose
    _note(a, "Bus om 7.30 u. is te vroeg").get_by_role("button", name="Bewerken").click()
    _note(b, "Bus om 7.30 u. is te vroeg").get_by_role("button", name="Bewerken").click()
    b.locator("[class*='st-key-np_note_'] textarea").fill("Bus om 7.30 u.: versie van laptop B")
    b.get_by_role("button", name="Wijziging bewaren").click()
    # the saved note's text (not the edit box, which may still be on screen while the rerun ends)
    saved_b = b.locator(".rd-note-body").filter(has_text="Bus om 7.30 u.: versie van laptop B")
    expect(saved_b).to_be_visible()
    a.locator("[class*='st-key-np_note_'] textarea").fill("Bus om 7.30 u.: versie van laptop A")
    a.get_by_role("button", name="Wijziging bewaren").click()
    expect(a.get_by_text(re.compile("intussen op een andere laptop gewijzigd"))).to_be_visible()
    expect(a.locator(".rd-mine")).to_have_text("Bus om 7.30 u.: versie van laptop A")
    expect(a.locator(".rd-theirs")).to_have_text("Bus om 7.30 u.: versie van laptop B")
    screenshot(a, "notes_conflict_1280x720")
    a.get_by_role("button", name="Mijn versie bewaren").click()
    expect(_note(b, "Bus om 7.30 u.: versie van laptop A")).to_be_visible(timeout=15_000)
    assert [body for body, _ in _bodies(db)] == ["Bus om 7.30 u.: versie van laptop A"]

    # one click deletes, "Ongedaan maken" brings it back, on both laptops
    note = _note(a, "Bus om 7.30 u.: versie van laptop A")
    note.get_by_role("button", name="Verwijderen").click()
    expect(_note(b, "Bus om 7.30 u.: versie van laptop A")).to_have_count(0, timeout=15_000)
    a.get_by_role("button", name="Ongedaan maken").click()
    expect(_note(a, "Bus om 7.30 u.: versie van laptop A")).to_be_visible()
    expect(_note(b, "Bus om 7.30 u.: versie van laptop A")).to_be_visible(timeout=15_000)
    assert _bodies(db) == [("Bus om 7.30 u.: versie van laptop A", None)]

    # another conflict: "Beide bewaren" keeps the other laptop's version and adds mine beside it
    first = "Bus om 7.30 u.: versie van laptop A"
    _note(a, first).get_by_role("button", name="Bewerken").click()
    _note(b, first).get_by_role("button", name="Bewerken").click()
    b.locator("[class*='st-key-np_note_'] textarea").fill("Tafel 2: bus om 8 u.")
    b.get_by_role("button", name="Wijziging bewaren").click()
    expect(b.get_by_text("Tafel 2: bus om 8 u.", exact=True)).to_be_visible()
    a.locator("[class*='st-key-np_note_'] textarea").fill("Tafel 5: fietsbus")
    a.get_by_role("button", name="Wijziging bewaren").click()
    expect(a.get_by_text(re.compile("intussen op een andere laptop gewijzigd"))).to_be_visible()
    a.get_by_role("button", name="Beide bewaren").click()
    expect(_note(b, "Tafel 5: fietsbus")).to_be_visible(timeout=15_000)
    expect(_note(b, "Tafel 2: bus om 8 u.")).to_be_visible()
    assert sorted(body for body, _ in _bodies(db)) == ["Tafel 2: bus om 8 u.", "Tafel 5: fietsbus"]


def test_an_unknown_link_says_so_and_opens_nothing(notes_server, laptops):
    url, _ = notes_server
    a, _ = laptops
    a.goto(url + "/notities?sessie=atelier-31-12-1999")
    expect(a.get_by_text(re.compile("geen sessie met de link-id"))).to_be_visible(timeout=20_000)
    expect(a.locator(".st-key-np_form")).to_have_count(0)


def test_a_save_while_the_server_is_down_says_not_saved_and_one_retry_stores_one(browser, tmp_path):
    db = tmp_path / "notes.sqlite"
    env = {"RURALDASH_NOTES_URL": f"sqlite:///{db}"}
    proc, url = start_server(env)
    port = urlsplit(url).port
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(url + "/notities")
        page.get_by_label("Titel van de nieuwe sessie (vrije tekst)").fill(TITLE)
        page.get_by_role("button", name="Sessie starten").click()
        page.wait_for_url(re.compile(f"sessie={SLUG}"), timeout=20_000)
        _save(page, "eerste notitie")
        form = page.locator(".st-key-np_form")
        form.get_by_label("Gemeente (optioneel)").click()
        page.keyboard.type("Lier")
        page.get_by_role("option", name="Lier (12021)").click()
        page.wait_for_url(re.compile("gemeente=12021"), timeout=20_000)
        form.get_by_label("Facet (optioneel)").click()
        page.get_by_role("option", name=re.compile("Warme gemeenschap")).click()
        page.wait_for_url(re.compile("nfacet=3"), timeout=20_000)  # kept in the link
        form.get_by_label("Notitie", exact=True).fill("Typed while the Wi-Fi died")
        stop_server(proc)
        expect(
            page.get_by_text(re.compile("Verbinding weg: wat u typt blijft staan"))
        ).to_be_visible(timeout=20_000)
        expect(page.get_by_text(re.compile("Notitie bewaard om"))).to_be_hidden()
        screenshot(page, "notes_not_saved_1280x720")

        proc, _ = start_server(env, port=port)
        expect(page.get_by_text(re.compile("Verbinding weg"))).to_be_hidden(timeout=40_000)
        submit = form.get_by_role("button", name="Notitie bewaren")
        expect(form.get_by_label("Notitie", exact=True)).to_have_value(
            "Typed while the Wi-Fi died", timeout=40_000
        )
        expect(form.get_by_role("combobox", name="Facet (optioneel)")).to_be_enabled(timeout=40_000)
        snapshot = form.aria_snapshot()  # the chosen values survive the restart
        assert 'combobox "Facet (optioneel)": 3 Warme gemeenschap' in snapshot
        assert 'combobox "Gemeente (optioneel)": Lier (12021)' in snapshot
        submit.click()  # one click; the editor sends it again until an answer comes
        expect(page.get_by_text(re.compile("Notitie bewaard om"))).to_be_visible(timeout=60_000)
        wait_idle(page)
        rows = sqlite3.connect(db).execute("SELECT body, nis_code, facet FROM notes ORDER BY id")
        assert rows.fetchall() == [
            ("eerste notitie", None, None),
            ("Typed while the Wi-Fi died", "12021", 3),
        ]
    finally:
        context.close()
        stop_server(proc)
