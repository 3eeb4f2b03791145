"""Plotly figure builders for the profile and compare pages (never streamlit).

Every builder returns a ``go.Figure`` on a clean white layout that stays readable when projected
(base font 14 px, 22 px with ``big=True``), with Belgian separators for Dutch (``1.234,5``).
Titles, labels, units and names are plain text: they are escaped here, because plotly renders
them as a small subset of HTML. Show figures with :data:`PLOTLY_CONFIG` (no plotly logo).
DataFrames are indexed by ``nis_code`` and carry a ``name`` column.
"""

from __future__ import annotations

import html
import math
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ruraldash.fmt import decimals_for, number
from ruraldash.i18n import t

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
        text=_esc(text), name=name, xref="paper", yref="paper", x=1, y=1.02, xanchor="right",
        yanchor="bottom", yshift=lift, showarrow=False,
        font={"size": _font(big) - 2, "color": "#555555"},
    )  # fmt: skip


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
            x=[values[i] for i in ids], y=[0.0 if label else _jitter(i) for i in ids],
            mode="markers+text" if label else "markers", name=name,
            text=[names[i] for i in ids] if label else None, textposition="top center",
            marker={"color": colour, "size": size, "line": {"color": "white", "width": 1}},
            customdata=_custom(ids, names), hovertemplate=hover, showlegend=not label,
        )
    )  # fmt: skip


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
    _points(fig, present, others, names, name=_esc(t("charts_all", lang)), colour=OTHER_COLOUR,
            size=_size(8, big), **common)  # fmt: skip
    if peer_ids:
        _points(fig, present, peer_ids, names, name=_esc(t("charts_peers", lang)),
                colour=PEER_COLOUR, size=_size(12, big), **common)  # fmt: skip
    if highlight in present.index:
        _points(fig, present, [highlight], names, name=names[highlight], colour=HIGHLIGHT_COLOUR,
                size=_size(20, big), label=True, **common)  # fmt: skip
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
            x=[values[i] for i in have], y=have, orientation="h",
            marker_color=[HIGHLIGHT_COLOUR if i == highlight else PEER_BAR_COLOUR for i in have],
            text=[_esc(number(values[i], decimals, lang, unit)) for i in have],
            textposition="outside", cliponaxis=False, customdata=_custom(have, names),
            hovertemplate=_hover("x", _d3(values[have]), unit),
        )
    )  # fmt: skip
    peer_values = values[[i for i in have if i != highlight]]
    if not peer_values.empty:
        median = float(peer_values.median())
        label = t("charts_peer_median", lang, value=number(median, decimals, lang, unit))
        fig.add_vline(x=median, line={"dash": "dash", "color": "#444444", "width": 2},
                      annotation_text=_esc(label), annotation_position="top")  # fmt: skip
    ticks = [f"<b>{names[i]}</b>" if i == highlight else names[i] for i in have]
    fig.update_yaxes(tickmode="array", tickvals=have, ticktext=ticks, autorange="reversed",
                     type="category")  # fmt: skip
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
                x=full, y=[None if math.isnan(v) else float(v) for v in s], name=_esc(label),
                mode="lines+markers", connectgaps=False,
                line={"color": SERIES_COLOURS[k % len(SERIES_COLOURS)], "width": 3 if big else 2},
                marker={"size": _size(8, big)},
                hovertemplate=f"<b>{_esc(label)}</b><br>%{{x}}: %{{y:{spec}}}{suffix}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(title_text=_esc(unit))
    _style(fig, title, lang, big, height=420 if big else 340, hovermode="closest")
    return fig.update_xaxes(
        tickformat="d", separatethousands=False, dtick=1 if len(full) <= 12 else None
    )


def _type_order(types: pd.Series) -> list[str]:
    """Known types in their fixed order, then any others alphabetically."""
    seen = set(types)
    return [k for k in TYPE_COLOURS if k in seen] + sorted(seen - set(TYPE_COLOURS))


def _types(df: pd.DataFrame, type_col: str) -> pd.Series:
    raw = df[type_col].astype("string").fillna("")
    return pd.Series(list(raw), index=[str(i) for i in df.index])


def _type_label(typ: str, labels: Mapping[str, str], lang: str) -> str:
    return _esc(labels.get(typ) or typ or t("charts_type_unknown", lang))


def type_box(
    df: pd.DataFrame,
    value_col: str,
    type_col: str,
    *,
    type_labels: Mapping[str, str],
    unit: str = "",
    title: str = "",
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Box plus dots per municipality type, side by side, with n per type under the label."""
    values, names, types = _values(df, value_col), _names(df), _types(df, type_col)
    present = values.dropna()
    fig = go.Figure()
    for typ in _type_order(types[present.index]):
        ids = [i for i in present.index if types[i] == typ]
        label = f"{_type_label(typ, type_labels, lang)}<br>(n = {number(len(ids), 0, lang)})"
        colour = TYPE_COLOURS.get(typ, OTHER_COLOUR)
        fig.add_trace(
            go.Box(
                y=[present[i] for i in ids], name=label, boxpoints="all", jitter=0.45, pointpos=0,
                marker={"color": colour, "size": _size(6, big), "opacity": 0.8},
                line={"color": colour, "width": 2}, hoveron="points", showlegend=False,
                customdata=_custom(ids, names), hovertemplate=_hover("y", _d3(values), unit),
            )
        )  # fmt: skip
    fig.update_yaxes(title_text=_esc(unit))
    _missing_note(fig, int(values.isna().sum()), lang, big)
    return _style(fig, title, lang, big, height=480 if big else 400)


def spearman(x: pd.Series, y: pd.Series) -> tuple[float, int]:
    """Spearman's rank correlation on pairwise-complete rows, ties given their average rank.

    Computed as the Pearson correlation of average ranks (no scipy needed).

    Returns
    -------
    (rho, n) : tuple of float and int
        ``rho`` is NaN when fewer than 3 pairs remain or a variable is constant.
    """
    both = pd.DataFrame(
        {"x": pd.to_numeric(x, errors="coerce"), "y": pd.to_numeric(y, errors="coerce")}
    )
    both = both.astype(float).dropna()
    n = len(both)
    ranks = both.rank(method="average")
    if n < 3 or ranks["x"].nunique() < 2 or ranks["y"].nunique() < 2:
        return float("nan"), n
    rho = float(np.corrcoef(ranks["x"], ranks["y"])[0, 1])
    return max(-1.0, min(1.0, rho)), n


def scatter(
    df: pd.DataFrame,
    x_col: str,
    y_col: str,
    type_col: str,
    *,
    type_labels: Mapping[str, str],
    x_label: str,
    y_label: str,
    highlight: str | None = None,
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """Scatter of two indicators coloured by type, Spearman ρ and n in the title.

    Each point carries ``[nis_code, name]`` as customdata, so a click (``on_select``) can select it.
    Rows missing either value are left out and counted in a note.
    """
    x, y = _values(df, x_col), _values(df, y_col)
    names, types = _names(df), _types(df, type_col)
    ok = x.notna() & y.notna()
    rho, n = spearman(x, y)
    hover = (
        f"<b>%{{customdata[1]}}</b><br>{_esc(x_label)}: %{{x:{_d3(x)}}}"
        f"<br>{_esc(y_label)}: %{{y:{_d3(y)}}}<extra></extra>"
    )
    fig = go.Figure()
    for typ in _type_order(types[ok]):
        ids = [i for i in x.index[ok] if types[i] == typ]
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in ids], y=[y[i] for i in ids], mode="markers",
                name=_type_label(typ, type_labels, lang), customdata=_custom(ids, names),
                marker={"color": TYPE_COLOURS.get(typ, OTHER_COLOUR), "size": _size(9, big),
                        "line": {"color": "white", "width": 1}},
                hovertemplate=hover,
            )
        )  # fmt: skip
    if highlight is not None and highlight in ok.index and ok[highlight]:
        fig.add_trace(
            go.Scatter(
                x=[x[highlight]], y=[y[highlight]], mode="markers+text", name=names[highlight],
                text=[names[highlight]], textposition="top center", showlegend=False,
                marker={"color": HIGHLIGHT_COLOUR, "size": _size(18, big), "symbol": "diamond",
                        "line": {"color": "white", "width": 2}},
                customdata=_custom([highlight], names), hovertemplate=hover,
            )
        )  # fmt: skip
    _missing_note(fig, int((~ok).sum()), lang, big)
    fig.update_xaxes(title_text=_esc(x_label))
    fig.update_yaxes(title_text=_esc(y_label))
    title = t("charts_spearman", lang, rho=number(rho, 2, lang), n=number(n, 0, lang))
    return _style(fig, title, lang, big, height=560 if big else 460, clickmode="event+select")


def _rank_bounds(sens: pd.DataFrame) -> pd.DataFrame:
    """lo, hi and base rank per municipality from :func:`ruraldash.index.rank_range` output
    (``rank``, ``min_rank``, ``max_rank``) or from a wide table of ranks, one column per variant."""
    if {"min_rank", "max_rank"} <= set(sens.columns):
        lo, hi = sens["min_rank"], sens["max_rank"]
    else:
        ranks = sens.select_dtypes("number")
        lo, hi = ranks.min(axis=1), ranks.max(axis=1)
    base = sens["rank"] if "rank" in sens.columns else pd.Series(np.nan, index=sens.index)
    out = pd.DataFrame({"lo": lo, "hi": hi, "base": base}).astype(float)
    out.index = [str(i) for i in sens.index]
    return out.dropna(subset=["lo", "hi"])


def rank_shift_chart(
    sens: pd.DataFrame,
    names: Mapping[str, str] | pd.Series,
    top: int = 20,
    lang: str = "nl",
    *,
    big: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Rank range (min to max over index variants) of the municipalities whose rank moves most.

    Parameters
    ----------
    sens : DataFrame
        Indexed by nis code: the output of :func:`ruraldash.index.rank_range` (``rank``,
        ``min_rank``, ``max_rank``), or one rank column per variant (all numeric columns count).
        A ``rank`` column, the rank with default weights, is also drawn as a diamond.
    names : mapping or Series
        Display names by nis code.
    top : int
        How many municipalities to show, largest range first (ties: best rank first).
    """
    b = _rank_bounds(sens)
    b["spread"] = b["hi"] - b["lo"]
    b = b.sort_values(["spread", "lo"], ascending=[False, True], kind="stable").head(top)
    b = b.sort_values(["base", "lo", "hi"], kind="stable")  # best default rank on top
    ids = list(b.index)
    label = {str(k): _esc(v) for k, v in dict(names).items()}
    d = 0 if all(float(v).is_integer() for v in b[["lo", "hi"]].to_numpy().ravel()) else 1
    hover = html.escape(t("charts_rank_hover", lang, lo="%{customdata[2]}", hi="%{customdata[3]}"))
    custom = [[i, label.get(i, _esc(i)), number(r.lo, d, lang), number(r.hi, d, lang)]
              for i, r in zip(ids, b.itertuples(), strict=True)]  # fmt: skip
    fig = go.Figure(
        go.Bar(
            x=list(b["spread"]), base=list(b["lo"]), y=ids, orientation="h",
            name=_esc(t("charts_rank_range", lang)), marker_color=PEER_BAR_COLOUR,
            customdata=custom, hovertemplate=f"<b>%{{customdata[1]}}</b><br>{hover}<extra></extra>",
        )
    )  # fmt: skip
    if b["base"].notna().any():
        fig.add_trace(go.Scatter(
            x=list(b["base"]), y=ids, mode="markers", name=_esc(t("charts_rank_base", lang)),
            marker={"symbol": "diamond", "size": _size(11, big), "color": HIGHLIGHT_COLOUR},
            hoverinfo="skip",
        ))  # fmt: skip
    fig.update_yaxes(tickmode="array", tickvals=ids, ticktext=[c[1] for c in custom],
                     autorange="reversed", type="category")  # fmt: skip
    fig.update_xaxes(title_text=_esc(t("charts_rank_axis", lang)), rangemode="tozero")
    height = 160 + len(ids) * (40 if big else 26)
    heading = title if title is not None else t("charts_rank_title", lang)
    return _style(fig, heading, lang, big, height=height, barmode="overlay")
