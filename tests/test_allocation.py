"""Open Ruimtefonds allocation: key, budget, ceilings, upload parsing and comparison."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ruraldash import allocation as orf
from ruraldash.i18n import catalogue

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
    assert orf.scenario_notes(frame, BUDGET)[0] == "Indicatief, vóór plafonds"


def test_missing_open_space_is_excluded_not_invented():
    shares = orf.key_shares(AREA, CENTRUM)
    assert math.isnan(shares["11007"])
    assert orf.missing_key(shares) == ["11007"]
    notes = orf.scenario_notes(orf.scenario(AREA, CENTRUM, BUDGET), BUDGET)
    assert any("11007" in note for note in notes)


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
    notes = orf.scenario_notes(frame, BUDGET)
    assert notes[0].startswith("Indicatief, met plafonds")
    assert any(note.startswith("3 gemeente(n) zonder Gemeentefondsbedrag") for note in notes)


def test_ratios_are_missing_where_the_denominator_is_missing_or_zero():
    amounts = pd.Series({"11001": 100.0, "11004": 100.0, "11005": 100.0})
    ratio = orf.per_inhabitant(amounts, pd.Series({"11001": 50, "11004": 0}))
    assert ratio["11001"] == 2.0
    assert math.isnan(ratio["11004"]) and math.isnan(ratio["11005"])
    assert math.isnan(orf.per_hectare(amounts, pd.Series({"11001": 0.0}))["11001"])


def test_default_reduced_cap_lists():
    assert orf.REGIONAL_CITIES_DEFAULT == ()
    assert set(orf.COASTAL_DEFAULT) == {
        "31004", "31043", "35002", "35011", "35013", "35029", "38008", "38014", "38016",
    }  # fmt: skip


# --- Gemeentefonds upload -----------------------------------------------------------------------

KNOWN = {"11001", "11004", "11005", "35029"}


def test_upload_semicolon_decimal_comma_and_bom():
    raw = "\ufeffnis_code;gemeentefonds\n11001;1.234.567,89\n11004;12345,5\n".encode()
    upload = orf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.to_dict() == {"11001": 1_234_567.89, "11004": 12_345.5}
    assert not upload.invalid_rows and not upload.unknown_codes


def test_upload_cp1252_with_extra_text_column():
    text = "Gemeentefonds 2024\nNIS-code;Gemeente;Bedrag (€)\n11001;Aartselaar;7 654 321\n"
    text += "11005;Boom (geïnd);2.500.000\n"
    upload = orf.parse_gemeentefonds_table(text.encode("cp1252"), KNOWN)
    assert upload.values.to_dict() == {"11001": 7_654_321.0, "11005": 2_500_000.0}


def test_upload_comma_separator_with_decimal_point_and_only_numeric_column():
    raw = b'nis,naam,waarde\n11001,Aartselaar,"1,234,567.5"\n11004,Boechout,98765.25\n'
    upload = orf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.to_dict() == {"11001": 1_234_567.5, "11004": 98_765.25}


def test_upload_reports_and_leaves_out_bad_rows():
    raw = b"niscode;bedrag\n11001;100\n21004;500\n11004;1\n11004;2\n11005;veel\n35029;-40\nabc;3\n"
    upload = orf.parse_gemeentefonds_table(raw, KNOWN, names={"11004": "Boechout"})
    assert upload.values.to_dict() == {"11001": 100.0}
    assert upload.unknown_codes == ["21004"]
    assert upload.duplicates == ["11004"]
    assert [line for line, _ in upload.invalid_rows] == [6, 7, 8]
    text = " ".join(upload.messages)
    assert "21004" in text and "11004 (Boechout)" in text
    assert "geen getal ‘veel’" in text and "negatief bedrag ‘-40’" in text


@pytest.mark.parametrize(
    "raw",
    [b"", b"  \n\n", b"PK\x03\x04xlsx", bytes(range(256)), b"gemeente;bedrag\nBoom;3\n"],
)
def test_upload_never_raises_and_explains(raw):
    upload = orf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.empty
    assert upload.messages


def test_upload_messages_follow_the_language():
    assert orf.parse_gemeentefonds_table(b"", KNOWN).messages == ["Het bestand is leeg."]
    assert orf.parse_gemeentefonds_table(b"", KNOWN, lang="en").messages == ["The file is empty."]


def test_every_orf_string_has_dutch_and_english():
    keys = [k for k in catalogue() if k.startswith("orf_")]
    assert keys
    assert all(catalogue()[k].get("nl") and catalogue()[k].get("en") for k in keys)


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
