"""A facilitator whose database restarts during a save (issue 21), on a real PostgreSQL.

The note editor (a custom component v2) keeps the text and the table whatever fails, names the
cause ("databank onbereikbaar" when PostgreSQL is down, "verbinding weg" when the app server is),
saves by itself once things are back, and stores the note exactly once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from .conftest import screenshot, start_server, stop_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

TITLE = "Atelier Voeren"
SLUG = "atelier-voeren"


def _rows(url) -> list[tuple[str, str | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            query = text("SELECT body, group_name FROM notes ORDER BY id")
            return [tuple(r) for r in conn.execute(query)]
    finally:
        engine.dispose()


def _editor(page):
    return page.locator(".rd-ne")


def test_database_and_server_restarts_during_a_save(browser, pg_cluster, pg_url):
    env = {"RURALDASH_DB_URL": pg_url.render_as_string(hide_password=False)}
    proc, url = start_server(env)
    port = urlsplit(url).port
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(url + "/notities")
        title = page.get_by_label("Titel van de nieuwe sessie (vrije tekst)")
        title.wait_for(timeout=90_000)  # a fresh server's first run loads all data
        title.fill(TITLE)
        page.get_by_role("button", name="Sessie starten").click()
        page.wait_for_url(re.compile(f"sessie={SLUG}"), timeout=30_000)
        body = page.get_by_label("Notitie", exact=True)
        group = page.get_by_label("Tafel of groep (optioneel)")
        status = _editor(page).locator(".rd-ne-status")
        group.fill("Tafel 3")
        body.fill("Eerste notitie")
        page.get_by_role("button", name="Notitie bewaren").click()
        expect(status).to_have_text(re.compile("Notitie bewaard om"), timeout=30_000)
        expect(body).to_have_value("")
        expect(group).to_have_value("Tafel 3")  # the table stays for the next note

        # PostgreSQL stops while the facilitator saves: the form and the text stay, the cause
        # is named, and the note is saved by itself once the database is back
        pg_cluster.pause()
        try:
            body.fill("Bus om 7.30 u. is te vroeg")
            page.get_by_role("button", name="Notitie bewaren").click()
            expect(status).to_have_text(re.compile("databank onbereikbaar"), timeout=30_000)
            expect(body).to_have_value("Bus om 7.30 u. is te vroeg")
            screenshot(page, "notes_db_down_1280x720")
        finally:
            pg_cluster.resume()
        expect(status).to_have_text(re.compile("Notitie bewaard om"), timeout=40_000)
        expect(body).to_have_value("")
        screenshot(page, "notes_db_back_1280x720")

        # the app server dies while a save waits for the database (a lock held elsewhere):
        # "verbinding weg"; with both back the editor asks again and the note is stored once
        body.fill("Getypt terwijl de server herstartte")
        locker = create_engine(pg_url).connect()
        locker.execute(text("BEGIN"))
        locker.execute(text("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE"))
        page.get_by_role("button", name="Notitie bewaren").click()
        expect(status).to_have_text(re.compile("Bezig met bewaren"), timeout=10_000)
        proc.kill()
        proc.wait(10)
        locker.rollback()
        locker.close()
        expect(status).to_have_text(re.compile("verbinding weg"), timeout=40_000)
        expect(body).to_have_value("Getypt terwijl de server herstartte")
        screenshot(page, "notes_server_down_1280x720")
        proc, _ = start_server(env, port=port)
        expect(status).to_have_text(re.compile("Notitie bewaard om"), timeout=60_000)
        expect(group).to_have_value("Tafel 3")  # restored after the reconnect
        assert _rows(pg_url) == [
            ("Eerste notitie", "Tafel 3"),
            ("Bus om 7.30 u. is te vroeg", "Tafel 3"),
            ("Getypt terwijl de server herstartte", "Tafel 3"),
        ]

        # a draft survives a reload, and nothing typed is overwritten by the restore
        body.fill("Nog niet bewaard")
        page.reload()
        expect(page.get_by_label("Notitie", exact=True)).to_have_value(
            "Nog niet bewaard", timeout=30_000
        )
    finally:
        context.close()
        stop_server(proc)
