"""Type comparison: medians and counts per type ignore missing values and never invent them;
rho in words, the bivariate map frame, the index choice from a link and the index map."""

from __future__ import annotations

import math

import pandas as pd

from ruraldash.data.catalog import Indicator
from ruraldash.domain import classify
from ruraldash.features.compare import (
    DEFAULT_WEIGHT,
    IndexChoice,
    direction,
    numeric_ids,
    parse_index_choice,
    rho_sentence,
    summary_long,
    type_summary,
)
from ruraldash.features.maps.kinds import bivariate_layer, index_layer

TYPES = pd.Series({"a": "platteland", "b": "platteland", "c": "platteland", "d": "centrumstad"})


def _ind(ind_id: str, kind="numeric", polarity="neutral", facets=(1,), unit="%", decimals=1):
    return Indicator(
        id=ind_id, label_nl=f"label {ind_id}", label_en=f"label {ind_id}", definition_nl="",
        definition_en="", unit=unit, decimals=decimals, facets=facets, layer="context",
        polarity=polarity, kind=kind, source="src", year="2020", status="official", rule="sum",
        expr="x", categories=("a", "b") if kind == "ordinal" else (),
    )  # fmt: skip


def test_summary_counts_and_quartiles_per_type():
    values = pd.Series({"a": 1.0, "b": 3.0, "c": None, "d": 10.0})
    s = type_summary(values, TYPES)
    assert s.at["platteland", "n"] == 2 and s.at["platteland", "missing"] == 1
    assert s.at["platteland", "median"] == 2.0
    assert s.at["centrumstad", "median"] == 10.0


def test_a_type_without_municipalities_is_empty_not_zero():
    s = type_summary(pd.Series({"a": 1.0, "d": 2.0}), TYPES)
    assert s.at["verstedelijkt", "n"] == 0
    assert math.isnan(s.at["verstedelijkt", "median"])


def test_total_row_covers_every_municipality_and_untyped_ones_count_only_there():
    types = pd.Series({"a": "platteland", "b": pd.NA, "c": "centrumstad"}, dtype="string")
    s = type_summary(pd.Series({"a": 1.0, "b": 5.0, "c": 9.0}), types, total=True)
    assert s.at["all", "n"] == 3 and s.at["all", "median"] == 5.0
    assert s.loc[["platteland", "verstedelijkt", "centrumstad"], "n"].sum() == 2


def test_long_summary_has_one_row_per_indicator_and_type_and_skips_unknown_columns():
    wide = pd.DataFrame({"x": [1.0, 2.0, 3.0, None], "y": [4.0, 4.0, 4.0, 4.0]}, index=list("abcd"))
    cat = {"x": _ind("x"), "y": _ind("y")}
    long = summary_long(wide, TYPES, cat, ["x", "y", "nope"])
    assert len(long) == 6 and set(long["indicator"]) == {"x", "y"}
    row = long[(long["indicator"] == "x") & (long["type"] == "centrumstad")].iloc[0]
    assert row["n"] == 0 and row["missing"] == 1


def test_numeric_ids_leave_out_ordinal_and_narrow_by_facet_in_facet_order():
    cat = {
        "late": _ind("late", facets=(4,)),
        "cls": _ind("cls", kind="ordinal", facets=(1,)),
        "early": _ind("early", facets=(2, 4)),
        "bal": _ind("bal", kind="signed", facets=(1,)),
    }
    assert numeric_ids(cat) == ["bal", "early", "late"]
    assert numeric_ids(cat, facets=(4,)) == ["early", "late"]


def test_rho_in_words_names_strength_direction_and_warns_about_causality():
    strong = rho_sentence(-0.82, 280, "dichtheid", "open ruimte")
    assert "−0,82" in strong and "n = 280" in strong
    assert "zeer sterke negatieve" in strong and "geen oorzaak" in strong
    assert "zwakke positieve" in rho_sentence(0.2, 50, "a", "b")
    assert "geen noemenswaardige" in rho_sentence(0.05, 50, "a", "b")
    assert "niet te berekenen" in rho_sentence(float("nan"), 2, "a", "b")
    assert "moderate positive" in rho_sentence(0.4, 50, "a", "b", lang="en")


def test_bivariate_frame_greys_outside_filter_marks_missing_and_formats_both_values():
    names = pd.Series({c: c.upper() for c in "abcdefghij"})
    x = pd.Series(range(10), index=list("abcdefghij"), dtype=float)
    y = x * 2
    x["b"] = float("nan")
    inside = pd.Series(True, index=names.index)
    inside[["i", "j"]] = False
    view = bivariate_layer(names, x, y, inside, _ind("x", decimals=1), _ind("y", unit="ha"))
    f = view.frame
    assert view.n_outside == 2 and not f.at["j", "in_filter"]
    assert view.n_missing == 1 and f.at["b", "colour"] == classify.MISSING_COLOUR
    assert int(view.grid.result.counts.to_numpy().sum()) == 7  # inside the filter with both values
    assert f.at["c", "tooltip_value"] == "2,0\u00a0% · 4,0\u00a0ha"
    assert f.at["a", "colour"] != f.at["h", "colour"]  # low-low vs high-high
    assert set(f["rank_text"]) == {""}


def test_link_choice_drops_unknown_ids_and_keeps_weights_aligned():
    choice = parse_index_choice("foo,a,b", "1,2,3", ["a", "b"], ["a"])
    assert choice.ids == ("a", "b") and choice.weights == (2.0, 3.0)
    assert choice.dropped == ("foo",) and not choice.weights_refused


def test_link_choice_resets_weights_that_do_not_fit():
    for weights in ("1", "1,x", "1,11", "1,-2", "1,nan"):
        choice = parse_index_choice("a,b", weights, ["a", "b"], ["a"])
        assert choice.weights == (DEFAULT_WEIGHT, DEFAULT_WEIGHT) and choice.weights_refused


def test_link_choice_without_usable_ids_falls_back_to_default():
    choice = parse_index_choice("<script>,a,a", None, ["b", "c"], ["b", "c"])
    assert choice.ids == ("b", "c") and choice.weights == (DEFAULT_WEIGHT, DEFAULT_WEIGHT)
    assert choice.dropped == ("script", "a", "a")


def test_only_neutral_indicators_can_be_turned_around_and_that_survives_the_url():
    choice = parse_index_choice("a:-1,b:-1,c", "1,2,3", ["a", "b", "c"], [], neutral=["a"])
    assert choice.ids == ("a", "c") and choice.reversed == {"a"} and choice.dropped == ("b-1",)
    params = IndexChoice(("a", "c"), (2.5, 10.0), frozenset({"a"})).params()
    assert params == {"inds": "a:-1,c", "gewichten": "2.5,10"}
    assert IndexChoice((), ()).params() == {}  # no empty parameters in the link
    again = parse_index_choice(params["inds"], params["gewichten"], ["a", "c"], [], ["a"])
    assert again.ids == ("a", "c") and again.weights == (2.5, 10.0) and again.reversed == {"a"}


def test_direction_follows_polarity_and_only_neutral_follows_the_user():
    assert direction(_ind("a", polarity="higher_better"), turned=True) == 1
    assert direction(_ind("a", polarity="higher_worse")) == -1
    assert direction(_ind("a")) == 1 and direction(_ind("a"), turned=True) == -1


def test_score_map_ranks_best_first_and_leaves_missing_scores_unfilled():
    names = pd.Series({c: c for c in "abcdef"})
    score = pd.Series({"a": 90.0, "b": 10.0, "c": 50.0, "d": None, "e": 30.0, "f": 70.0})
    rank = pd.Series({"a": 1, "b": 5, "c": 3, "d": pd.NA, "e": 4, "f": 2}, dtype="Int64")
    view = index_layer(score, names, rank, 1)
    f = view.frame
    assert f.at["a", "rank_text"] == "1 / 5 in Vlaanderen" and f.at["d", "rank_text"] == ""
    assert (
        f.at["d", "colour"] == classify.MISSING_COLOUR
        and f.at["d", "tooltip_value"] == "geen gegevens"
    )
    assert f.at["a", "colour"] == view.colours[-1] and f.at["b", "colour"] == view.colours[0]
    assert (
        f.at["c", "tooltip_value"] == "50,0" and len(view.labels) == view.extra["classification"].k
    )


def test_per_type_export_is_rounded_per_indicator_row():
    """P25 11.28040229014208 (a %, 1 decimal) -> 11.3; an inhabitant count (0 decimals) -> whole."""
    from ruraldash.features import compare

    table = pd.DataFrame({"P25": [11.28040229014208, 1234.56], "Mediaan": [float("nan"), 2.5]})
    out = compare.rounded_per_row(table, ["P25", "Mediaan"], [1, 0])
    assert out["P25"].tolist() == [11.3, 1235.0]
    assert pd.isna(out.at[0, "Mediaan"]) and out.at[1, "Mediaan"] == 2.0
    meta = dict(compare.per_type_meta("Mediaan per type", "Type: …", "Alle 300", "2026-12-06", "l"))
    assert "afgerond" in meta["Kolommen en eenheden"] and meta["Filter"] == "Alle 300"
