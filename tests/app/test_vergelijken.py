"""The compare page in AppTest: loads, the type comparison and the scatter axes act, bad links."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT, settings
from ruraldash.domain.typology import load_atlas
from tests.app.conftest import needs_data, run_page

PAGE = str(ROOT / "pages" / "vergelijken.py")
pytestmark = needs_data


def _run(**params) -> AppTest:
    return run_page("vergelijken", **params)


def _stats(at: AppTest):
    """The per-type table of the chosen indicator (the first table on the page)."""
    return at.dataframe[0].value.set_index("Type")


def _rho(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "rd-cmp-rho" in m.value)


def test_default_load_shows_three_types_with_our_and_the_official_counts():
    at = _run()
    assert not at.exception
    stats = _stats(at)
    assert list(stats.index) == [
        "Plattelandsgemeente", "Verstedelijkte gemeente", "Centrumstad", "Alle gemeenten",
    ]  # fmt: skip
    assert stats.at["Centrumstad", "Met waarde (n)"] == "13"
    note = next(m.value for m in at.markdown if "rd-cmp-typology" in m.value)
    assert "gekalibreerde benadering (139/148/13; officieel 140/147/13)" in note
    assert "model" in note and "1,211" in note  # status and the derived factor, on screen
    every = at.dataframe[1].value
    assert len(every) % 3 == 0 and len(every) > 60  # every numeric indicator × three types


def test_changing_the_indicator_changes_the_medians_table():
    at = _run()
    before = _stats(at)["Mediaan"].tolist()
    at.selectbox(key="cmp_type_ind").set_value("open_space_share").run()
    assert not at.exception
    after = _stats(at)["Mediaan"].tolist()
    assert after != before
    assert at.query_params["ind"] == "open_space_share"  # the map page follows


def test_changing_the_scatter_axes_changes_rho_and_the_link():
    at = _run(x="density_2020", y="open_space_share")
    assert not at.exception
    before = _rho(at)
    assert "Spearman" in before and "n = 300" in before
    at.selectbox(key="cmp_y").set_value("survey_trust_local").run()
    assert not at.exception
    assert _rho(at) != before
    assert at.query_params["y"] == "survey_trust_local"


def test_a_province_filter_narrows_every_count():
    limburg = int((load_atlas(settings()).units("2019")["province"] == "Limburg").sum())
    at = _run(prov="Limburg")
    assert not at.exception
    total = _stats(at).loc["Alle gemeenten"]
    assert int(total["Met waarde (n)"]) + int(total["Zonder waarde"]) == limburg
    assert any(str(limburg) in i.value for i in at.info)


def test_unknown_axis_in_the_link_gives_a_notice_not_a_traceback():
    at = _run(x="foo", y="service_class_2025")
    assert not at.exception
    assert any("onbekend" in w.value for w in at.warning)
    assert at.selectbox(key="cmp_x").value == "density_2020"
    assert at.selectbox(key="cmp_y").value == "open_space_share"
