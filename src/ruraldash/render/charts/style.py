"""Shared look of every chart: colours (Okabe–Ito), fonts for screen and projector, escaping, hover texts, notes."""

from __future__ import annotations

import html
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ruraldash.core.fmt import decimals_for, number
from ruraldash.core.i18n import t

TYPE_COLOURS: dict[str, str] = {
    "platteland": "#009E73",
    "verstedelijkt": "#E69F00",
    "centrumstad": "#0072B2",
}
"""Okabe–Ito colours per municipality type (colour-blind safe); labels come from the caller."""
OTHER_COLOUR = "#BBBBBB"
PEER_COLOUR = "#D55E00"
PEER_BAR_COLOUR = "#56B4E9"
HIGHLIGHT_COLOUR = "#1A1A1A"
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SEPARATORS = {"nl": ",.", "en": ".,"}
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
"""Pass as ``config=`` when showing a figure: no plotly logo, sharp PNG export."""


def _esc(text: object) -> str:
    """Escape text for plotly's pseudo-HTML (plotly decodes &amp; &lt; &gt;, not &quot;)."""
    return html.escape(str(text), quote=False).replace("%{", "&#37;{")


def _font(big: bool) -> int:
    return 22 if big else 14


def _size(base: float, big: bool) -> float:
    return base * 1.5 if big else base


def _values(df: pd.DataFrame, col: str) -> pd.Series:
    """A float column indexed by nis code as str; missing stays NaN."""
    raw = pd.to_numeric(df[col], errors="coerce")
    return pd.Series(
        np.asarray(raw.to_numpy(dtype=float, na_value=np.nan)), index=[str(i) for i in df.index]
    )


def _names(df: pd.DataFrame) -> dict[str, str]:
    """Escaped display names by nis code (the nis code when there is no name)."""
    names = df["name"] if "name" in df.columns else pd.Series(df.index, index=df.index)
    return {str(i): _esc(n if isinstance(n, str) else i) for i, n in names.items()}


def _custom(ids: Sequence[str], names: Mapping[str, str]) -> list[list[str]]:
    return [[i, names.get(i, _esc(i))] for i in ids]


def _d3(values: pd.Series) -> str:
    """d3-format spec with grouping and sensible decimals (separators come from the layout)."""
    return f",.{decimals_for(list(values.dropna()))}f"


def _hover(axis: str, spec: str, unit: str) -> str:
    suffix = f" {_esc(unit)}" if unit else ""
    return f"<b>%{{customdata[1]}}</b><br>%{{{axis}:{spec}}}{suffix}<extra></extra>"


def _jitter(nis: str, spread: float = 0.35) -> float:
    """Deterministic vertical offset in [-spread, spread] from a checksum of the nis code."""
    return (zlib.crc32(nis.encode()) / 0xFFFFFFFF * 2 - 1) * spread


def _style(fig: go.Figure, title: str, lang: str, big: bool, **layout: object) -> go.Figure:
    """Apply the shared white, projection-friendly layout."""
    size = _font(big)
    fig.update_layout(
        template="plotly_white",
        title={"text": _esc(title) if title else None, "font": {"size": round(size * 1.3)}},
        font={"size": size, "color": "#222222", "family": "Source Sans Pro, Arial, sans-serif"},
        separators=SEPARATORS.get(lang, SEPARATORS["nl"]),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"size": size}},
        legend={"font": {"size": size}},
        margin={"l": 20, "r": 20, "t": 80 if title else 40, "b": 20},
        **layout,
    )
    axes = {"automargin": True, "separatethousands": True, "tickfont": {"size": size}}
    fig.update_xaxes(title_font={"size": size}, **axes)
    fig.update_yaxes(title_font={"size": size}, **axes)
    return fig


def _note(fig: go.Figure, text: str, big: bool, name: str, lift: int = 0) -> None:
    """A small grey note at the top right, above the plot area (``lift`` pixels higher)."""
    fig.add_annotation(
        text=_esc(text),
        name=name,
        xref="paper",
        yref="paper",
        x=1,
        y=1.02,
        xanchor="right",
        yanchor="bottom",
        yshift=lift,
        showarrow=False,
        font={"size": _font(big) - 2, "color": "#555555"},
    )


def _missing_note(fig: go.Figure, n: int, lang: str, big: bool, lift: int = 0) -> None:
    if n > 0:
        _note(fig, t("charts_missing", lang, n=number(n, 0, lang)), big, "missing", lift)


def _points(
    fig: go.Figure,
    values: pd.Series,
    ids: Sequence[str],
    names: Mapping[str, str],
    *,
    name: str,
    colour: str,
    size: float,
    hover: str,
    label: bool = False,
) -> None:
    """Add one dot trace along the x axis (strip plot layer)."""
    fig.add_trace(
        go.Scatter(
            x=[values[i] for i in ids],
            y=[0.0 if label else _jitter(i) for i in ids],
            mode="markers+text" if label else "markers",
            name=name,
            text=[names[i] for i in ids] if label else None,
            textposition="top center",
            marker={"color": colour, "size": size, "line": {"color": "white", "width": 1}},
            customdata=_custom(ids, names),
            hovertemplate=hover,
            showlegend=not label,
        )
    )


def plain_numbers(fig: go.Figure) -> go.Figure:
    """Axis ticks as 36.500 instead of plotly's 36,5k (the separators come from the layout), and
    the legend under the plot, so that half a 1280 px screen still leaves room for the data."""
    fig.update_layout(
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
        }
    )
    return fig.update_xaxes(exponentformat="none").update_yaxes(exponentformat="none")
