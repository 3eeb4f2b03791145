"""Profile arithmetic: ranks with ties and gaps, percentiles, group medians, ordinal rows, the
table on a tiny fake atlas, its export, trend medians and the header facts."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from ruraldash.data.catalog import Indicator
from ruraldash.features.profile import briefing
from ruraldash.features.profile import facts as municipality
from ruraldash.features.profile import table as profile

VALUES = pd.Series({"a": 10.0, "b": 30.0, "c": 30.0, "d": None, "e": 5.0}, dtype=float)


def _ind(**over) -> Indicator:
    base = dict(id="x", label_nl="X", label_en="X", definition_nl="", definition_en="", unit="%",
                decimals=1, facets=(1,), layer="sealed", polarity="neutral", kind="numeric",
                source="s", year="2020", status="official", rule="sum", expr="x")  # fmt: skip
    return Indicator(**(base | over))


SERVICE = _ind(id="service", label_nl="Uitrustingsgraad", kind="ordinal", facets=(3,), unit="",
               categories=("a0", "a1", "c3"), category_labels=("a0 stad", "a1 centrum", "c3 zwak"),
               year="2025")  # fmt: skip


def _data(values: dict, approx=(), missing=None) -> pd.DataFrame:
    """An Atlas.values()-like frame: value, approx, missing_reason, year."""
    codes = list(values)
    return pd.DataFrame(
        {
            "value": [values[c] for c in codes],
            "approx": [c in approx for c in codes],
            "missing_reason": [(missing or {}).get(c, "") for c in codes],
            "year": [2020] * len(codes),
        },
        index=pd.Index(codes, name="nis_code"),
    )


# ------------------------------------------------------------------ ranks, percentiles, medians
def test_rank_one_is_highest_and_ties_share_the_best_rank():
    assert profile.rank_and_percentile(VALUES, "b")[:2] == (1, 4)
    assert profile.rank_and_percentile(VALUES, "c")[:2] == (1, 4)
    assert profile.rank_and_percentile(VALUES, "a")[0] == 3
    assert profile.rank_and_percentile(VALUES, "e")[0] == 4


def test_missing_value_has_no_rank_nor_percentile_and_is_not_counted():
    rank, n, pct = profile.rank_and_percentile(VALUES, "d")
    assert rank is None and pct is None and n == 4
    assert profile.rank_and_percentile(VALUES, "zz")[0] is None  # unknown code


def test_percentile_is_share_at_or_below():
    assert profile.rank_and_percentile(VALUES, "e")[2] == 25.0
    assert profile.rank_and_percentile(VALUES, "a")[2] == 50.0
    assert profile.rank_and_percentile(VALUES, "b")[2] == 100.0  # tie at the top


def test_group_medians_ignore_missing_values_and_empty_groups_are_nan():
    med = profile.group_medians(VALUES, {"all": list(VALUES.index), "pair": ["a", "d"], "none": []})
    assert med["all"] == 20.0  # median of 5, 10, 30, 30
    assert med["pair"] == 10.0
    assert math.isnan(med["none"])


def test_value_text_belgian_signed_approx_and_ordinal():
    assert profile.value_text(_ind(), 1234.56) == "1.234,6\u00a0%"
    assert profile.value_text(_ind(), 1234.56, "en") == "1,234.6\u00a0%"
    assert profile.value_text(_ind(kind="signed", unit=""), 3.0) == "+3,0"
    assert profile.value_text(_ind(), 7.0, approx=True).startswith("≈")
    assert profile.value_text(_ind(), None) == "geen gegevens"
    assert profile.value_text(SERVICE, 1.0) == "a1 centrum"


# ------------------------------------------------------------------ one row
GROUPS = {"flanders": ["a", "b", "c", "d", "e"], "type": ["a", "e"], "province": ["b", "c"],
          "peers": ["b", "d"]}  # fmt: skip


def test_row_of_an_ordinal_indicator_shows_the_class_and_no_rank_or_median():
    row = profile.indicator_row(SERVICE, _data({"a": 0.0, "b": 2.0, "c": 1.0}), "c", GROUPS)
    assert row["value_text"] == "a1 centrum"
    assert row["rank"] is None and row["percentile"] is None and row["rank_text"] == ""
    assert all(row[f"median_{g}_text"] == "" for g in GROUPS)


def test_row_of_a_missing_value_keeps_the_reason_and_the_medians_of_the_others():
    data = _data(VALUES.to_dict(), missing={"d": "no_split"})
    row = profile.indicator_row(_ind(), data, "d", GROUPS)
    assert math.isnan(row["value"]) and row["rank"] is None
    assert "geen gegevens" in row["value_text"] and "niet op te splitsen" in row["value_text"]
    assert row["median_peers"] == 30.0  # b only: d itself is missing
    assert row["median_flanders_text"] == "20,0\u00a0%"


def test_row_marks_an_approximation_and_formats_rank_and_percentile():
    row = profile.indicator_row(_ind(), _data(VALUES.to_dict(), approx={"a"}), "a", GROUPS)
    assert row["approx"] and row["value_text"].startswith("≈")
    assert (row["rank"], row["n"], row["rank_text"]) == (3, 4, "3 / 4")
    assert row["percentile_text"] == "50"


def test_facet_group_puts_indicators_of_all_five_facets_first():
    assert profile.facet_group(_ind(facets=(1, 2, 3, 4, 5))) == profile.ALL_FACETS
    assert profile.facet_group(_ind(facets=(3, 2))) == 2
    assert profile.facet_title(2) == "2. Woonomgeving"


def test_reference_groups_type_province_and_peers():
    units = pd.DataFrame({"type": ["platteland", "platteland", None], "province": ["P", "Q", "P"]},
                         index=["a", "b", "c"])  # fmt: skip
    groups = profile.reference_groups(units, "a", ["c"])
    assert groups["type"] == ["a", "b"] and groups["province"] == ["a", "c"]
    assert groups["peers"] == ["c"] and len(groups["flanders"]) == 3
    assert profile.reference_groups(units, "c", [])["type"] == []  # unknown type: no group


# ------------------------------------------------------------------ the table on a fake atlas
class FakeAtlas(SimpleNamespace):
    def units(self, bs):
        return self.unit_table

    def values(self, ind_id, bs, year=None):
        return self.data[ind_id]


def _atlas() -> FakeAtlas:
    share = _ind(id="share", label_nl="Aandeel", facets=(2,))
    pop = _ind(id="pop", label_nl="Bevolking", facets=(1, 2, 3, 4, 5), unit="inw.", decimals=0)
    units = pd.DataFrame({"name": ["A", "B", "C"], "type": ["platteland"] * 3,
                          "province": ["P", "P", "Q"]}, index=["a", "b", "c"])  # fmt: skip
    return FakeAtlas(
        catalogue={"share": share, "service": SERVICE, "pop": pop},
        unit_table=units,
        data={"share": _data({"a": 1.5, "b": None, "c": 3.0}, missing={"b": "not_in_source"}),
              "service": _data({"a": 2.0, "b": 0.0, "c": 1.0}),
              "pop": _data({"a": 1000.0, "b": 2500.0, "c": 1200.0})},
    )  # fmt: skip


def test_profile_table_one_row_per_indicator_context_first_then_by_facet():
    table = profile.profile_table(_atlas(), "a", "2019", ["b"])
    assert list(table["indicator"]) == ["pop", "share", "service"]
    assert list(table["facet_title"]) == ["Kerncijfers (alle facetten)", "2. Woonomgeving",
                                          "3. Warme gemeenschap"]  # fmt: skip
    pop = table.set_index("indicator").loc["pop"]
    assert pop["rank_text"] == "3 / 3" and pop["median_province_text"] == "1.750\u00a0inw."


def test_export_table_keeps_numbers_as_numbers():
    out = profile.export_table(profile.profile_table(_atlas(), "a", "2019", ["b"]))
    value, rank = out["Waarde"], out["Rang (1 = hoogste)"]
    assert value.iloc[0] == 1000.0 and pd.api.types.is_float_dtype(value)
    assert rank.iloc[0] == 3 and pd.isna(rank.iloc[2])  # ordinal: no rank
    assert out["Waarde (zoals getoond)"].iloc[2] == "c3 zwak"


# ------------------------------------------------------------------ trends
def test_peer_median_uses_only_peers_with_every_year():
    frame = pd.DataFrame({"own": [10.0, 12.0], "p1": [100.0, 110.0], "p2": [200.0, None],
                          "p3": [300.0, 330.0]}, index=[2020, 2025])  # fmt: skip
    own, median, used = profile.own_and_median(frame, "own", ["p1", "p2", "p3"])
    assert list(own) == [10.0, 12.0]
    assert used == 2 and list(median) == [200.0, 220.0]  # p2 left out in both years


def test_peer_median_without_complete_peers_is_missing():
    frame = pd.DataFrame({"own": [1.0, None], "p": [None, 2.0]}, index=[2023, 2040])
    own, median, used = profile.own_and_median(frame, "own", ["p"])
    assert used == 0 and median.isna().all() and math.isnan(own[2040])


# ------------------------------------------------------------------ header facts
def _fact_atlas() -> FakeAtlas:
    atlas = _atlas()
    atlas.unit_table = atlas.unit_table.assign(type=["platteland", "verstedelijkt", None],
                                               type_source="rule")  # fmt: skip
    atlas.catalogue |= {
        "population_2025": _ind(id="population_2025", year="2025"),
        "population_2020": _ind(id="population_2020", year="2020"),
    }
    atlas.data |= {
        "population_2025": _data({"a": None, "b": 5000.0, "c": None}),
        "population_2020": _data({"a": 4321.0, "b": 4900.0, "c": None}),
    }
    pinc = pd.DataFrame({"uitrustingsniveau_code": ["c2"], "uitrustingsniveau_label": ["goed"],
                         "uitrustingsgraad_2025_code_of_merged_municipality": ["b0"],
                         "uitrustingsgraad_2025_label_of_merged_municipality": ["binnen"]},
                        index=["a"])  # fmt: skip
    atlas.bundle = SimpleNamespace(
        tables={"typology_pinc_2019": pinc},
        mapping=pd.DataFrame({"nis_code_2019_2024": ["a", "b", "c"], "name_2019_2024": ["A", "B", "C"],
                              "nis_code_2025": ["a", "b", "b"], "name_2025": ["A", "B", "B"]}),
    )  # fmt: skip
    atlas.settings = SimpleNamespace(section=lambda name: {"official_counts": {
        "platteland": 140, "verstedelijkt": 147, "centrumstad": 13}})  # fmt: skip
    return atlas


def test_population_falls_back_to_2020_when_2025_is_missing():
    head = municipality.facts(_fact_atlas(), "a", "2019")
    assert head["population"] == "4.321 (2020)"
    assert municipality.facts(_fact_atlas(), "b", "2019")["population"] == "5.000 (2025)"
    assert municipality.facts(_fact_atlas(), "c", "2019")["population"] == "geen gegevens"


def test_header_facts_type_service_class_typology_and_merger():
    head = municipality.facts(_fact_atlas(), "a", "2019")
    assert head["type"] == "Plattelandsgemeente"
    assert head["service"] == "b0 binnen" and "c2 goed" in head["service_2019"]
    assert "(1/1/0; officieel 140/147/13)" in head["typology_note"]
    assert "ruwe kadastrale benadering" in head["typology_note"]  # type_source "rule": raw proxy
    assert head["merger"] == ""
    merged = municipality.facts(_fact_atlas(), "c", "2019")
    assert merged["merger"] == "Sinds 1 januari 2025 samen met B de gemeente B (b)."
    assert merged["type"] == "onbekend"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_facet_titles_follow_the_language(lang):
    title = profile.facet_title(1, lang)
    assert title == ("1. Open ruimte" if lang == "nl" else "1. Open space")


# ------------------------------------------------------------------ briefing rows
def test_briefing_rows_are_short_and_footnote_missing_values():
    atlas = _atlas()
    atlas.data["share"] = _data({"a": 1.5, "b": None, "c": 3.0}, approx={"a"},
                                missing={"b": "no_split"})  # fmt: skip
    rows, notes = briefing.rows(profile.profile_table(atlas, "b", "2019", ["a"]))
    by_label = {r["label"].split(" (")[0]: r for r in rows}
    pop, share = by_label["Bevolking"], by_label["Aandeel"]
    assert (pop["value_text"], pop["unit"]) == ("2.500", "inw.")  # unit in its own column
    assert share["value_text"] == "geen gegevens¹" and share["peer_median_text"] == "1,5"
    assert notes == [
        "¹ geen gegevens: bron kent enkel de fusiegemeente van 2025: niet op te splitsen"
    ]
    service = by_label["Uitrustingsgraad"]
    assert service["value_text"] == "a0" and "a0 stad" in service["label"]


def test_export_table_is_rounded_as_on_screen():
    """The profile XLSX: each row at its indicator's decimals (no 11.28040229014208)."""
    atlas = _atlas()
    atlas.data["share"] = _data({"a": 11.28040229014208, "b": 2.0, "c": 3.33333333})
    out = profile.export_table(profile.profile_table(atlas, "a", "2019", ["c"]))
    share = out[out["Code indicator"] == "share"].iloc[0]
    decimals = atlas.catalogue["share"].decimals
    assert share["Waarde"] == round(11.28040229014208, decimals)
    assert share["Mediaan Vlaanderen"] == round(3.33333333, decimals)
    assert str(out["Percentiel"].dtype) == "Int64"


def test_a_year_the_source_does_not_state_is_said_so():
    atlas = _atlas()
    atlas.catalogue["share"] = _ind(id="share", label_nl="Aandeel", facets=(2,),
                                    year="jaar niet vermeld door de bron")  # fmt: skip
    atlas.data["share"]["year"] = float("nan")
    table = profile.profile_table(atlas, "a", "2019", ["b"], "en")
    assert table.set_index("indicator").at["share", "year"] == "year not stated by the source"


def test_own_layer_median_says_it_is_the_median_of_the_uploaded_municipalities():
    atlas = _atlas()
    atlas.catalogue["own"] = _ind(id="own", label_nl="Eigen laag", facets=(2,), status="user")
    atlas.data["own"] = _data({"a": 1.0, "b": 3.0, "c": None})
    table = profile.profile_table(atlas, "a", "2019", ["b"])
    text = table.set_index("indicator").at["own", "median_flanders_text"]
    assert text.endswith("‡")
    _, notes = profile.short_values(table, "nl")
    assert "‡ Eigen laag: 'Vlaanderen' is hier de mediaan van de 2 opgeladen gemeenten" in notes[-1]
    share = table.set_index("indicator").at["share", "median_flanders_text"]
    assert "opgeladen" not in share
    out = profile.export_table(table)
    assert out["Opmerking"].astype(bool).sum() == 1  # the XLSX says it too, on the own layer's row
