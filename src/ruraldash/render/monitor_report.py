"""The monitoring report's picture: index chart by type (left) and the map of change (right).

Drawn with matplotlib on a bare Figure (no pyplot): gaps stay gaps (NaN breaks the line), breaks are
dotted vertical lines, projection years open markers. The slide itself comes from
:mod:`ruraldash.render.slides`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ruraldash.domain.classify import MISSING_COLOUR
from ruraldash.render.charts.monitor import _colour as group_colour

INK, SOFT = "#1a1a1a", "#404040"


@dataclass(frozen=True)
class ReportPicture:
    """What one facet's picture shows (plain text, colours, values)."""

    index: pd.DataFrame
    labels: Mapping[str, str]
    index_title: str
    axis_title: str
    fills: Mapping[str, str]
    legend: Sequence[tuple[str, str]]
    map_title: str
    breaks: Sequence[int] = ()
    projection: Sequence[int] = ()
    empty_text: str = ""
    break_label: str = ""


def _index_axes(ax, pic: ReportPicture) -> None:
    full = range(int(pic.index.index.min()), int(pic.index.index.max()) + 1)
    for key in pic.index.columns:
        s = pic.index[key].reindex(full)
        colour = group_colour(str(key))
        style = ":" if key == "vlaanderen" else "-"
        have = s.dropna()
        if 1 < len(have) < len(s):  # across a gap: a thin dotted join, the points stay the data
            ax.plot(list(have.index), have.values, ":", color=colour, lw=0.9)
        ax.plot(list(full), s.values, style, color=colour, lw=2.2, marker="o", ms=3.5,
                label=pic.labels.get(str(key), str(key)))  # fmt: skip
        proj = [y for y in pic.projection if y in s.index and pd.notna(s[y])]
        ax.plot(proj, s.reindex(proj).values, "o", mfc="white", mec=colour, ms=7)
    ax.axhline(100, color="#999999", lw=0.8)
    for year in pic.breaks:
        ax.axvline(year - 0.5, color="#333333", lw=0.8, ls=":")
        ax.text(year - 0.6, 1, pic.break_label, transform=ax.get_xaxis_transform(), ha="right",
                va="top", fontsize=7, color=SOFT)  # fmt: skip
    ax.set_title(pic.index_title, fontsize=11, color=INK, loc="left")
    ax.set_ylabel(pic.axis_title, fontsize=9, color=SOFT)
    ax.tick_params(labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper left")


def _map_axes(ax, shapes: gpd.GeoDataFrame, pic: ReportPicture) -> None:
    fills = shapes["nis_code"].map(pic.fills).fillna(MISSING_COLOUR)
    shapes.assign(fill=fills).plot(ax=ax, color=fills, edgecolor="white", linewidth=0.2)
    ax.set_axis_off()
    ax.set_title(pic.map_title, fontsize=11, color=INK, loc="left")
    handles = [Patch(facecolor=c, edgecolor="#999999", label=text) for c, text in pic.legend]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left",
              bbox_to_anchor=(0, 0), ncol=2)  # fmt: skip


def picture(shapes: gpd.GeoDataFrame, pic: ReportPicture) -> bytes:
    """PNG bytes, 16 : 9-ish (13 × 6.5 inch at 150 dpi)."""
    fig = Figure(figsize=(13, 6.5), dpi=150)
    if pic.index.empty:
        fig.text(0.5, 0.5, pic.empty_text, ha="center", va="center", fontsize=16, color=SOFT)
    else:
        _index_axes(fig.add_axes((0.06, 0.1, 0.4, 0.8)), pic)
        _map_axes(fig.add_axes((0.5, 0.3, 0.49, 0.62)), shapes, pic)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()
