"""The Open Ruimtefonds page's view model: budgets, map layers and tables (tiny fixtures)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ruraldash.core.i18n import catalogue
from ruraldash.domain import allocation, classify
from ruraldash.features.maps.kinds import orf as orf_kind
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import Selection

NAMES = pd.Series(
    {
        "11001": "Aartselaar",
        "11002": "Antwerpen",
        "11004": "Boechout",
        "11005": "Boom",
        "11007": "Borsbeek",
        "44021": "Gent",
    }  # fmt: skip
)
CENTRUM = pd.Series({c: c in {"11002", "44021"} for c in NAMES.index})


# --- budgets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("123400000", 123_400_000.0), ("188400000.50", 188_400_000.5), ("10000000000", 1e10)],
)
def test_url_budget_accepts_plain_euro_amounts(raw, expected):
    assert orfpage.parse_budget_param(raw) == expected


@pytest.mark.parametrize(
    "raw", ["abc", "", None, "0", "-5", "1e9", "10000000001", "12 000", "nan", "inf"]
)
def test_url_budget_refuses_anything_else(raw):
    assert orfpage.parse_budget_param(raw) is None


@pytest.mark.parametrize("eur", [123_400_000.0, 188_400_000.0, 150_500_000.0, 0.01, 1e10])
def test_url_budget_round_trips(eur):
    assert orfpage.parse_budget_param(orfpage.budget_param(eur)) == pytest.approx(eur)


@pytest.mark.parametrize(
    ("text", "million"),
    [("123,4", 123.4), ("123.4", 123.4), ("150", 150), ("1.234,5", 1234.5),
     ("1,234.5", 1234.5), ("1.234", 1234), ("€ 65 mln", 65), (" 188,4 miljoen euro ", 188.4)],
)  # fmt: skip
def test_typed_budget_in_million_euro_belgian_or_international(text, million):
    assert orfpage.parse_million(text) == pytest.approx(million * 1_000_000)


@pytest.mark.parametrize("text", ["abc", "", "0", "-3", "10.001", "20000", "1,2,3"])
def test_typed_budget_refuses_invalid_or_out_of_range(text):
    assert orfpage.parse_million(text) is None


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("eur", [123_400_000.0, 188_400_000.0, 123_456_000.0, 1_234_567_000.0])
def test_the_seeded_input_text_reads_back_as_the_same_budget(eur, lang):
    assert orfpage.parse_million(orfpage.million_text(eur, lang), lang) == pytest.approx(eur)


def test_a_single_grouping_mark_follows_the_language():
    assert orfpage.parse_million("1.234", "nl") == pytest.approx(1_234_000_000)
    assert orfpage.parse_million("1.234", "en") == pytest.approx(1_234_000)
    assert orfpage.parse_million("1,234", "en") == pytest.approx(1_234_000_000)
    assert orfpage.parse_million("1,234", "nl") == pytest.approx(1_234_000)


def test_budget_text_is_belgian_in_dutch():
    assert orfpage.budget_text(123_400_000.0, "nl") == "123,4\u00a0miljoen euro"
    assert orfpage.budget_text(188_400_000.0, "en") == "188.4\u00a0million euro"


# --- map ---------------------------------------------------------------------------------------


def _layer(values, excluded, names, *, decimals, unit, diverging=False, in_filter=None):
    """The Open Ruimtefonds view through the one map front door (features.maps, kind orf)."""
    return orf_kind(None, Selection(), values=values, excluded=excluded, names=names,
                    decimals=decimals, unit=unit, title="t", statuses=[], source="",
                    diverging=diverging, in_filter=in_filter)  # fmt: skip


def _amounts() -> pd.Series:
    area = pd.Series({"11001": 100.0, "11002": 50.0, "11004": 300.0, "11005": 600.0,
                      "11007": np.nan, "44021": 80.0})  # fmt: skip
    return allocation.scenario(area, CENTRUM, 1_000_000.0)["amount"]


def test_centrumsteden_are_painted_in_the_zero_colour_and_listed_in_the_legend():
    layer = _layer(_amounts(), CENTRUM, NAMES, decimals=0, unit="euro")
    frame = layer.frame
    assert set(frame.index[frame["colour"] == orfpage.ZERO_COLOUR]) == {"11002", "44021"}
    assert "uitgesloten" in frame.at["44021", "tooltip_value"]
    assert layer.colours[0] == orfpage.ZERO_COLOUR and layer.counts[0] == 2
    assert "Centrumstad" in layer.labels[0]
    # the zero colour is none of the class colours
    assert orfpage.ZERO_COLOUR not in layer.colours[1:]


def test_missing_key_stays_missing_on_the_map():
    layer = _layer(_amounts(), CENTRUM, NAMES, decimals=0, unit="euro")
    assert layer.frame.at["11007", "colour"] == classify.MISSING_COLOUR
    assert layer.frame.at["11007", "tooltip_value"] == "geen gegevens"
    assert layer.n_missing == 1
    # ranks only among the eligible municipalities with a value; Boom has the most open space
    assert layer.frame.at["11005", "rank_text"] == "1 / 3 in Vlaanderen"
    assert layer.frame.at["44021", "rank_text"] == ""


def test_tooltips_are_belgian_formatted():
    layer = _layer(_amounts(), CENTRUM, NAMES, decimals=0, unit="euro")
    assert layer.frame.at["11005", "tooltip_value"] == "600.000\u00a0euro"


def test_difference_map_mirrors_gains_and_losses_around_zero():
    diff = pd.Series({"11001": -500.0, "11004": 500.0, "11005": 20.0, "11007": -20.0,
                      "11002": 0.0, "44021": 0.0})  # fmt: skip
    layer = _layer(diff, CENTRUM, NAMES, decimals=0, unit="euro", diverging=True)
    colours = layer.frame["colour"]
    assert colours["11001"] != colours["11004"]
    palette = layer.colours[1:]
    assert palette.index(colours["11001"]) == len(palette) - 1 - palette.index(colours["11004"])
    assert layer.frame.at["11004", "tooltip_value"].startswith("+500")


def test_a_constant_map_has_one_class():
    per_ha = pd.Series({"11001": 137.336581, "11004": 137.336582, "11005": 137.33658})
    names = NAMES[["11001", "11004", "11005"]]
    layer = _layer(per_ha, pd.Series(False, index=names.index), names, decimals=2,
                              unit="euro per ha")  # fmt: skip
    assert layer.counts == [3]
    assert layer.labels == ["137,34 – 137,34"]


# --- tables ------------------------------------------------------------------------------------


def _inputs() -> orfpage.Inputs:
    idx = NAMES.index
    return orfpage.Inputs(
        border_set="2019",
        names=NAMES,
        types=pd.Series(
            [
                "verstedelijkt",
                "centrumstad",
                "platteland",
                "platteland",
                "verstedelijkt",
                "centrumstad",
            ],
            index=idx,
        ),  # fmt: skip
        provinces=pd.Series("Antwerpen", index=idx),
        open_space_ha=pd.Series([100.0, 50.0, 300.0, 600.0, np.nan, 80.0], index=idx),
        centrumstad=CENTRUM,
        population=pd.Series([10_000.0, 500_000.0, 0.0, 20_000.0, 10_000.0, 250_000.0], index=idx),
        population_year=2020,
    )


def _frames(inputs, capped_b: bool = False) -> dict[str, pd.DataFrame]:
    fonds = pd.Series({"11005": 1_000_000.0}) if capped_b else None
    return {
        s: allocation.scenario(
            inputs.open_space_ha,
            inputs.centrumstad,
            budget,
            gemeentefonds_prev_eur=fonds if s == "B" else None,
            population=inputs.population,
        )  # fmt: skip
        for s, budget in (("A", 1_000_000.0), ("B", 2_000_000.0))
    }


def test_table_says_before_ceilings_and_sorts_the_biggest_amount_first():
    inputs = _inputs()
    table = orfpage.municipality_table(inputs, _frames(inputs), {"A": False, "B": False})
    amount_a = "Bedrag A vóór plafonds (euro)"
    assert amount_a in table.columns and "Bedrag B vóór plafonds (euro)" in table.columns
    assert not any("na plafonds" in c for c in table.columns)
    assert table.iloc[0]["Gemeente"] == "Boom"
    assert table[amount_a].sum() == pytest.approx(1_000_000.0)
    centrum = table[table["Type"] == "Centrumstad"]
    assert (centrum[amount_a] == 0).all() and len(centrum) == 2
    # 0 inhabitants: per inhabitant is missing, not infinite
    assert math.isnan(table.loc[table["Gemeente"] == "Boechout", "A: euro per inwoner"].iloc[0])
    assert table["Verschil B − A (euro)"].sum() == pytest.approx(1_000_000.0)


def test_table_with_ceilings_shows_ceiling_and_amount_after_ceilings():
    inputs = _inputs()
    table = orfpage.municipality_table(inputs, _frames(inputs, True), {"A": False, "B": True})
    boom = table[table["Gemeente"] == "Boom"].iloc[0]
    assert boom["Plafond B (euro)"] == pytest.approx(1_000_000.0 * 0.13 * 1.035)
    assert boom["Bedrag B na plafonds (euro)"] == pytest.approx(boom["Plafond B (euro)"])
    assert boom["Plafond bereikt (B)"] == "ja"
    assert orfpage.table_decimals("B: euro per inwoner") == 2
    assert orfpage.table_decimals("Bedrag B na plafonds (euro)") == 0


def test_group_table_translates_types():
    inputs = _inputs()
    frames = _frames(inputs)
    _, per_group = allocation.compare(frames["A"]["amount"], frames["B"]["amount"], inputs.types)
    table = orfpage.group_table(per_group, "en")
    assert set(table["Group"]) == {"Rural municipality", "Urbanised municipality", "Regional city"}
    assert table.loc[table["Group"] == "Regional city", "Number unchanged"].iloc[0] == 2


def test_every_page_string_has_dutch_and_english():
    keys = [k for k in catalogue() if k.startswith("orfp_")]
    assert len(keys) > 50
    assert all(catalogue()[k].get("nl") and catalogue()[k].get("en") for k in keys)


def test_difference_map_legend_drops_classes_without_municipalities():
    """B > A everywhere (a larger budget, the same key): no empty 'loss' classes in the legend."""
    diff = pd.Series({"11001": 500.0, "11004": 700.0, "11005": 20.0, "11007": 40.0,
                      "11002": 0.0, "44021": 0.0})  # fmt: skip
    layer = _layer(diff, CENTRUM, NAMES, decimals=0, unit="euro", diverging=True)
    assert 0 not in layer.counts
    assert not any(label.startswith("-") or label.startswith("−") for label in layer.labels)
    assert sum(layer.counts) == len(NAMES)


def test_filter_greys_out_the_rest_and_counts_it_in_the_legend():
    keep = pd.Series(False, index=NAMES.index)
    keep[["11001", "11004", "11005"]] = True
    layer = _layer(_amounts(), CENTRUM, NAMES, decimals=0, unit="euro", in_filter=keep)
    frame = layer.frame
    assert not frame.loc[~keep, "in_filter"].any()
    assert len(set(frame.loc[~keep, "colour"])) == 1
    outside = [e for e in layer.legend if e.role == "outside"]
    assert outside and outside[0].count == 3
    assert sum(e.count for e in layer.legend) == len(NAMES)


def test_export_heading_says_indicative_once_and_the_sheet_name_is_whole_words():
    from ruraldash.render.tables import sheet_title

    title = orfpage.export_heading(
        t_("orfp_export_title"), ["Indicatief, vóór plafonds"], "Plattelandsgemeente"
    )
    assert title.lower().count("indicatief") == 1 and "Plattelandsgemeente" in title
    name = sheet_title(orfpage.sheet_name(t_("orfp_export_title")))
    assert name == "Verdeling per gemeente"
    long = sheet_title("Openruimtefonds: indicatieve verdeling per gemeente")
    assert len(long) <= 31 and "Openruimtefonds- indicatieve verdeling per gemeente".startswith(
        long
    )
    assert long.split()[-1] in {"indicatieve", "verdeling", "per"}


def t_(key: str) -> str:
    from ruraldash.core.i18n import t

    return t(key, "nl")


def test_merger_and_ceiling_notes(real_atlas):
    from ruraldash.features.orf import notes

    merged = notes.merger_note(real_atlas, "2025", "44087", "nl")
    assert "Lochristi" in merged and "Wachtebeke" in merged
    before = notes.merger_note(real_atlas, "2019", "44034", "nl")
    assert "Wachtebeke" in before and "grenzen 2025" in before
    assert notes.merger_note(real_atlas, "2025", "73109", "nl") == ""  # Voeren did not merge
    unknown = notes.ceiling_note("44087", False, False, None, "nl")
    assert "13 %" in unknown and "niet zeggen" in unknown
    coast = notes.ceiling_note("38014", False, True, None, "nl")
    assert "6 %" in coast
    frame = pd.DataFrame({"cap": [1000.0], "capped": [True]}, index=["44087"])
    assert "beperkt" in notes.ceiling_note("44087", False, False, frame, "nl")


def test_province_type_table_answers_rural_west_flanders(real_atlas):
    from ruraldash.features.orf import filter as orffilter
    from ruraldash.features.selection import Selection

    sel = Selection(types=("platteland",), provinces=("West-Vlaanderen",))
    inputs = orfpage.load_inputs(real_atlas, "2019")
    frames = {
        s: allocation.scenario(inputs.open_space_ha, inputs.centrumstad, b)
        for s, b in (("A", allocation.BUDGET_DEFAULT_EUR), ("B", allocation.BUDGET_PLUS65_EUR))
    }
    group = orffilter.groups(real_atlas, sel, inputs)
    keep = orffilter.inside(sel, inputs, group)
    table = orffilter.province_type_table(inputs, frames, group, keep, "nl")
    last = table.iloc[-1]
    assert last["Aantal gemeenten"] == 39
    assert round(last["Scenario A"]) == 24_608_899
    # 37.571.449 in the adviser's spreadsheet = the sum of 39 amounts rounded one by one
    assert round(last["Scenario B"]) == 37_571_447
    assert round(frames["B"]["amount"][keep].round(0).sum()) == 37_571_449


def test_print_map_and_slide_carry_the_filter(real_atlas):
    from ruraldash.features import printview
    from ruraldash.features.orf import filter as orffilter

    sel = Selection(types=("platteland",), provinces=("West-Vlaanderen",))
    inputs = orfpage.load_inputs(real_atlas, "2019")
    amounts = allocation.scenario(inputs.open_space_ha, inputs.centrumstad, 1e8)["amount"]
    keep = orffilter.inside(sel, inputs, orffilter.groups(real_atlas, sel, inputs))
    m = orf_kind(real_atlas, sel, values=amounts, excluded=inputs.centrumstad,
                 names=inputs.names, decimals=0, unit="euro", title="Titel",
                 statuses=["Indicatief"], source="bron", in_filter=keep)  # fmt: skip
    spec = printview.orf_spec(real_atlas, m, sel)
    assert "Selectie: Plattelandsgemeente; West-Vlaanderen (39 van 300" in spec.subtitle
    assert len(spec.outside) == 261 and spec.status == "Indicatief"
    assert spec.legend[-1].kind == "outside" and spec.legend[-1].count == 261
    slide = printview.orf_slide(real_atlas, m, sel, b"")
    assert all(row[1] in set(inputs.names[keep]) for row in slide.top)
