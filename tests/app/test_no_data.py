"""Without synced data the app still starts and says, in Dutch, what is missing and how to fix it."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT, settings


def test_map_page_without_data_explains_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("RURALDASH_DATA_DIR", str(tmp_path / "leeg"))
    settings.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages" / "kaart.py"), default_timeout=60).run()
        assert not at.exception
        text = " ".join(m.value for m in at.markdown) + " ".join(e.value for e in at.error)
        assert "De gegevens zijn nog niet klaar" in text
        assert "geo/belgium_municipalities_2019.topo.json" in text
        assert any("ruraldash data sync" in c.value for c in at.code)
    finally:
        settings.cache_clear()
        st.cache_resource.clear()


def test_corrupt_file_is_reported_and_nothing_is_changed(tmp_path, monkeypatch):
    good = settings().data_dir
    data = tmp_path / "data"
    for path in good.rglob("*"):
        if path.is_file() and "cache" not in path.parts:
            target = data / path.relative_to(good)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    broken = data / "indicators" / "population_2020.csv"
    broken.write_text("nis_code,name\n11001,<script>alert(1)</script>\n", encoding="utf-8")
    monkeypatch.setenv("RURALDASH_DATA_DIR", str(data))
    settings.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages" / "kaart.py"), default_timeout=60).run()
        assert not at.exception
        text = " ".join(m.value for m in at.markdown)
        assert "indicators/population_2020.csv" in text and "controlegetal" in text
        assert broken.read_text(encoding="utf-8").startswith("nis_code,name")  # untouched
    finally:
        settings.cache_clear()
        st.cache_resource.clear()
