"""The Monitor page (AppTest): defaults, URL choices, status vs progress, merger note, land take,
Dutch message for impossible years, and the same figures as ``ruraldash monitor --json``."""

from __future__ import annotations

import json

import pytest

from ruraldash import cli
from tests.app.conftest import needs_data, page_text, run_page

pytestmark = needs_data


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_defaults_land_use_2000_to_2015_with_flanders_and_types():
    at = run_page("monitor")
    assert not at.exception
    text = page_text(at)
    assert "Pactmonitor" in text
    assert "Vlaanderen van 16,39\u00a0% naar 18,95\u00a0%" in text
    assert [s.value for s in at.selectbox][:4] == [1, "built_share", 2000, 2015]
    table = at.dataframe[0].value
    assert list(table.index) == ["Vlaanderen", "Plattelandsgemeente", "Verstedelijkte gemeente",
                                 "Centrumstad"]  # fmt: skip
    assert "Type: Plattelandsrapport-regel" in _captions(at)
    assert "1992" not in _captions(at) and "2003, 2006" in _captions(at)  # gaps in the span only


def test_page_figures_equal_the_cli(capsys):
    at = run_page("monitor", monitor="built_share", basis="1990", tot="2015", grenzen="2025")
    row = at.dataframe[0].value.loc["Vlaanderen"]
    assert cli.main(["monitor", "built_share", "--basis", "1990", "--tot", "2015",
                     "--grenzen", "2025", "--json"]) == 0  # fmt: skip
    obj = json.loads(capsys.readouterr().out)
    assert row["niveau 1990"] == pytest.approx(obj["flanders"]["baseline"], abs=1e-4)
    assert row["niveau 2015"] == pytest.approx(obj["flanders"]["end"], abs=1e-4)
    assert row["per jaar (%)"] == pytest.approx(obj["flanders"]["annual_pct"], abs=1e-4)
    plat = at.dataframe[0].value.loc["Plattelandsgemeente"]
    assert plat["verandering (%)"] == pytest.approx(
        obj["by_type"]["platteland"]["change_pct"], abs=1e-4
    )


def test_status_and_progress_of_a_merged_municipality_on_2025_borders():
    at = run_page("monitor", monitor="population", grenzen="2025", gemeente="44087")
    assert not at.exception
    text = page_text(at)
    assert "Status · Lochristi" in text and "Vooruitgang · Lochristi" in text
    caps = _captions(at)
    assert "Lochristi bestaat sinds 1 januari 2025 uit Lochristi, Wachtebeke" in caps
    assert "andere bron (2020, 2025)" in caps  # the series break is said
    assert "2016, 2017" in caps  # and the gap


def test_land_take_per_day_beside_the_cited_bouwshift():
    at = run_page("monitor", monitor="built_ha", basis="2010", tot="2015")
    text = " ".join(m.value for m in at.markdown)
    assert "Vlaanderen 2010–2015: 5,49 ha bebouwde percelen per dag" in text
    warning = " ".join(w.value for w in at.warning)
    assert "niet het ruimtebeslag" in warning and "stopt in 2015" in warning
    info = " ".join(i.value for i in at.info)
    assert "3 ha per dag in 2025" in info and "Witboek Beleidsplan Ruimte Vlaanderen" in info


def test_end_before_baseline_is_refused_in_dutch_and_facet_5_says_it_has_no_series():
    at = run_page("monitor")
    at.selectbox(key="w_mon_b").select(2015).run()
    at.selectbox(key="w_mon_e").select(2000).run()
    assert any("moet vóór het eindjaar" in e.value for e in at.error)
    at.selectbox(key="w_mon_facet").select(5).run()
    assert any("geen reeks met minstens twee jaren" in i.value for i in at.info)


def test_projection_is_labelled_as_one():
    at = run_page("monitor", monitor="households")
    assert "2040 is een projectie" in _captions(at)
    assert "(2040: projectie)" in page_text(at)


def test_profile_trends_are_index_charts_so_a_small_municipality_is_not_flat():
    at = run_page("profiel", gemeente="73028")  # Herstappe, fewer than 100 inhabitants
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    axis = [s["layout"].get("yaxis", {}).get("title", {}).get("text") for s in specs]
    trend = specs[axis.index("index (2018 = 100)")]
    own = trend["data"][0]
    assert own["name"] == "Herstappe" and own["y"][0] == 100.0
    assert max(own["y"]) > 105  # its own change shows, instead of a flat line near 0
    population = specs[axis.index("index (2009 = 100)")]  # 2009–2015, 2020, 2025 (the series)
    years = population["data"][0]["x"]
    assert years[0] == 2009 and years[-1] == 2025


def test_tour_option_shows_the_facets_map_of_change():
    at = run_page("kaart", presentatie="1", stap="1", verandering="1")
    assert not at.exception
    text = page_text(at)
    assert "Facet 1" in text and "Verandering 2000–2015 (procentpunt)" in text
    assert at.toggle(key="w_tour_change").value is True
    at = run_page("kaart", presentatie="1", stap="5", verandering="1")
    assert "geen reeks met twee jaren" in page_text(at)  # in the sentence box, under the heading
    at.toggle(key="w_tour_change").set_value(False).run()
    assert "verandering" not in at.query_params


def test_the_monitors_facet_leaves_the_map_pages_facet_filter_alone():
    at = run_page("monitor", mfacet="3")
    assert at.selectbox(key="w_mon_facet").value == 3
    assert at.query_params.get("mfacet") == "3" and "facet" not in at.query_params


def test_a_year_without_data_in_the_link_falls_back_with_a_dutch_notice():
    at = run_page("monitor", monitor="built_share", basis="1992", tot="2015")
    assert at.selectbox(key="w_mon_b").value == 2000  # the default, not the gap year
    assert any("Geen gegevens voor jaar 1992" in x.value for x in at.toast)
    at = run_page("monitor", monitor="nope")
    assert any("Onbekende indicator 'nope'" in x.value for x in at.toast)
    assert at.selectbox(key="w_mon_ind").value == "built_share"
