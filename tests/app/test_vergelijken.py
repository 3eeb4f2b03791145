"""Compare and composite-index pages in AppTest: they load, widgets act, bad links give notices."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.atlas import check_data
from ruraldash.config import ROOT, settings

pytestmark = pytest.mark.skipif(bool(check_data(settings())), reason="data not synced")


def _run(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_type_comparison_shows_the_three_types():
    at = _run("vergelijken.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert {"Plattelandsgemeente", "Verstedelijkte gemeente", "Centrumstad"} <= set(table.columns)
    assert "(n = 13)" in " ".join(table["Centrumstad"])


def test_changing_the_scatter_axes_changes_the_url_and_axes():
    at = _run("vergelijken.py", x="built_share", y="survey_shops")
    assert not at.exception
    assert at.selectbox(key="cmp_x").value == "built_share"
    at.selectbox(key="cmp_y").set_value("survey_public_transport").run()
    assert not at.exception
    assert at.query_params["y"] == "survey_public_transport"


def test_index_ranking_changes_with_a_weight():
    at = _run("index.py", inds="built_share,survey_shops", gewichten="1,1")
    assert not at.exception
    top = list(at.dataframe[1].value["Gemeente"].head(10))
    at.slider(key="idx_w_built_share").set_value(10.0).run()
    assert not at.exception
    assert list(at.dataframe[1].value["Gemeente"].head(10)) != top
    assert at.query_params["gewichten"] == "10,1"


def test_tampered_index_link_gives_a_notice_not_a_traceback():
    at = _run("index.py", inds="foo,built_share", gewichten="x")
    assert not at.exception
    assert at.multiselect(key="idx_inds").value == ["built_share"]
