"""The workshop notes page: sessions by link, capture, list, escape, undo, too-long text, a read-only database."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from ruraldash.features.notes import NoteStore
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


def _add(notes_db, body: str) -> None:
    with NoteStore.from_path(notes_db) as store:
        store.add("atelier-01-12-2026", body)


def _has_form(at: AppTest) -> bool:
    return any(sb.key == "np_nis" for sb in at.selectbox)


def test_a_session_opens_by_its_link_with_its_title_above_the_form(slug):
    at = _page(slug)
    assert not at.exception
    assert slug == "atelier-01-12-2026"
    assert "Atelier 01/12/2026" in _text(at)
    assert _has_form(at)


def test_an_old_link_with_the_title_opens_that_session_and_gets_the_id(slug):
    at = _page(TITLE)
    assert not at.exception and not at.toast
    assert at.query_params["sessie"] == [slug] or at.query_params["sessie"] == slug


def test_an_unknown_id_says_so_and_opens_nothing(slug):
    at = _page("atelier-99-99-9999")
    assert not at.exception
    assert at.warning and "atelier-99-99-9999" in at.warning[0].value
    assert "geen sessie" in at.warning[0].value
    assert not _has_form(at)  # no other session opened
    assert at.selectbox(key="np_session_pick").options == ["Atelier 01/12/2026", "Atelier Lier"]


def test_no_link_asks_to_choose(slug):
    at = _page(None)
    assert at.warning and "Kies eerst een sessie" in at.warning[0].value
    assert not _has_form(at)


def test_a_note_is_listed_escaped(slug, notes_db):
    _add(notes_db, "Te weinig <b>bussen</b> <script>alert(1)</script>")
    at = _page(slug)
    assert not at.exception
    html_out = " ".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    assert "<script>" not in html_out


def test_a_deleted_note_comes_back_with_undo(slug, notes_db):
    _add(notes_db, "Weg en terug")
    at = _page(slug)
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


def test_the_form_stays_when_the_database_cannot_be_opened(slug, notes_db, monkeypatch):
    st.cache_resource.clear()
    monkeypatch.setenv("RURALDASH_NOTES_URL", f"sqlite:///{notes_db.parent / 'x' / 'y'}/z.sqlite")
    monkeypatch.setenv("RURALDASH_DB_URL", f"sqlite:///{notes_db.parent / 'x' / 'y'}/z.sqlite")
    (notes_db.parent / "x").write_text("a file where a folder should be")
    at = _page(slug)
    assert not at.exception
    assert _has_form(at)  # the form (and the editor's text) stays
    assert "databank" in " ".join(w.value for w in at.warning).lower()


def test_in_presentation_mode_the_notes_lead_back_to_the_tour(notes_db, slug):
    """Reached from the walk's end screen, the notes page offers the way back to the walk."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in {"presentatie": "1", "stap": "6", "sessie": slug}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    back = at.button(key="rd_pres_back_to_tour")
    assert back.label == "◀ Terug naar de rondgang"
    # not offered outside the walk
    plain = AppTest.from_file(PAGE, default_timeout=60)
    plain.query_params["presentatie"] = "1"
    plain.run()
    assert not [b for b in plain.button if b.key == "rd_pres_back_to_tour"]
