"""Open Ruimtefonds allocation: key, budget, ceilings, upload parsing and comparison."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ruraldash.domain import allocation as orf
from ruraldash.features.orf.view import scenario_notes

BUDGET = 1_000_000.0

# Seven municipalities: two centrumsteden, one coastal, one without open-space data.
AREA = pd.Series(
    {
        "11001": 100.0,  # Aartselaar
        "11002": 400.0,  # Antwerpen (centrumstad)
        "11004": 300.0,  # Boechout
        "11005": 600.0,  # Boom
        "35029": 200.0,  # De Haan (coastal)
        "44021": 500.0,  # Gent (centrumstad)
        "11007": np.nan,  # Borsbeek: no data
    }
)
CENTRUM = pd.Series({c: c in {"11002", "44021"} for c in AREA.index})
ELIGIBLE_AREA = 100.0 + 300.0 + 600.0 + 200.0


def test_centrumsteden_get_nothing_and_the_budget_is_fully_divided():
    frame = orf.scenario(AREA, CENTRUM, BUDGET)
    assert frame.loc["11002", "amount"] == 0.0
    assert frame.loc["44021", "amount"] == 0.0
    assert frame["amount"].sum() == pytest.approx(BUDGET, rel=1e-12)
    assert frame["cap"].isna().all()
    assert scenario_notes(frame, BUDGET)[0] == "Indicatief, vóór plafonds"


def test_missing_open_space_is_excluded_not_invented():
    shares = orf.key_shares(AREA, CENTRUM)
    assert math.isnan(shares["11007"])
    assert orf.missing_key(shares) == ["11007"]
    notes = scenario_notes(orf.scenario(AREA, CENTRUM, BUDGET), BUDGET)
    assert (
        "1 gemeente zonder gegevens over open ruimte; niet meegeteld in de verdeling: 11007."
        in notes
    )
    assert (
        "1 municipality without"
        in scenario_notes(orf.scenario(AREA, CENTRUM, BUDGET), BUDGET, "en")[1]
    )


def test_shares_are_proportional_to_open_space():
    shares = orf.key_shares(AREA, CENTRUM)
    assert shares["11001"] == pytest.approx(100.0 / ELIGIBLE_AREA)
    assert shares["11005"] == pytest.approx(600.0 / ELIGIBLE_AREA)
    assert shares["11005"] / shares["11001"] == pytest.approx(6.0)
    assert shares.sum() == pytest.approx(1.0)


def test_integer_codes_align_with_string_codes():
    area = pd.Series({11001: 1.0, 11004: 3.0})
    shares = orf.key_shares(area, pd.Series({"11001": False, "11004": "false"}))
    assert shares.to_dict() == pytest.approx({"11001": 0.25, "11004": 0.75})


def _gemeentefonds() -> pd.Series:
    # Small Gemeentefonds shares so that several ceilings bite.
    return pd.Series({"11001": 100_000.0, "11004": 5_000_000.0, "11005": 1_000_000.0})


def test_ceilings_are_respected_and_the_rest_is_not_redistributed():
    before = orf.allocate(orf.key_shares(AREA, CENTRUM), BUDGET)
    caps = orf.ceilings(_gemeentefonds(), orf.reduced_cap_flags(AREA.index))
    result = orf.apply_ceilings(before, caps)
    known = caps.dropna().index
    assert (result.amounts[known] <= caps[known] + 1e-9).all()
    assert result.capped.sum() == 2  # 11001 and 11005
    assert result.undistributed_eur > 0
    assert result.undistributed_eur == pytest.approx(BUDGET - result.amounts.sum())
    # an uncapped municipality keeps exactly its pre-ceiling amount
    assert result.amounts["11004"] == pytest.approx(before["11004"])


def test_coastal_municipality_gets_the_reduced_ceiling():
    fonds = pd.Series({"35029": 200_000.0, "11004": 200_000.0})
    caps = orf.ceilings(fonds, orf.reduced_cap_flags(fonds.index))
    assert caps["35029"] == pytest.approx(200_000.0 * 0.06 * 1.035)
    assert caps["11004"] == pytest.approx(200_000.0 * 0.13 * 1.035)
    frame = orf.scenario(AREA, CENTRUM, BUDGET, gemeentefonds_prev_eur=fonds)
    assert bool(frame.loc["35029", "capped"])
    assert frame.loc["35029", "amount"] == pytest.approx(200_000.0 * 0.06 * 1.035)


def test_missing_gemeentefonds_leaves_municipality_uncapped_and_counted():
    before = orf.allocate(orf.key_shares(AREA, CENTRUM), BUDGET)
    caps = orf.ceilings(pd.Series({"11001": 1.0}), pd.Series(dtype=bool))
    result = orf.apply_ceilings(before, caps)
    # eligible with an amount but no Gemeentefonds data: 11004, 11005, 35029
    assert result.n_without_cap_data == 3
    assert result.amounts["11005"] == pytest.approx(before["11005"])
    assert not result.capped["11005"]
    frame = orf.scenario(AREA, CENTRUM, BUDGET, gemeentefonds_prev_eur=pd.Series({"11001": 1.0}))
    notes = scenario_notes(frame, BUDGET)
    assert notes[0].startswith("Indicatief, met plafonds")
    assert any(note.startswith("3 gemeenten zonder Gemeentefondsbedrag") for note in notes)


def test_ratios_are_missing_where_the_denominator_is_missing_or_zero():
    amounts = pd.Series({"11001": 100.0, "11004": 100.0, "11005": 100.0})
    ratio = orf.per_inhabitant(amounts, pd.Series({"11001": 50, "11004": 0}))
    assert ratio["11001"] == 2.0
    assert math.isnan(ratio["11004"]) and math.isnan(ratio["11005"])
    assert math.isnan(orf.per_hectare(amounts, pd.Series({"11001": 0.0}))["11001"])


# --- comparison ---------------------------------------------------------------------------------


def test_compare_counts_gainers_and_losers_per_group():
    a = pd.Series({"1": 100.0, "2": 100.0, "3": 100.0, "4": 50.0, "5": 0.0, "6": np.nan})
    b = pd.Series({"1": 150.0, "2": 80.0, "3": 100.2, "4": 60.0, "5": 10.0, "6": 5.0})
    groups = pd.Series({"1": "landelijk", "2": "landelijk", "3": "landelijk", "4": "stedelijk",
                        "5": "stedelijk", "6": "stedelijk"})  # fmt: skip
    per_muni, per_group = orf.compare(a, b, groups)
    assert per_muni.loc["2", "diff_eur"] == -20.0
    assert per_muni.loc["2", "diff_pct"] == pytest.approx(-20.0)
    assert math.isnan(per_muni.loc["5", "diff_pct"])  # from 0: no percentage
    rural, urban = per_group.loc["landelijk"], per_group.loc["stedelijk"]
    assert (rural["n_gain"], rural["n_loss"], rural["n_same"]) == (1, 1, 1)
    assert (urban["n_gain"], urban["n_loss"], urban["n_missing"]) == (2, 0, 1)
    assert rural["sum_a"] == 300.0 and rural["sum_b"] == pytest.approx(330.2)
