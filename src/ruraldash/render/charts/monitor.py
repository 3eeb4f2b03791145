"""Monitor charts: the index chart (baseline = 100) and the slope chart baseline → end by type.

Gaps stay gaps (``None`` on a full run of years, ``connectgaps=False``; a thin dotted join without
markers shows which points belong together, and the page says which years are missing), a series break (another
dataset continues the series) is a dotted vertical line with its label, and projection years are
drawn with open markers and a dashed segment. All text is plain and escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ruraldash.render.charts.style import (
    HIGHLIGHT_COLOUR,
    TYPE_COLOURS,
    _esc,
    _size,
    _style,
)

FLANDERS_COLOUR = "#555555"
CLASS_ORDER = ("a0", "a1", "a2", "b0", "b1", "c0", "c1", "c2", "c3", "vlaamse_rand", "buiten_rand")
"""Known groups of the other typologies (PinC classes, Vlaamse Rand): one colour each, in order."""
GROUP_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#999933",
    "#882255",
    "#44AA99",
)
_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0}


def _colour(key: str) -> str:
    """Type colours for the three types; other groups (a typology's classes) a stable colour of
    their own; Flanders grey, the selected municipality black."""
    if key in TYPE_COLOURS:
        return TYPE_COLOURS[key]
    if key in ("selected", "vlaanderen"):
        return HIGHLIGHT_COLOUR if key == "selected" else FLANDERS_COLOUR
    if key in CLASS_ORDER:
        return GROUP_COLOURS[CLASS_ORDER.index(key)]
    return GROUP_COLOURS[sum(map(ord, key)) % len(GROUP_COLOURS)]


def _line(key: str, big: bool) -> dict:
    width = (4 if big else 3) if key == "selected" else (3 if big else 2)
    return {"color": _colour(key), "width": width, "dash": "dot" if key == "vlaanderen" else None}


def index_chart(
    index: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    title: str,
    axis_title: str,
    breaks: Sequence[tuple[int, str]] = (),
    projection: Sequence[int] = (),
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """One line per column of ``index`` (years × groups), baseline = 100.

    Parameters
    ----------
    index : DataFrame
        Years (int) × group keys (types, ``vlaanderen``, ``selected``); NaN = no data.
    labels : mapping
        Group key -> legend label (plain text).
    breaks : sequence of (year, label)
        Dotted vertical lines where the series continues from another source.
    projection : sequence of int
        Years that are projections (open markers).
    """
    years = [int(y) for y in index.index]
    full = list(range(min(years), max(years) + 1)) if years else []
    fig = go.Figure()
    for key in index.columns:
        s = index[key].reindex(full)
        ys = [None if (v is None or math.isnan(v)) else float(v) for v in s]
        symbols = ["circle-open" if y in projection else "circle" for y in full]
        label = _esc(labels.get(key, key))
        have = [(x, y) for x, y in zip(full, ys, strict=True) if y is not None]
        if len(have) < len(full) and len(have) > 1:  # across a gap: a thin dotted join, no markers
            fig.add_trace(
                go.Scatter(
                    x=[x for x, _ in have], y=[y for _, y in have], mode="lines",
                    line={"color": _colour(str(key)), "width": 1, "dash": "dot"},
                    hoverinfo="skip", showlegend=False,
                )
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=full,
                y=ys,
                name=label,
                mode="lines+markers",
                connectgaps=False,
                line=_line(str(key), big),
                marker={"size": _size(7, big), "symbol": symbols},
                hovertemplate=f"<b>{label}</b><br>%{{x}}: %{{y:.1f}}<extra></extra>",
            )
        )
    fig.add_hline(y=100, line={"color": "#999999", "width": 1})
    for year, text in breaks:
        fig.add_vline(x=year - 0.5, line={"color": "#333333", "width": 1, "dash": "dot"})
        fig.add_annotation(x=year - 0.5, y=1, yref="paper", text=_esc(text), showarrow=False,
                           xanchor="right", yanchor="top", font={"size": _size(11, big)})  # fmt: skip
    fig.update_yaxes(title_text=_esc(axis_title))
    _style(fig, title, lang, big, height=460 if big else 400, hovermode="closest")
    fig.update_layout(legend=_LEGEND)
    return fig.update_xaxes(tickformat="d", separatethousands=False)


def slope_chart(
    by_type: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    baseline_year: int,
    end_year: int,
    title: str,
    unit: str,
    decimals: int,
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Baseline → end per group (rows of ``by_type`` with ``baseline`` and ``end``)."""
    fig = go.Figure()
    spec = f",.{decimals}f"
    for key, row in by_type.iterrows():
        label = _esc(labels.get(str(key), str(key)))
        fig.add_trace(
            go.Scatter(
                x=[str(baseline_year), str(end_year)],
                y=[row["baseline"], row["end"]],
                name=label,
                mode="lines+markers",
                line=_line(str(key), big),
                marker={"size": _size(9, big)},
                hovertemplate=f"<b>{label}</b><br>%{{x}}: %{{y:{spec}}} {_esc(unit)}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=_esc(unit), tickformat=spec)
    _style(fig, title, lang, big, height=460 if big else 400, showlegend=True)
    return fig.update_layout(legend=_LEGEND)


def stacked_bars(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    title: str,
    unit: str,
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Stacked bars per row (a year or a step over a gap), one colour per column (type)."""
    fig = go.Figure()
    for key in frame.columns:
        label = _esc(labels.get(str(key), str(key)))
        fig.add_trace(
            go.Bar(
                x=[str(i) for i in frame.index],
                y=[None if pd.isna(v) else float(v) for v in frame[key]],
                name=label,
                marker={"color": _colour(str(key))},
                hovertemplate=f"<b>{label}</b><br>%{{x}}: %{{y:,.0f}} {_esc(unit)}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=_esc(unit))
    _style(fig, title, lang, big, height=420 if big else 360, barmode="stack")
    return fig.update_layout(legend=_LEGEND)
