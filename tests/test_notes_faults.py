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
