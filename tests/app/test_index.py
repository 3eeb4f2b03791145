"""The composite index page in AppTest: a labelled model, weights act, links round-trip, bad links."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from tests.app.conftest import needs_data, run_page

PAGE = str(ROOT / "pages" / "index.py")
pytestmark = needs_data


def _run(**params) -> AppTest:
    return run_page("index", **params)


def _ranking(at: AppTest) -> list[str]:
    table = next(d.value for d in at.dataframe if "Indexscore" in d.value.columns)
    return list(table["Gemeente"])


def test_default_load_is_labelled_a_model_with_its_method_and_300_ranked():
    at = _run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "een model, geen officiële maat" in text and ">model</span>" in text
    assert "rd-ix-method" in text and "min-max" in text
    assert len(_ranking(at)) == 300
    assert "Bron" in next(m.value for m in at.markdown if "Onderdelen van het model" in m.value)


def test_adding_an_indicator_and_changing_a_weight_change_the_ranking():
    at = _run(inds="open_space_share,survey_gp", gewichten="5,5")
    first = _ranking(at)
    at.multiselect(key="ix_inds").select("survey_shops").run()
    assert not at.exception
    second = _ranking(at)
    assert second != first
    at.number_input(key="ix_w_survey_shops").set_value(10.0).run()
    assert not at.exception
    assert _ranking(at) != second
    assert at.query_params["inds"] == "open_space_share,survey_gp,survey_shops"
    assert at.query_params["gewichten"] == "5,5,10"


def test_a_neutral_indicator_can_be_turned_around_and_the_link_keeps_it():
    at = _run(inds="density_2020:-1,open_space_share", gewichten="2,8")
    assert not at.exception
    assert at.selectbox(key="ix_d_density_2020").value == -1
    assert at.number_input(key="ix_w_open_space_share").value == 8.0
    assert at.query_params["inds"] == "density_2020:-1,open_space_share"


def test_tampered_link_gives_a_notice_and_no_traceback():
    at = _run(inds="foo", gewichten="x")
    assert not at.exception
    assert any("foo" in w.value for w in at.warning)
    assert at.multiselect(key="ix_inds").value  # the default indicators took over
    assert len(_ranking(at)) == 300


def test_all_weights_zero_asks_for_a_weight_instead_of_failing():
    at = _run(inds="open_space_share", gewichten="0")
    assert not at.exception
    assert any("gewicht groter dan 0" in i.value for i in at.info)
