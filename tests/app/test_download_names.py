"""Download file names speak the user's language: Dutch words and the indicator's Dutch name in the
Dutch UI, English in the English UI; never the catalogue's English id ("built-share")."""

from __future__ import annotations

import re

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests.app.conftest import needs_data, page_path

pytestmark = needs_data
SAFE = re.compile(r"[a-z0-9_.-]{1,120}")


@pytest.fixture
def names(monkeypatch) -> list[str]:
    """The file name of every download button the page draws."""
    seen: list[str] = []
    original = DeltaGenerator.download_button

    def spy(self, label, data, file_name=None, *args, **kwargs):
        seen.append(file_name)
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return seen


def _map_with_exports(lang: str) -> AppTest:
    at = AppTest.from_file(page_path("kaart"), default_timeout=90)
    at.query_params["taal"] = lang
    at.session_state["rd_rank_table"] = True  # the ranking table's downloads
    at.session_state["rd_map_exports"] = True  # print map, slide, offline page
    return at.run()


@pytest.mark.parametrize(
    ("lang", "words", "absent"),
    [
        ("nl", ("ruraldash_kaart_bebouwde-percelen_2019", "_drukkaart", "_dia"), ("map", "built")),
        ("en", ("ruraldash_map_built-parcels_2019", "_print-map", "_slide"), ("kaart", "bebouwd")),
    ],
)
def test_map_downloads_are_named_in_the_ui_language(names, lang, words, absent):
    at = _map_with_exports(lang)
    assert not at.exception
    assert len(names) >= 6, names  # 3 table files, print map ×3, slide, offline page
    for name in names:
        assert SAFE.fullmatch(name), name
        assert "built-share" not in name and "built_share" not in name
        assert not any(a in name for a in absent), name
    joined = " ".join(names)
    for word in words:
        assert word in joined, (word, names)
