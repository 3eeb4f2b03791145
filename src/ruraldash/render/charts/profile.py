"""Profile page charts: one indicator against all municipalities (strip), against the peers (bars), and trends."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ruraldash.core.fmt import decimals_for, number
from ruraldash.core.i18n import t
from ruraldash.render.charts.style import (
    HIGHLIGHT_COLOUR,
    OTHER_COLOUR,
    PEER_BAR_COLOUR,
    PEER_COLOUR,
    SERIES_COLOURS,
    _custom,
    _d3,
    _esc,
    _font,
    _hover,
    _missing_note,
    _names,
    _note,
    _points,
    _size,
    _style,
    _values,
)


def strip_plot(
    df: pd.DataFrame,
    value_col: str,
    *,
    highlight: str | None = None,
    peers: Sequence[str] = (),
    unit: str = "",
    title: str = "",
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """All municipalities as dots along one axis; peers coloured, the highlighted one labelled.

    Parameters
    ----------
    df : DataFrame
        Indexed by nis code, with ``name`` and ``value_col``.
    highlight : str, optional
        Nis code drawn large and dark with its name.
    peers : sequence of str
        Nis codes drawn in the peer colour.
    unit, title : str
        Plain text from the caller (escaped here).

    Returns
    -------
    go.Figure
        Traces: all others, then peers (if any have data), then the highlight (if it has data).
        Missing values are left out and counted in a note.
    """
    values, names = _values(df, value_col), _names(df)
    present = values.dropna()
    peer_set = {str(p) for p in peers} - {highlight}
    others = [i for i in present.index if i not in peer_set and i != highlight]
    peer_ids = [i for i in present.index if i in peer_set]
    hover = _hover("x", _d3(values), unit)
    fig = go.Figure()
    common = {"hover": hover}
    _points(
        fig,
        present,
        others,
        names,
        name=_esc(t("charts_all", lang)),
        colour=OTHER_COLOUR,
        size=_size(8, big),
        **common,
    )
    if peer_ids:
        _points(
            fig,
            present,
            peer_ids,
            names,
            name=_esc(t("charts_peers", lang)),
            colour=PEER_COLOUR,
            size=_size(12, big),
            **common,
        )
    if highlight in present.index:
        _points(
            fig,
            present,
            [highlight],
            names,
            name=names[highlight],
            colour=HIGHLIGHT_COLOUR,
            size=_size(20, big),
            label=True,
            **common,
        )
    elif highlight is not None:
        name = html.unescape(names.get(highlight, highlight))
        _note(fig, t("charts_highlight_missing", lang, name=name), big, "highlight_missing")
    _missing_note(fig, int(values.isna().sum()), lang, big)
    fig.update_yaxes(visible=False, range=[-0.6, 0.8], fixedrange=True)
    fig.update_xaxes(title_text=_esc(unit), zeroline=False, showgrid=True)
    return _style(fig, title, lang, big, height=300 if big else 240, showlegend=bool(peer_ids))


def peer_bars(
    df: pd.DataFrame,
    value_col: str,
    *,
    highlight: str | None,
    peers: Sequence[str],
    unit: str = "",
    title: str = "",
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Horizontal bars of a municipality and its peers, largest on top, with the peer median.

    The highlighted bar is dark, peers light blue; the median of the peers (without the highlighted
    municipality) is a dashed vertical line. Missing values are left out and counted in a note.
    """
    values, names = _values(df, value_col), _names(df)
    wanted = [i for i in dict.fromkeys([highlight, *map(str, peers)]) if i in values.index]
    have = sorted((i for i in wanted if not math.isnan(values[i])), key=lambda i: (-values[i], i))
    decimals = decimals_for(list(values[have]))
    fig = go.Figure(
        go.Bar(
            x=[values[i] for i in have],
            y=have,
            orientation="h",
            marker_color=[HIGHLIGHT_COLOUR if i == highlight else PEER_BAR_COLOUR for i in have],
            text=[_esc(number(values[i], decimals, lang, unit)) for i in have],
            textposition="outside",
            cliponaxis=False,
            customdata=_custom(have, names),
            hovertemplate=_hover("x", _d3(values[have]), unit),
        )
    )
    peer_values = values[[i for i in have if i != highlight]]
    if not peer_values.empty:
        median = float(peer_values.median())
        label = t("charts_peer_median", lang, value=number(median, decimals, lang, unit))
        fig.add_vline(
            x=median,
            line={"dash": "dash", "color": "#444444", "width": 2},
            annotation_text=_esc(label),
            annotation_position="top",
        )
    ticks = [f"<b>{names[i]}</b>" if i == highlight else names[i] for i in have]
    fig.update_yaxes(
        tickmode="array", tickvals=have, ticktext=ticks, autorange="reversed", type="category"
    )
    fig.update_xaxes(title_text=_esc(unit), rangemode="tozero")
    _missing_note(fig, len(wanted) - len(have), lang, big, lift=_font(big) + 8)
    height = 160 + len(have) * (42 if big else 28)
    return _style(fig, title, lang, big, height=height, showlegend=False)


def time_series(
    series: Mapping[str, pd.Series],
    *,
    unit: str = "",
    title: str = "",
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Lines with markers per label over integer years; a missing year is a gap (``None``), not 0.

    Parameters
    ----------
    series : mapping of label -> Series indexed by year
        Every line is laid on the full run of years from the first to the last year of any series.
    """
    clean = {k: pd.to_numeric(s, errors="coerce").astype(float) for k, s in series.items()}
    years = sorted({int(y) for s in clean.values() for y in s.index})
    full = list(range(years[0], years[-1] + 1)) if years else []
    spec = _d3(pd.concat(list(clean.values())) if clean else pd.Series(dtype=float))
    fig = go.Figure()
    for k, (label, s) in enumerate(clean.items()):
        s = s.groupby([int(y) for y in s.index]).last().reindex(full)
        suffix = f" {_esc(unit)}" if unit else ""
        fig.add_trace(
            go.Scatter(
                x=full,
                y=[None if math.isnan(v) else float(v) for v in s],
                name=_esc(label),
                mode="lines+markers",
                connectgaps=False,
                line={"color": SERIES_COLOURS[k % len(SERIES_COLOURS)], "width": 3 if big else 2},
                marker={"size": _size(8, big)},
                hovertemplate=f"<b>{_esc(label)}</b><br>%{{x}}: %{{y:{spec}}}{suffix}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=_esc(unit))
    _style(fig, title, lang, big, height=420 if big else 340, hovermode="closest")
    return fig.update_xaxes(
        tickformat="d", separatethousands=False, dtick=1 if len(full) <= 12 else None
    )
