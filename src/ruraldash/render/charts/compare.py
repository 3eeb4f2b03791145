"""Compare and index page charts: the three types side by side, a scatter with Spearman's rho, rank shifts."""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.domain.correlation import spearman
from ruraldash.render.charts.style import (
    HIGHLIGHT_COLOUR,
    OTHER_COLOUR,
    PEER_BAR_COLOUR,
    TYPE_COLOURS,
    _custom,
    _d3,
    _esc,
    _hover,
    _missing_note,
    _names,
    _size,
    _style,
    _values,
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
                y=[present[i] for i in ids],
                name=label,
                boxpoints="all",
                jitter=0.45,
                pointpos=0,
                marker={"color": colour, "size": _size(6, big), "opacity": 0.8},
                line={"color": colour, "width": 2},
                hoveron="points",
                showlegend=False,
                customdata=_custom(ids, names),
                hovertemplate=_hover("y", _d3(values), unit),
            )
        )
    fig.update_yaxes(title_text=_esc(unit))
    _missing_note(fig, int(values.isna().sum()), lang, big)
    return _style(fig, title, lang, big, height=480 if big else 400)


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
                x=[x[i] for i in ids],
                y=[y[i] for i in ids],
                mode="markers",
                name=_type_label(typ, type_labels, lang),
                customdata=_custom(ids, names),
                marker={
                    "color": TYPE_COLOURS.get(typ, OTHER_COLOUR),
                    "size": _size(9, big),
                    "line": {"color": "white", "width": 1},
                },
                hovertemplate=hover,
            )
        )
    if highlight is not None and highlight in ok.index and ok[highlight]:
        fig.add_trace(
            go.Scatter(
                x=[x[highlight]],
                y=[y[highlight]],
                mode="markers+text",
                name=names[highlight],
                text=[names[highlight]],
                textposition="top center",
                showlegend=False,
                marker={
                    "color": HIGHLIGHT_COLOUR,
                    "size": _size(18, big),
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 2},
                },
                customdata=_custom([highlight], names),
                hovertemplate=hover,
            )
        )
    _missing_note(fig, int((~ok).sum()), lang, big)
    fig.update_xaxes(title_text=_esc(x_label))
    fig.update_yaxes(title_text=_esc(y_label))
    title = t("charts_spearman", lang, rho=number(rho, 2, lang), n=number(n, 0, lang))
    return _style(fig, title, lang, big, height=560 if big else 460, clickmode="event+select")


def _rank_bounds(sens: pd.DataFrame) -> pd.DataFrame:
    """lo, hi and base rank per municipality from :func:`ruraldash.domain.index.rank_range` output
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
        Indexed by nis code: the output of :func:`ruraldash.domain.index.rank_range` (``rank``,
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
    custom = [
        [i, label.get(i, _esc(i)), number(r.lo, d, lang), number(r.hi, d, lang)]
        for i, r in zip(ids, b.itertuples(), strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=list(b["spread"]),
            base=list(b["lo"]),
            y=ids,
            orientation="h",
            name=_esc(t("charts_rank_range", lang)),
            marker_color=PEER_BAR_COLOUR,
            customdata=custom,
            hovertemplate=f"<b>%{{customdata[1]}}</b><br>{hover}<extra></extra>",
        )
    )
    if b["base"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=list(b["base"]),
                y=ids,
                mode="markers",
                name=_esc(t("charts_rank_base", lang)),
                marker={"symbol": "diamond", "size": _size(11, big), "color": HIGHLIGHT_COLOUR},
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(
        tickmode="array",
        tickvals=ids,
        ticktext=[c[1] for c in custom],
        autorange="reversed",
        type="category",
    )
    fig.update_xaxes(title_text=_esc(t("charts_rank_axis", lang)), rangemode="tozero")
    height = 160 + len(ids) * (40 if big else 26)
    heading = title if title is not None else t("charts_rank_title", lang)
    return _style(fig, heading, lang, big, height=height, barmode="overlay")
