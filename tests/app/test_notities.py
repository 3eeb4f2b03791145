"""The workshop notes page: sessions by link, capture, list, escape, undo, too-long text, a read-only database."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from ruraldash.features.notes import MAX_BODY, NoteStore
from tests.app.conftest import needs_data

PAGE = str(ROOT / "pages" / "notities.py")
TITLE = "Atelier 01/12/2026"
pytestmark = needs_data


@pytest.fixture
def notes_db(tmp_path, monkeypatch):
    path = tmp_path / "notes.sqlite"
    monkeypatch.setenv("RURALDASH_NOTES_URL", f"sqlite:///{path}")
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


@pytest.fixture
def slug(notes_db) -> str:
    with NoteStore.from_path(notes_db) as store:
        store.create_session("Atelier Lier")  # another, more recent-looking session
        return store.create_session(TITLE).slug


def _page(sessie: str | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if sessie is not None:
        at.query_params["sessie"] = sessie
    return at.run()


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return " ".join(parts + [w.value for w in at.warning] + [e.value for e in at.error])


def _type_and_save(at: AppTest, body: str) -> AppTest:
    at.text_area(key="np_body").input(body)
    at.button(key="np_submit").click()
    return at.run()


def test_a_session_opens_by_its_link_with_its_title_above_the_form(slug):
    at = _page(slug)
    assert not at.exception
    assert slug == "atelier-01-12-2026"
    assert "Atelier 01/12/2026" in _text(at)
    assert at.text_area(key="np_body") is not None


def test_an_old_link_with_the_title_opens_that_session_and_gets_the_id(slug):
    at = _page(TITLE)
    assert not at.exception and not at.toast
    assert at.query_params["sessie"] == [slug] or at.query_params["sessie"] == slug


def test_an_unknown_id_says_so_and_opens_nothing(slug):
    at = _page("atelier-99-99-9999")
    assert not at.exception
    assert at.warning and "atelier-99-99-9999" in at.warning[0].value
    assert "geen sessie" in at.warning[0].value
    assert not any(ta.key == "np_body" for ta in at.text_area)  # no other session opened
    assert at.selectbox(key="np_session_pick").options == ["Atelier 01/12/2026", "Atelier Lier"]


def test_no_link_asks_to_choose(slug):
    at = _page(None)
    assert at.warning and "Kies eerst een sessie" in at.warning[0].value
    assert not any(ta.key == "np_body" for ta in at.text_area)


def test_a_note_is_saved_listed_and_escaped(slug):
    at = _type_and_save(_page(slug), "Te weinig <b>bussen</b> <script>alert(1)</script>")
    assert not at.exception
    assert any("Notitie bewaard" in s.value and TITLE in s.value for s in at.success)
    html_out = " ".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    assert "<script>" not in html_out
    assert at.text_area(key="np_body").value == ""  # cleared after a successful save


def test_a_deleted_note_comes_back_with_undo(slug):
    at = _type_and_save(_page(slug), "Weg en terug")
    (delete,) = [b for b in at.button if b.key and b.key.startswith("np_del_")]
    delete.click()
    at = at.run()
    assert "Weg en terug" in _text(at)  # in the undo bar only
    assert not [b for b in at.button if b.key and b.key.startswith("np_del_")]
    (undo,) = [b for b in at.button if b.key and b.key.startswith("np_undo_btn_")]
    undo.click()
    at = at.run()
    assert [b for b in at.button if b.key and b.key.startswith("np_del_")]
    assert any("teruggezet" in s.value for s in at.success)


def test_empty_note_is_refused_in_dutch_and_nothing_saved(slug):
    at = _type_and_save(_page(slug), "   ")
    assert at.error and "leeg" in at.error[0].value.lower()
    assert "Nog geen notities" in " ".join(c.value for c in at.caption)


def test_an_over_long_paste_is_refused_in_dutch_and_kept_whole(slug):
    long = "Lange plak. " * (MAX_BODY // 10)
    at = _type_and_save(_page(slug), long)
    assert at.error and "te lang" in at.error[0].value
    assert "10.000" in at.error[0].value
    assert at.text_area(key="np_body").value == long  # nothing cut off
    assert "van 10.000 tekens" in _text(at)  # the counter, in Dutch


def test_read_only_database_keeps_the_typed_text(slug, notes_db, monkeypatch):
    _type_and_save(_page(slug), "eerste notitie")
    st.cache_resource.clear()
    monkeypatch.setenv("RURALDASH_NOTES_URL", f"sqlite:///file:{notes_db}?mode=ro&uri=true")
    at = _type_and_save(_page(slug), "tweede notitie, niet kwijtraken")
    assert not at.exception
    assert at.error, "a clear message is shown"
    assert at.text_area(key="np_body").value == "tweede notitie, niet kwijtraken"
    assert "eerste notitie" in " ".join(m.value for m in at.markdown)  # listing still works
