"""Share links (issue 21): made on any page, they point at the app plus the page, never the page twice."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ruraldash.features.selection import Selection
from ruraldash.ui import state


@pytest.mark.parametrize(
    "here",
    [
        "http://127.0.0.1:8501/openruimtefonds",
        "http://127.0.0.1:8501/openruimtefonds?prov=Limburg",
        "http://127.0.0.1:8501/",
        "http://127.0.0.1:8501",
    ],
)
def test_the_orf_share_link_names_its_page_once(here, monkeypatch):
    monkeypatch.setattr(state.st, "context", SimpleNamespace(url=here))
    link = state.share_url(Selection(provinces=("Limburg",)), "openruimtefonds")
    assert link == "http://127.0.0.1:8501/openruimtefonds?prov=Limburg"


def test_a_base_path_is_kept(monkeypatch):
    monkeypatch.setattr(state.st, "context", SimpleNamespace(url="https://x.be/dash/kaart"))
    monkeypatch.setattr(state.st, "get_option", lambda name: "/dash")
    assert state.share_url(Selection(), "profiel") == "https://x.be/dash/profiel"
