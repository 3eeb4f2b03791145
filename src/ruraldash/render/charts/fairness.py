"""The Lorenz curve of a plattelandstoets: amount per inhabitant, municipalities coloured by type."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ruraldash.render.charts.style import OTHER_COLOUR, TYPE_COLOURS, _esc, _size, _style


def lorenz_chart(
    curve: pd.DataFrame,
    groups: pd.Series,
    names: pd.Series,
    *,
    group_labels: Mapping[str, str],
    title: str,
    x_label: str,
    y_label: str,
    equality_label: str,
    lang: str = "nl",
    big: bool = False,
) -> go.Figure:
    """The population-weighted Lorenz curve (``fairness.lorenz``) with one dot per municipality.

    Parameters
    ----------
    curve : DataFrame
        Index nis_code (sorted), columns cum_population, cum_amount, per_inhabitant (0–1 shares).
    groups, names : Series
        The type and name of each municipality (by nis_code).
    """
    x = [0.0, *(100 * curve["cum_population"]).tolist()]
    y = [0.0, *(100 * curve["cum_amount"]).tolist()]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", name=_esc(equality_label),
                             line={"color": "#777777", "dash": "dash", "width": 1}, hoverinfo="skip"))  # fmt: skip
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": "#333333", "width": 2},
                             showlegend=False, hoverinfo="skip"))  # fmt: skip
    g = groups.reindex(curve.index).astype(object)
    for key in sorted(pd.unique(g.dropna())):
        ids = [c for c in curve.index if g[c] == key]
        fig.add_trace(
            go.Scatter(
                x=[100 * curve.at[c, "cum_population"] for c in ids],
                y=[100 * curve.at[c, "cum_amount"] for c in ids],
                mode="markers",
                name=_esc(group_labels.get(str(key), str(key))),
                marker={
                    "color": TYPE_COLOURS.get(str(key), OTHER_COLOUR),
                    "size": _size(7, big),
                    "line": {"color": "white", "width": 0.5},
                },  # fmt: skip
                customdata=[[c, _esc(names.get(c, c)), curve.at[c, "per_inhabitant"]] for c in ids],
                hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]:,.2f}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=_esc(x_label), range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(title_text=_esc(y_label), range=[0, 100], ticksuffix=" %")
    return _style(fig, title, lang, big, height=520 if big else 430)
