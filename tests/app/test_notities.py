"""The workshop notes page: capture, list, escape, and a database that cannot be written."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from tests.app.conftest import needs_data

PAGE = str(ROOT / "pages" / "notities.py")
pytestmark = needs_data


@pytest.fixture
def notes_db(tmp_path, monkeypatch):
    path = tmp_path / "notes.sqlite"
    monkeypatch.setenv("RURALDASH_NOTES_URL", f"sqlite:///{path}")
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["sessie"] = "Atelier Lier"
    return at.run()


def _type_and_save(at: AppTest, body: str) -> AppTest:
    at.text_area(key="np_body").input(body)
    at.button[0].click()  # the form's submit button comes first
    return at.run()


def test_a_note_is_saved_listed_and_escaped(notes_db):
    at = _page()
    assert not at.exception
    at = _type_and_save(at, "Te weinig <b>bussen</b> <script>alert(1)</script>")
    assert not at.exception
    assert any("Notitie bewaard" in s.value for s in at.success)
    html_out = " ".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    assert "<script>" not in html_out
    assert at.text_area(key="np_body").value == ""  # cleared after a successful save


def test_empty_note_is_refused_in_dutch_and_nothing_saved(notes_db):
    at = _type_and_save(_page(), "   ")
    assert at.error and "leeg" in at.error[0].value.lower()
    assert "Nog geen notities" in " ".join(c.value for c in at.caption)


def test_read_only_database_keeps_the_typed_text(notes_db, monkeypatch):
    _type_and_save(_page(), "eerste notitie")
    st.cache_resource.clear()
    monkeypatch.setenv("RURALDASH_NOTES_URL", f"sqlite:///file:{notes_db}?mode=ro&uri=true")
    at = _type_and_save(_page(), "tweede notitie, niet kwijtraken")
    assert not at.exception
    assert at.error, "a clear message is shown"
    assert at.text_area(key="np_body").value == "tweede notitie, niet kwijtraken"
    assert "eerste notitie" in " ".join(m.value for m in at.markdown)  # listing still works
