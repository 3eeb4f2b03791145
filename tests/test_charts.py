"""Tests for ruraldash.render.charts: what a viewer of the figures would notice."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ruraldash.render import charts
from ruraldash.render.charts import (
    HIGHLIGHT_COLOUR,
    TYPE_COLOURS,
    peer_bars,
    rank_shift_chart,
    scatter,
    spearman,
    strip_plot,
    time_series,
    type_box,
)

EVIL = "<b>x</b><script>alert(1)</script>"
TYPES = {"platteland": "Platteland", "verstedelijkt": "Verstedelijkt", "centrumstad": "Centrumstad"}


def _frame() -> pd.DataFrame:
    """Eight municipalities: one with a hostile name, one missing value, three types."""
    nis = ["11001", "11002", "11004", "11005", "11007", "11008", "11009", "11016"]
    return pd.DataFrame(
        {
            "name": [
                "Aartselaar",
                "Antwerpen",
                "Boechout",
                EVIL,
                "Brasschaat",
                "Brecht",
                "Edegem",
                "Essen",
            ],
            "value": [10.0, 1234.5, np.nan, 30.0, 40.0, 50.0, 60.0, 70.0],
            "other": [1.0, 2.0, 3.0, 4.0, np.nan, 6.0, 7.0, 8.0],
            "type": [
                "platteland",
                "centrumstad",
                "platteland",
                "verstedelijkt",
                "verstedelijkt",
                "platteland",
                "verstedelijkt",
                "platteland",
            ],
        },  # fmt: skip
        index=pd.Index(nis, name="nis_code"),
    )


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# --- strip plot -------------------------------------------------------------------------------


def test_strip_plot_shows_every_municipality_with_data_once():
    fig = strip_plot(
        _frame(), "value", highlight="11005", peers=["11001", "11008"], unit="€", title="T"
    )
    ids = [c[0] for tr in fig.data for c in tr.customdata]
    assert sorted(ids) == sorted(set(_frame().index) - {"11004"})
    assert "1 ontbrekend" in _annotations(fig)


def test_strip_plot_highlight_is_large_dark_and_labelled_with_escaped_name():
    fig = strip_plot(_frame(), "value", highlight="11005", peers=["11001"], unit="€", title="T")
    others, peers, hi = fig.data
    assert hi.customdata[0][0] == "11005"
    assert hi.marker.color == HIGHLIGHT_COLOUR
    assert hi.marker.size > peers.marker.size > others.marker.size
    assert "<script>" not in hi.text[0] and "&lt;script&gt;" in hi.text[0]


def test_strip_plot_peers_coloured_differently_from_the_rest():
    fig = strip_plot(
        _frame(), "value", highlight="11005", peers=["11001", "11008"], unit="€", title="T"
    )
    others, peers, _ = fig.data
    assert {c[0] for c in peers.customdata} == {"11001", "11008"}
    assert peers.marker.color != others.marker.color


def test_strip_plot_jitter_is_deterministic_and_highlight_without_data_is_mentioned():
    a = strip_plot(_frame(), "value", highlight="11004", unit="€", title="T")
    b = strip_plot(_frame(), "value", highlight="11004", unit="€", title="T")
    assert a.data[0].y == b.data[0].y
    assert len(set(a.data[0].y)) > 1
    assert len(a.data) == 1  # the highlighted municipality has no value: no dot
    assert any("Boechout" in text and "geen gegevens" in text for text in _annotations(a))


def test_separators_are_belgian_for_dutch_and_english_for_en():
    assert strip_plot(_frame(), "value", unit="", title="").layout.separators == ",."
    assert strip_plot(_frame(), "value", unit="", title="", lang="en").layout.separators == ".,"


def test_big_option_enlarges_fonts_for_projection():
    small = strip_plot(_frame(), "value", unit="", title="T")
    big = strip_plot(_frame(), "value", unit="", title="T", big=True)
    assert small.layout.font.size >= 14
    assert big.layout.font.size >= 22
    assert small.layout.paper_bgcolor == "white"


def test_title_and_unit_are_escaped():
    fig = strip_plot(_frame(), "value", unit="<i>€</i>", title="A & <b>B</b>")
    assert fig.layout.title.text == "A &amp; &lt;b&gt;B&lt;/b&gt;"
    assert "<i>" not in fig.data[0].hovertemplate


# --- peer bars --------------------------------------------------------------------------------


def test_peer_bars_sorted_highlight_dark_median_line():
    df = _frame()
    fig = peer_bars(df, "value", highlight="11001", peers=["11007", "11008", "11009", "11004"],
                    unit="ha", title="T")  # fmt: skip
    bar = fig.data[0]
    assert list(bar.x) == sorted(bar.x, reverse=True)
    assert set(bar.y) == {"11001", "11007", "11008", "11009"}  # 11004 has no value
    colours = dict(zip(bar.y, bar.marker.color, strict=True))
    assert colours["11001"] == HIGHLIGHT_COLOUR and colours["11007"] != HIGHLIGHT_COLOUR
    line = fig.layout.shapes[0]
    assert line.x0 == pytest.approx(50.0)  # median of 40, 50, 60 (not of the highlight)
    assert "1 ontbrekend" in _annotations(fig)


def test_peer_bar_labels_use_belgian_numbers():
    df = _frame()
    fig = peer_bars(df, "value", highlight="11002", peers=["11001"], unit="", title="T")
    assert "1.234" in fig.data[0].text  # thousands grouped with a dot
    df["value"] = df["value"] / 1000
    fig = peer_bars(df, "value", highlight="11002", peers=["11001"], unit="", title="T")
    assert "1,23" in fig.data[0].text  # decimal comma


# --- time series ------------------------------------------------------------------------------


def test_time_series_keeps_a_gap_for_a_missing_year():
    series = {"Gemeente": pd.Series([1.0, 2.0, 4.0], index=[2019, 2020, 2022]),
              "Vlaanderen": pd.Series([1.0, np.nan, 3.0, 4.0], index=[2019, 2020, 2021, 2022])}  # fmt: skip
    fig = time_series(series, unit="%", title="T")
    first, second = fig.data
    assert list(first.x) == [2019, 2020, 2021, 2022]
    assert all(isinstance(x, int) for x in first.x)
    assert first.y[2] is None and second.y[1] is None
    assert 0 not in (first.y[2], second.y[1])
    assert first.connectgaps is False


# --- type box ---------------------------------------------------------------------------------


def test_type_box_three_types_side_by_side_with_n_in_label():
    fig = type_box(_frame(), "value", "type", type_labels=TYPES, unit="€", title="T")
    names = [tr.name for tr in fig.data]
    assert [n.split("<br>")[0] for n in names] == ["Platteland", "Verstedelijkt", "Centrumstad"]
    assert "n = 3" in names[0]  # four platteland rows, one of them missing
    assert [tr.marker.color for tr in fig.data] == list(TYPE_COLOURS.values())
    assert sum(len(tr.y) for tr in fig.data) == 7


# --- spearman ---------------------------------------------------------------------------------


def test_spearman_monotone_and_reversed():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    assert spearman(x, x**3) == (pytest.approx(1.0), 5)
    assert spearman(x, -np.exp(x)) == (pytest.approx(-1.0), 5)


def test_spearman_pairwise_complete_n():
    x = pd.Series([1.0, 2.0, np.nan, 4.0, 5.0, 6.0])
    y = pd.Series([2.0, 4.0, 6.0, np.nan, 10.0, 12.0])
    rho, n = spearman(x, y)
    assert n == 4 and rho == pytest.approx(1.0)


def test_spearman_averages_ties_like_scipy():
    stats = pytest.importorskip("scipy.stats")
    x = pd.Series([1, 2, 2, 3, 4, 4, 4, 8], dtype=float)
    y = pd.Series([3, 1, 2, 2, 5, 7, 6, 6], dtype=float)
    rho, n = spearman(x, y)
    assert n == 8
    assert rho == pytest.approx(stats.spearmanr(x, y).statistic)


def test_spearman_undefined_for_constant_input():
    rho, n = spearman(pd.Series([1.0, 1.0, 1.0]), pd.Series([1.0, 2.0, 3.0]))
    assert math.isnan(rho) and n == 3


# --- scatter ----------------------------------------------------------------------------------


def test_scatter_points_carry_nis_codes_and_missing_rows_are_counted():
    fig = scatter(_frame(), "value", "other", "type", type_labels=TYPES, x_label="X", y_label="Y")
    codes = [c[0] for tr in fig.data for c in tr.customdata]
    assert sorted(codes) == ["11001", "11002", "11005", "11008", "11009", "11016"]
    assert "2 ontbrekend" in _annotations(fig)
    colours = {tr.name: tr.marker.color for tr in fig.data}
    assert colours["Platteland"] == TYPE_COLOURS["platteland"]


def test_scatter_title_shows_rho_and_n_in_belgian_format():
    df = _frame()
    df["other"] = df["value"] * 2
    fig = scatter(df, "value", "other", "type", type_labels=TYPES, x_label="X", y_label="Y")
    assert "1,00" in fig.layout.title.text and "n = 7" in fig.layout.title.text


def test_scatter_highlight_and_hover_escape_names():
    fig = scatter(_frame(), "value", "other", "type", type_labels=TYPES, x_label="X <b>",
                  y_label="Y", highlight="11005")  # fmt: skip
    hi = fig.data[-1]
    assert hi.customdata[0][0] == "11005"
    assert hi.marker.size > fig.data[0].marker.size
    hover_names = [c[1] for tr in fig.data for c in tr.customdata]
    assert EVIL not in hover_names
    assert any("&lt;script&gt;" in n for n in hover_names)
    assert "X <b>" not in fig.data[0].hovertemplate


# --- rank shift -------------------------------------------------------------------------------


def test_rank_shift_shows_largest_ranges_as_bars():
    sens = pd.DataFrame(
        {"rank": [1, 2, 3, 4], "a": [1, 4, 3, 1], "b": [2, 2, 3, 9]},
        index=["11001", "11002", "11004", "11005"],
    )
    names = _frame()["name"]
    fig = rank_shift_chart(sens, names, top=2)
    bars = fig.data[0]
    assert set(bars.y) == {"11005", "11002"}  # ranges 1–9 and 2–4
    spans = {i: (b, b + w) for i, b, w in zip(bars.y, bars.base, bars.x, strict=True)}
    assert spans["11005"] == (1, 9) and spans["11002"] == (2, 4)
    assert "<script>" not in "".join(fig.layout.yaxis.ticktext)


def test_plotly_config_hides_logo():
    assert charts.PLOTLY_CONFIG["displaylogo"] is False


def test_rank_shift_reads_rank_range_output_with_missing_ranks():
    sens = pd.DataFrame(
        {"rank": [3, 1, pd.NA], "min_rank": [1, 1, pd.NA], "max_rank": [5, 2, pd.NA]},
        index=["11001", "11002", "11004"],
        dtype="Int64",
    )
    fig = rank_shift_chart(sens, _frame()["name"].to_dict(), top=20, lang="en")
    assert list(fig.data[0].y) == ["11002", "11001"]  # best default rank on top; unranked out
    assert list(fig.data[1].x) == [1.0, 3.0]  # the default-weight rank as a diamond
    assert fig.layout.xaxis.title.text.startswith("rank")
