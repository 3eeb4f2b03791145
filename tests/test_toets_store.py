"""Saved screens (features.toets.store) and the difference test said plainly (features.toets.words)."""

from __future__ import annotations

import pytest

from ruraldash.data.sqlstore import sqlite_uri
from ruraldash.domain import fairness
from ruraldash.features.toets.store import ScreenStore, StoreError, clean_answers
from ruraldash.features.toets.words import ALPHA


def test_a_saved_screen_comes_back_by_its_id(tmp_path):
    store = ScreenStore(f"sqlite:///{tmp_path}/s.sqlite")
    doc = {
        "choice": {"kind": "orf"},
        "answers": clean_answers({"services": " Geen \x00sluiting ", "travel": ""}),
    }
    screen_id = store.save(doc)
    again = ScreenStore(f"sqlite:///{tmp_path}/s.sqlite").load(screen_id)
    assert again["answers"] == {"services": "Geen sluiting"} and again["id"] == screen_id
    assert store.load("../../etc") is None and store.load("0123456789") is None


def test_a_read_only_store_saves_nothing_and_says_so(tmp_path):
    path = tmp_path / "s.sqlite"
    ScreenStore(f"sqlite:///{path}").close()
    store = ScreenStore(sqlite_uri(path, "mode=ro"))
    with pytest.raises(StoreError) as err:
        store.save({"answers": {}})
    assert err.value.code == "toets_store_failed"


def test_a_difference_no_larger_than_chance_is_called_not_significant():
    import pandas as pd

    from ruraldash.core.i18n import t

    world = pd.DataFrame(
        {"type": ["platteland", "verstedelijkt"] * 10, "population": [1000.0] * 20}
    )
    amount = pd.Series([5.0, 6.0, 6.0, 5.0] * 5) * 1000
    amount.index = world.index
    test = fairness.permutation_test(amount, world["population"], world["type"], ("platteland",),
                                     ("verstedelijkt",))  # fmt: skip
    assert test.p_value >= ALPHA
    assert "niet significant" in t(
        "toets_test_not_significant", "nl", diff="", n="", p="", alpha=""
    )
