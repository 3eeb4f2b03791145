"""The monitor on the real bundle: its figures reproduce the checks written in SOURCES.md."""

from __future__ import annotations

import pytest

from ruraldash.features.monitor import table
from ruraldash.features.monitor.result import compute


@pytest.fixture(scope="module")
def data(real_atlas):
    from ruraldash.data.series import SeriesMissing
    from ruraldash.features.monitor.series import load_monitor

    try:
        return load_monitor(real_atlas.settings.data_dir, real_atlas.datasets)
    except SeriesMissing as exc:
        pytest.skip(f"series not synced: {exc}")


@pytest.mark.parametrize(
    ("year", "share"), [(1985, 11.6), (1990, 13.2), (2000, 16.4), (2010, 18.2), (2015, 18.9)]
)
def test_flanders_built_share_as_in_sources(real_atlas, data, year, share):
    res = compute(data, real_atlas, "built_share", 1983, year)
    assert round(res.flanders["end"], 1) == share


def test_land_take_2010_2015_and_the_three_municipalities(real_atlas, data):
    res = compute(data, real_atlas, "built_ha", 2010, 2015)
    assert res.flanders["change"] == pytest.approx(10_025, abs=1)
    assert table.land_take(res).loc["vlaanderen", "ha_per_day"] == pytest.approx(5.49, abs=0.01)
    share = compute(data, real_atlas, "built_share", 1990, 2015).municipalities
    for nis, (then, now) in {"31042": (3.39, 5.03), "73109": (2.75, 4.29),
                             "44034": (13.04, 20.73)}.items():  # fmt: skip
        assert (round(share.at[nis, "baseline"], 2), round(share.at[nis, "end"], 2)) == (then, now)


def test_population_totals_and_both_border_sets_agree_on_flanders(real_atlas, data):
    res = compute(data, real_atlas, "population", 2010, 2015)
    assert (res.flanders["baseline"], res.flanders["end"]) == (6_251_983, 6_444_127)
    on25 = compute(data, real_atlas, "population", 2010, 2015, "2025")
    assert on25.flanders["end"] == 6_444_127 and on25.flanders["n"] == 285
    assert on25.municipalities["summed"].sum() == 13  # the 13 mergers of 2025


@pytest.mark.parametrize("border_set", ["2019", "2025"])
def test_every_series_answers_on_both_border_sets(real_atlas, data, border_set):
    from ruraldash.features.monitor.changemap import change_layer
    from ruraldash.features.monitor.indicators import INDICATORS
    from ruraldash.features.monitor.result import to_json
    from ruraldash.features.selection import Selection

    n_units = 300 if border_set == "2019" else 285
    for ind_id in INDICATORS:
        res = compute(data, real_atlas, ind_id, border_set=border_set)
        obj = to_json(res)
        assert len(obj["municipalities"]) == n_units, ind_id
        assert obj["flanders"]["n"] > 250 and set(obj["by_type"]) == {
            "platteland", "verstedelijkt", "centrumstad"}, ind_id  # fmt: skip
        layer = change_layer(res, real_atlas, Selection(border_set=border_set))
        assert len(layer.frame) == n_units and layer.legend, ind_id
