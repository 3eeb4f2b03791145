"""The rural-proofing arithmetic (domain.fairness) on cases whose answer is known without the code."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from ruraldash.domain import fairness
from tests.factories import fairness_world, mapping_frame

RURAL, URBAN = ("platteland",), ("verstedelijkt", "centrumstad")


@pytest.fixture
def world() -> pd.DataFrame:
    return fairness_world()


def test_an_allocation_proportional_to_population_treats_every_type_alike(world):
    amount = world["population"] * 7.5  # 7,50 euro per inhabitant everywhere
    table = fairness.by_group(amount, world["population"], world["area_km2"], world["type"])
    assert table["amount_per_inhabitant"].tolist() == pytest.approx([7.5, 7.5, 7.5])
    assert table["share_gap_pp"].abs().max() == pytest.approx(0.0, abs=1e-9)
    curve = fairness.lorenz(amount, world["population"])
    assert fairness.gini(curve) == pytest.approx(0.0, abs=1e-12)
    assert fairness.ratio(table, RURAL, URBAN) == pytest.approx(1.0)
    assert fairness.concentration(amount, world["population"], world["type"]) == pytest.approx(
        {"centrumstad": 0.0, "platteland": 0.0, "verstedelijkt": 0.0}
    )
    test = fairness.permutation_test(amount, world["population"], world["type"], RURAL, URBAN)
    assert test.statistic == pytest.approx(0.0, abs=1e-9) and test.p_value == 1.0


def test_everything_to_the_13_centrumsteden_gives_platteland_nothing(world):
    amount = world["population"].where(world["type"] == "centrumstad", 0.0)
    table = fairness.by_group(amount, world["population"], world["area_km2"], world["type"])
    assert int(table.loc["centrumstad", "municipalities"]) == 13
    assert table.loc["platteland", "share_amount"] == 0.0
    assert table.loc["centrumstad", "share_amount"] == 1.0
    share_pop = world.groupby("type")["population"].sum() / world["population"].sum()
    assert table.loc["platteland", "share_gap_pp"] == pytest.approx(-100 * share_pop["platteland"])
    assert fairness.ratio(table, RURAL, URBAN) == 0.0
    reach = fairness.reach(fairness.overall(table))
    assert reach.municipalities == pytest.approx(13 / 40)
    conc = fairness.concentration(amount, world["population"], world["type"])
    assert conc["centrumstad"] > 0 > conc["platteland"]


def test_one_municipality_taking_all_gives_a_gini_of_one_minus_its_population_share():
    population = pd.Series([1.0] * 4, index=["a", "b", "c", "d"])
    amount = pd.Series([0.0, 0.0, 0.0, 10.0], index=population.index)
    assert fairness.gini(fairness.lorenz(amount, population)) == pytest.approx(0.75)


def test_missing_amounts_stay_out_of_every_figure(world):
    amount = world["population"] * 2.0
    amount.iloc[:3] = math.nan
    table = fairness.by_group(amount, world["population"], world["area_km2"], world["type"])
    assert int(table["municipalities"].sum()) == 37
    assert table.loc["centrumstad", "amount_per_inhabitant"] == pytest.approx(2.0)


def test_a_rural_premium_is_significant_and_reproducible(world):
    per = world["type"].map({"platteland": 30.0, "verstedelijkt": 10.0, "centrumstad": 10.0})
    amount = world["population"] * per
    first = fairness.permutation_test(amount, world["population"], world["type"], RURAL, URBAN)
    again = fairness.permutation_test(amount, world["population"], world["type"], RURAL, URBAN)
    assert first == again and first.statistic == pytest.approx(20.0)
    assert first.p_value == pytest.approx(1 / (fairness.N_PERMUTATIONS + 1))
    assert first.permutations == fairness.N_PERMUTATIONS and first.seed == fairness.SEED


def test_deciles_name_the_top_and_bottom_tenth(world):
    amount = world["population"] * pd.Series(range(40), index=world.index, dtype=float)
    top, bottom = fairness.deciles(amount, world["population"])
    assert top == list(world.index[::-1][:4]) and bottom == list(world.index[:4])


def test_what_if_scale_and_floor(world):
    amount = world["population"].where(world["type"] != "platteland", 0.0)
    doubled = fairness.scale_group(amount, world["type"], "verstedelijkt", 2.0)
    assert (
        doubled[world["type"] == "verstedelijkt"].tolist()
        == (2 * amount[world["type"] == "verstedelijkt"]).tolist()
    )
    floored = fairness.floor_per_inhabitant(amount, world["population"], 0.5)
    rural = world["type"] == "platteland"
    assert (floored[rural] == world["population"][rural] * 0.5).all()
    assert (floored[~rural] == amount[~rural]).all()  # nothing taken from anyone


def test_a_merged_municipality_gets_the_sum_of_its_parts():
    old = pd.Series({"11001": 10.0, "11002": 20.0, "11003": 5.0, "23001": 1.0, "23002": 2.0,
                     "24001": 7.0, "31001": 3.0, "41001": 4.0, "71001": math.nan})  # fmt: skip
    new = fairness.regroup(old, mapping_frame())
    assert new["11100"] == 35.0 and new["23100"] == 3.0 and new["24001"] == 7.0
    assert math.isnan(new["71001"])  # missing stays missing


REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference" / "nis_2019_2024_to_2025.csv"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="reference crosswalk not synced")
def test_the_real_crosswalk_gives_every_2025_municipality_the_sum_of_its_parts():
    mapping = pd.read_csv(REFERENCE, dtype=str)
    old = pd.Series(1.0, index=mapping["nis_code_2019_2024"])
    new = fairness.regroup(old, mapping)
    parts = mapping.groupby("nis_code_2025").size()
    assert len(new) == 285 and (new == parts.reindex(new.index)).all()
    assert new.sum() == 300


def test_a_missing_area_leaves_that_type_without_a_figure_per_km2(world):
    area = world["area_km2"].copy()
    area.iloc[-1] = math.nan  # a platteland municipality
    table = fairness.by_group(world["population"], world["population"], area, world["type"])
    assert math.isnan(table.loc["platteland", "amount_per_km2"])
    assert table.loc["verstedelijkt", "amount_per_km2"] > 0
