"""Saving a note while the database fails (issue 21), on SQLite and on a real PostgreSQL that is
stopped and started: the answer is the truth, the text is never lost, a note is stored once.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from ruraldash.features.notes import NOTES, NoteStore, NoteStoreUnavailable
from ruraldash.features.notes.saving import (
    DB_DOWN,
    REFUSED,
    SAVED,
    SaveRequest,
    new_token,
    save_note,
)

SESSION = "atelier-lier"


def _count(store: NoteStore) -> int:
    return store._query(lambda c: c.execute(select(func.count()).select_from(NOTES)).scalar())


def _request(body: str, token: str | None = None, group: str = "Tafel 3") -> SaveRequest:
    return SaveRequest(body=body, group=group, token=token or new_token(), nonce=new_token()[:8])


class Outage:
    """Take the database away and bring it back: PostgreSQL stopped, SQLite locked by a writer."""

    def __init__(self, backend: str, request, db_url) -> None:
        self.backend, self.request, self.url = backend, request, db_url
        self.lock = None

    def __enter__(self) -> Outage:
        if self.backend == "postgres":
            self.request.getfixturevalue("pg_cluster").pause()
        else:
            self.lock = sqlite3.connect(str(self.url).removeprefix("sqlite:///"))
            self.lock.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *_exc) -> None:
        if self.backend == "postgres":
            self.request.getfixturevalue("pg_cluster").resume()
        else:
            self.lock.rollback()
            self.lock.close()


@pytest.fixture
def store(db_url):
    with NoteStore(db_url, busy_timeout_ms=300) as opened:
        opened.create_session("Atelier Lier")
        yield opened


def test_a_save_while_the_database_is_down_says_so_and_is_stored_once_when_it_is_back(
    store, backend, request, db_url
):
    req = _request("Bus om 7.30 u. is te vroeg")
    with Outage(backend, request, db_url):
        down = save_note(store, SESSION, "Atelier Lier", req)
        again = save_note(store, SESSION, "Atelier Lier", req)  # the editor retries
    assert down.kind == again.kind == DB_DOWN
    assert "databank onbereikbaar" in down.text and "blijft hier staan" in down.text
    assert "verbinding weg" not in down.text  # the cause is the database, not the network
    back = save_note(store, SESSION, "Atelier Lier", req)
    assert back.kind == SAVED and back.token == req.token and back.next_token != req.token
    assert "bewaard" in back.text
    notes = store.list(session=SESSION)
    assert [(n.body, n.group_name) for n in notes] == [("Bus om 7.30 u. is te vroeg", "Tafel 3")]


def test_a_save_whose_answer_was_lost_in_a_restart_is_found_and_said_bewaard(
    store, backend, request, db_url
):
    req = _request("Meer bomen op het plein")
    store.add(SESSION, req.body, client_token=req.token)  # committed; the answer never came
    with Outage(backend, request, db_url):
        pass  # the database restarts
    answer = save_note(store, SESSION, "Atelier Lier", req)  # the editor asks again
    assert answer.kind == SAVED
    assert "bewaard" in answer.text and "één keer" in answer.text
    assert _count(store) == 1


def test_a_typed_text_is_never_called_empty_and_an_empty_one_is_refused(store):
    assert save_note(store, SESSION, "Atelier Lier", _request("   ")).kind == REFUSED
    typed = save_note(store, SESSION, "Atelier Lier", _request("Tekst na een herstart"))
    assert typed.kind == SAVED and "leeg" not in typed.text


def test_a_token_reused_for_another_text_stores_that_text_too(store):
    token = new_token()
    save_note(store, SESSION, "Atelier Lier", _request("eerste", token))
    second = save_note(store, SESSION, "Atelier Lier", _request("tweede", token))
    assert second.kind == SAVED
    assert sorted(n.body for n in store.list(session=SESSION)) == ["eerste", "tweede"]


def test_no_store_at_all_is_database_down_with_its_cause():
    cause = NoteStoreUnavailable("notes_err_cantopen")
    answer = save_note(None, SESSION, "Atelier Lier", _request("x"), unavailable=cause)
    assert answer.kind == DB_DOWN and "kan niet geopend worden" in answer.text


@pytest.mark.parametrize(
    "value",
    [None, "x", {"body": 1}, {"body": "a", "group": "", "token": "bad token!", "nonce": "n"}],
)
def test_a_malformed_request_from_the_browser_is_ignored(value):
    assert SaveRequest.from_browser(value) is None


def test_an_over_long_text_is_refused_in_dutch_and_nothing_is_written(store):
    answer = save_note(store, SESSION, "Atelier Lier", _request("Lange plak. " * 1000))
    assert answer.kind == REFUSED and "te lang" in answer.text and "10.000" in answer.text
    assert _count(store) == 0


def test_the_editor_contract_matches_its_script():
    """Every field and word the browser side reads is sent by the server side (and no more)."""
    import re
    from dataclasses import fields
    from pathlib import Path

    from ruraldash.ui import noteeditor

    js = (Path(noteeditor.__file__).with_name("assets") / "noteeditor.js").read_text()
    read = set(re.findall(r"\bdata\.(\w+)", js)) - {"labels"}
    assert read == {f.name for f in fields(noteeditor.EditorData)} - {"labels"}
    words = set(re.findall(r"labels\.(\w+)", js))
    assert words == set(noteeditor.labels("nl"))
    answer = set(re.findall(r"\ba\.(\w+)", js))
    assert answer <= set(save_note(None, SESSION, "x", _request("x")).to_browser())
    sent = set(re.findall(r"(\w+): s\.pending\.\w+", js)) | {"nonce"}
    assert sent == {f.name for f in fields(SaveRequest)}


BIDI = "\u202egnp.exe"  # shows as "exe.png" when the override is kept


def test_bidi_controls_never_reach_titles_notes_or_exports(store):
    """Issue 21: U+202E passed raw into session titles, notes and exports."""
    session = store.create_session(f"Atelier {BIDI} http://evil.example")
    assert "\u202e" not in session.title and "gnp.exe" in session.title
    answer = save_note(store, session.slug, session.title, _request(f"Zie {BIDI}", group=BIDI))
    assert answer.kind == SAVED and "\u202e" not in answer.text
    note = store.list(session=session.slug)[0]
    assert "\u202e" not in note.body + (note.group_name or "")
    csv_text = store.export_csv(session.slug).decode("utf-8-sig")
    md_text = store.export_markdown(session.slug)
    assert "\u202e" not in csv_text and "\u202e" not in md_text
    assert "gnp.exe" in csv_text and "gnp.exe" in md_text


def test_the_place_chosen_at_save_time_travels_with_the_request(store):
    """After a restart the page's widgets may not be there yet: the request carries the place."""
    raw = {"body": "Bus te vroeg", "group": "", "token": new_token(), "nonce": "n1",
           "nis_code": "12021", "facet": 3}  # fmt: skip
    req = SaveRequest.from_browser(raw)
    assert (req.nis_code, req.facet) == ("12021", 3)
    save_note(store, SESSION, "Atelier Lier", req, (req.nis_code, req.facet))
    note = store.list(session=SESSION)[0]
    assert (note.nis_code, note.facet) == ("12021", 3)
    assert SaveRequest.from_browser(raw | {"facet": "3"}) is None
