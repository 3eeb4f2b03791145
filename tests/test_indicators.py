"""The tidy indicator table on the tiny world: conversion rules between the 300 and the 285 borders.

Merged units: 11100 = 11001 + 11002 + 11003, 23100 = 23001 + 23002; the rest is 1:1 (see conftest).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ruraldash.data import indicators
from tests.factories import SURVEY_CODE, UNITS, UNITS_2025

AABC = ["11001", "11002", "11003"]  # members of 11100
UNMERGED = ["24001", "31001", "41001", "71001"]


def _values(tidy: pd.DataFrame, ind: str, bs: str, year: int | None = None) -> pd.DataFrame:
    part = tidy[(tidy["indicator"] == ind) & (tidy["border_set"] == bs)]
    if year is not None:
        part = part[part["year"] == year]
    assert part["nis_code"].is_unique
    return part.set_index("nis_code")


def test_read_table_keeps_codes_as_strings(mini_bundle):
    pop = mini_bundle.tables["population_2020"]
    assert "11001" in pop.index and pop.index.map(len).unique().tolist() == [5]
    survey = mini_bundle.tables["survey_2023"]  # long format pivoted to one column per item
    assert SURVEY_CODE in survey.columns
    assert survey.loc["11001", SURVEY_CODE] == UNITS.loc["11001", "survey_pct"]


def test_bundle_groups_and_one_to_one(mini_bundle):
    groups = mini_bundle.groups()
    assert sorted(groups["11100"]) == AABC
    assert sorted(groups["23100"]) == ["23001", "23002"]
    pairs = mini_bundle.one_to_one()
    assert sorted(pairs["nis_code_2019_2024"]) == UNMERGED


def test_both_border_sets_have_every_unit(mini_tidy, mini_catalogue):
    for ind in mini_catalogue.values():
        for year in ind.years or (None,):
            assert len(_values(mini_tidy, ind.id, "2019", year)) == 9
            assert len(_values(mini_tidy, ind.id, "2025", year)) == 6


def test_count_is_summed_2019_to_2025(mini_tidy):
    v = _values(mini_tidy, "households", "2025")
    assert v.loc["11100", "value"] == UNITS.loc[AABC, "households"].sum()  # 400 + 1200 + 420
    assert not v.loc["11100", "approx"]
    for code in ["24001", "31001", "41001"]:  # unmerged: carried over unchanged
        assert v.loc[code, "value"] == UNITS.loc[code, "households"]


def test_rate_is_recomputed_from_summed_components(mini_tidy):
    v = _values(mini_tidy, "built_share", "2025").loc["11100", "value"]
    built, area = UNITS.loc[AABC, "built_parcels_ha"], UNITS.loc[AABC, "total_area_ha"]
    assert v == pytest.approx(built.sum() / area.sum() * 100)  # (90+30+60)/(100+300+600) = 18 %
    mean_of_rates = (built / area * 100).mean()  # (90 + 10 + 10) / 3 = 36.7 %
    assert abs(v - mean_of_rates) > 10


def test_ratio_with_a_joined_table(mini_tidy):
    v = _values(mini_tidy, "density", "2025").loc["11100", "value"]
    pop, area_ha = UNITS.loc[AABC, "population"].sum(), UNITS.loc[AABC, "total_area_ha"].sum()
    assert v == pytest.approx(pop / (area_ha / 100))  # 5000 inh. on 10 km²


def test_weighted_mean_uses_the_weights_and_is_approximate_for_mergers(mini_tidy):
    v = _values(mini_tidy, "survey_shops", "2025")
    pct, w = UNITS.loc[AABC, "survey_pct"], UNITS.loc[AABC, "population"]
    assert v.loc["11100", "value"] == pytest.approx((pct * w).sum() / w.sum())  # 38, not 50
    assert v.loc["11100", "value"] != pytest.approx(pct.mean())
    assert v.loc["11100", "approx"] and v.loc["23100", "approx"]
    assert v.loc["24001", "value"] == UNITS.loc["24001", "survey_pct"]
    assert not v.loc[UNMERGED, "approx"].any()
    assert not _values(mini_tidy, "survey_shops", "2019")["approx"].any()


def test_rule_none_leaves_merged_units_missing(mini_tidy):
    v = _values(mini_tidy, "score", "2025")
    assert v.loc[["11100", "23100"], "value"].isna().all()
    assert (v.loc[["11100", "23100"], "missing_reason"] == "not_convertible").all()
    assert v.loc[UNMERGED, "value"].tolist() == UNITS.loc[UNMERGED, "score"].tolist()


def test_2025_to_2019_carries_unmerged_and_never_splits(mini_tidy):
    v = _values(mini_tidy, "dwellings", "2019")
    merged_old = AABC + ["23001", "23002"]
    assert v.loc[merged_old, "value"].isna().all()
    assert (v.loc[merged_old, "missing_reason"] == "no_split").all()
    assert v.loc[UNMERGED, "value"].tolist() == UNITS_2025.loc[UNMERGED, "dwellings"].tolist()


def test_ordinal_2025_class_carries_over_to_unmerged(mini_tidy, mini_catalogue):
    cats = list(mini_catalogue["service_class"].categories)
    v25 = _values(mini_tidy, "service_class", "2025")
    assert v25.loc["24001", "value"] == cats.index(UNITS.loc["24001", "class_2025"])
    v19 = _values(mini_tidy, "service_class", "2019")
    assert v19.loc["24001", "value"] == v25.loc["24001", "value"]
    assert np.isnan(v19.loc["11001", "value"])


def test_missing_member_makes_the_sum_missing_never_filled(mini_tidy):
    v = _values(mini_tidy, "households", "2025")
    assert np.isnan(v.loc["23100", "value"])  # 23002 has no count: 40 + ? is unknown
    assert v.loc["23100", "missing_reason"] == "incomplete"
    assert np.isnan(v.loc["71001", "value"])  # missing at the source stays missing
    assert v.loc["71001", "missing_reason"] == "not_in_source"


def test_missing_reason_only_where_the_value_is_missing(mini_tidy):
    present = mini_tidy["value"].notna()
    assert (mini_tidy.loc[present, "missing_reason"] == "").all()
    assert (mini_tidy.loc[~present, "missing_reason"] != "").all()


def test_multi_year_indicator_has_one_row_per_year(mini_tidy):
    for ind in ("births", "new_dwellings"):
        for bs, n_units in (("2019", 9), ("2025", 6)):
            part = mini_tidy[(mini_tidy["indicator"] == ind) & (mini_tidy["border_set"] == bs)]
            assert part.groupby("year")["nis_code"].nunique().to_dict() == {
                2021: n_units,
                2022: n_units,
            }
            assert len(part) == 2 * n_units  # every unit once per year
    births = _values(mini_tidy, "births", "2019", 2021)["value"]
    assert births.to_dict() == UNITS["births_2021"].astype(float).to_dict()


def test_multi_year_2019_indicator_converts_per_year(mini_tidy):
    """A {year} expression on the 300 is summed to the 285 year by year."""
    for year in (2021, 2022):
        v = _values(mini_tidy, "births", "2025", year)
        assert v.loc["11100", "value"] == UNITS.loc[AABC, f"births_{year}"].sum()


def test_wide_takes_the_latest_year(mini_tidy, mini_catalogue):
    w19 = indicators.wide(mini_tidy, "2019", mini_catalogue)
    assert w19["births"].to_dict() == UNITS["births_2022"].astype(float).to_dict()
    w25 = indicators.wide(mini_tidy, "2025", mini_catalogue)
    # 31001 has no 2021 value but a 2022 one: the latest year is shown, not a mix
    assert w25["new_dwellings"].to_dict() == UNITS_2025["new_2022"].astype(float).to_dict()
    assert set(w25.columns) == set(mini_catalogue)
    assert len(w19) == 9 and len(w25) == 6


def test_coverage_counts_non_missing(mini_tidy, mini_catalogue):
    cov = indicators.coverage(mini_tidy, mini_catalogue).set_index(["indicator", "border_set"])
    assert cov.loc[("households", "2019"), ["n", "of"]].tolist() == [7, 9]
    assert cov.loc[("households", "2025"), ["n", "of"]].tolist() == [4, 6]
    assert cov.loc[("dwellings", "2019"), ["n", "of"]].tolist() == [4, 9]


def test_orf_key_share_sums_to_100_and_excludes_centrumsteden(mini_tidy):
    for bs, centre in (("2019", "11002"), ("2025", "11100")):
        v = _values(mini_tidy, "orf_key_share", bs)["value"]
        assert v.sum() == pytest.approx(100.0)
        assert v[centre] == 0.0
    v19 = _values(mini_tidy, "orf_key_share", "2019")["value"]
    open_ha = UNITS["open_space_categories_ha"].drop("11002")
    assert v19["24001"] == pytest.approx(open_ha["24001"] / open_ha.sum() * 100)


def test_distance_to_service_centre(mini_tidy):
    v25 = _values(mini_tidy, "distance_service_centre", "2025")["value"]
    assert v25["11100"] == 0  # Drieveld is class a1 itself
    assert (v25.drop("11100") > 0).all()
    assert v25["31001"] > v25["23100"]  # two rows north is farther than one
    assert v25["24001"] < 4.0  # a neighbour of Drieveld, in 2 km squares


def test_distance_to_service_centre_never_leaks_onto_merged_old_municipalities(mini_tidy):
    """The 2025 class of Drieveld is not Achterbroek's: no 0 km for the old municipalities."""
    d19 = _values(mini_tidy, "distance_service_centre", "2019")
    v19 = d19["value"]
    assert v19[["11001", "11002", "11003", "23001", "23002"]].isna().all()
    assert (d19.loc[["11001", "23002"], "missing_reason"] == "no_split").all()
    v25 = _values(mini_tidy, "distance_service_centre", "2025")["value"]
    for code in ("24001", "31001", "41001", "71001"):  # unmerged: the same municipality
        assert v19[code] == v25[code]


def test_build_tidy_columns(mini_tidy):
    assert list(mini_tidy.columns) == indicators.TIDY_COLUMNS
    assert str(mini_tidy["year"].dtype) == "Int64"
