"""A static/gen the app cannot write (and without the map's files) is said in Dutch on the page,
instead of an English traceback with 0 of 300 municipalities drawn."""

from __future__ import annotations

import streamlit as st

from ruraldash.render import staticgen
from tests.app.conftest import needs_data, run_page


@needs_data
def test_map_page_with_a_file_in_place_of_static_gen_explains_the_fix(tmp_path, monkeypatch):
    (tmp_path / "gen").write_text("a file where the folder should be")
    monkeypatch.setattr(staticgen, "STATIC_DIR", tmp_path)
    st.cache_resource.clear()
    try:
        at = run_page("kaart")
        assert not at.exception
        errors = " ".join(e.value for e in at.error)
        assert "De kaartbestanden ontbreken" in errors
        assert "ruraldash data sync" in errors and "kan niet geschreven worden" in errors
    finally:
        st.cache_resource.clear()


@needs_data
def test_map_page_runs_when_sync_wrote_the_files_and_static_gen_is_read_only(tmp_path, monkeypatch):
    monkeypatch.setattr(staticgen, "STATIC_DIR", tmp_path)
    st.cache_resource.clear()
    try:
        run_page("kaart")  # the first start writes the files (as `ruraldash data sync` would)

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(staticgen.os, "replace", refuse)  # now nothing can be written
        st.cache_resource.clear()  # a new process
        at = run_page("kaart")
        assert not at.exception and not at.error
    finally:
        st.cache_resource.clear()
