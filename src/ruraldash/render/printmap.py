"""The print map: a choropleth drawn on the server with matplotlib, for notes, slides and paper.

It draws what a :class:`PrintSpec` says (built from the same view model as the screen map, see
:mod:`ruraldash.features.printview`): title, subtitle with the filter and the typology note, the
municipalities in their class colours (grey outside the selection, white without data), the
selected municipality outlined, a legend with counts, a scale bar, and a footer with source, year,
status and export date. No UI chrome. PNG (raster, ≥ 1600 px wide), SVG and PDF (vector).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
from matplotlib.figure import Figure  # a bare Figure: no pyplot, no GUI backend, thread-safe
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from shapely.geometry import Polygon

from ruraldash.core.provenance import STATUS_COLOURS
from ruraldash.render.mapstyle import STYLE

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
PNG_DPI = 150
"""14 inch × 150 dpi = 2100 px wide."""
INK, SOFT, RULE = "#1a1a1a", "#404040", "#bdbdbd"
BARE_SIZE = (10.0, 4.6)
"""Inches of the slide picture (map and legend only)."""


@dataclass(frozen=True)
class LegendRow:
    """One legend row: swatch colour, label, number of municipalities, and its kind."""

    colour: str
    label: str
    count: int
    kind: str = "class"
    """``class``, ``missing`` (white, dashed edge) or ``outside`` (grey, outside the selection)."""


@dataclass(frozen=True)
class PrintSpec:
    """Everything the print map shows; plain text and colours, no data access."""

    title: str
    subtitle: str
    legend_title: str
    unit: str
    legend: tuple[LegendRow, ...]
    fills: dict[str, str]
    """nis_code -> fill colour."""
    missing: frozenset[str] = frozenset()
    outside: frozenset[str] = frozenset()
    selected: str | None = None
    selected_text: str = ""
    source: str = ""
    status: str = ""
    status_key: str = "official"
    date_line: str = ""
    notes: tuple[str, ...] = field(default=())
    count_label: str = "gemeenten"
    hole_label: str = "Brussel"
    extent: frozenset[str] = frozenset()
    """Municipalities to zoom to (the filtered selection); empty = all of Flanders."""


def _draw_map(ax, shapes: gpd.GeoDataFrame, spec: PrintSpec) -> None:
    """Municipalities by role (classes, outside with the hatch, missing dashed) in the style
    table's colours, the selected outline, zoomed to the spec's extent."""
    codes = shapes.index.astype(str)
    fills = [spec.fills.get(c, STYLE.missing.fill) for c in codes]
    outside = codes.isin(list(spec.outside))
    missing = codes.isin(list(spec.missing)) & ~outside
    normal = ~outside & ~missing
    k, o, m = STYLE.klass, STYLE.outside, STYLE.missing
    shapes[normal].plot(ax=ax, color=[f for f, n in zip(fills, normal, strict=True) if n],
                        edgecolor=k.edge, linewidth=0.35)  # fmt: skip
    if outside.any():
        with matplotlib.rc_context({"hatch.color": o.hatch, "hatch.linewidth": 0.6}):
            shapes[outside].plot(ax=ax, color=o.fill, edgecolor=o.edge, linewidth=0.3,
                                 hatch=STYLE.print_hatch)  # fmt: skip
    if missing.any():
        shapes[missing].plot(ax=ax, color=m.fill, edgecolor=m.edge, linewidth=0.5, linestyle="--")
    outline = shapes.dissolve()
    outline.boundary.plot(ax=ax, color="#6b6b6b", linewidth=0.6)
    _label_holes(ax, outline.geometry.iloc[0], spec.hole_label)
    if spec.selected and spec.selected in set(codes):
        shapes[codes == spec.selected].boundary.plot(
            ax=ax, color=STYLE.selected_halo, linewidth=3.2
        )
        shapes[codes == spec.selected].boundary.plot(
            ax=ax, color=STYLE.selected_edge, linewidth=1.6
        )
    ax.set_axis_off()
    # the data limits grow to fill the axes box: a zoomed map keeps its surroundings up to the
    # box's edges instead of a narrow picture cut off by a straight edge
    ax.set_aspect("equal", adjustable="datalim")
    _zoom(ax, shapes, spec.extent)
    ax.apply_aspect()
    _scale_bar(ax)


def _zoom(ax, shapes: gpd.GeoDataFrame, extent: frozenset[str]) -> None:
    """Fit the axes to the extent's municipalities (5 % margin), keeping the map's aspect."""
    inside = shapes[shapes.index.astype(str).isin(list(extent))]
    if not len(inside) or len(inside) == len(shapes):
        return
    x0, y0, x1, y1 = inside.total_bounds
    pad = 0.05 * max(x1 - x0, y1 - y0, 1.0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)


def _label_holes(ax, region, brussels: str) -> None:
    """Name the one large hole in Flanders (the Brussels region), so its white is not read as data."""
    polygons = getattr(region, "geoms", [region])
    holes = [Polygon(ring) for poly in polygons for ring in poly.interiors]
    big = [h for h in holes if h.area > 100e6]
    for hole in big[:1]:
        point = hole.representative_point()
        ax.text(point.x, point.y, brussels, ha="center", va="center", fontsize=8, color="#6b6b6b",
                style="italic", clip_on=True)  # fmt: skip


def _scale_bar(ax) -> None:
    """A 25 km bar in the lower left corner (the map is in metres, EPSG:31370)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    left, bottom, length = x0 + 0.01 * (x1 - x0), y0 + 0.03 * (y1 - y0), 25_000
    height = 0.012 * (y1 - y0)
    ax.add_patch(Rectangle((left, bottom), length / 2, height, color=INK, lw=0))
    ax.add_patch(
        Rectangle((left + length / 2, bottom), length / 2, height, fc="#ffffff", ec=INK, lw=0.6)
    )
    for x, text in ((left, "0"), (left + length, "25 km")):
        ax.text(x, bottom + 2.2 * height, text, ha="center", va="bottom", fontsize=7.5, color=SOFT,
                bbox={"fc": "#ffffff", "ec": "none", "alpha": 0.85, "pad": 1.5})  # fmt: skip


def _draw_legend(ax, spec: PrintSpec, wrap: int = 34, scale: float = 1.0) -> None:
    """Legend title and unit, one row per class, then 'geen gegevens' and 'buiten selectie'."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    y = 0.98
    for line in textwrap.wrap(spec.legend_title, wrap)[:3]:
        ax.text(0, y, line, fontsize=11 * scale, fontweight="bold", color=INK, va="top")
        y -= 0.055
    ax.text(0, y, spec.unit, fontsize=9 * scale, color=SOFT, va="top")
    ax.text(1.0, y, spec.count_label, fontsize=8.5 * scale, color=SOFT, va="top", ha="right")
    y -= 0.06
    y -= 0.02
    step = min(0.075, (y - 0.12) / max(len(spec.legend), 1))
    for row in spec.legend:
        dashed, out = row.kind == "missing", row.kind == "outside"
        edge = STYLE.missing.edge if dashed else (STYLE.outside.edge if out else "#8c8c8c")
        with matplotlib.rc_context({"hatch.color": STYLE.outside.hatch, "hatch.linewidth": 0.6}):
            ax.add_patch(
                Rectangle(
                    (0, y - 0.045), 0.12, 0.045, fc=row.colour, ec=edge, lw=0.8,
                    ls="--" if dashed else "-", hatch=STYLE.print_hatch if out else None,
                )
            )  # fmt: skip
        ax.text(0.16, y - 0.0225, row.label, fontsize=9.5 * scale, color=INK, va="center")
        ax.text(
            1.0,
            y - 0.0225,
            f"{row.count}",
            fontsize=9.5 * scale,
            color=SOFT,
            va="center",
            ha="right",
        )
        y -= step
    if spec.selected_text:
        y -= 0.02
        ax.add_patch(
            Rectangle((0, y - 0.045), 0.12, 0.045, fc="none", ec=STYLE.selected_edge, lw=1.6)
        )
        for n, line in enumerate(textwrap.wrap(spec.selected_text, 30)[:2]):
            ax.text(0.16, y - 0.0225 - n * 0.05, line, fontsize=9.5 * scale, color=INK, va="center")


def _status_badge(fig: Figure, x: float, y: float, spec: PrintSpec) -> None:
    colour = STATUS_COLOURS.get(spec.status_key, "#4d4d4d")
    fig.text(
        x, y, spec.status, fontsize=9, color="#ffffff", fontweight="bold", va="top", ha="left",
        bbox={"boxstyle": "round,pad=0.35", "fc": colour, "ec": colour},
    )  # fmt: skip


def _footer(fig: Figure, spec: PrintSpec, top: float, height: float) -> None:
    """Rule, status badge, source line (wrapped), notes, export date (``top`` in figure units)."""
    fig.add_artist(Line2D([0.03, 0.97], [top, top], color=RULE, lw=0.8, transform=fig.transFigure))
    inch = 1 / height
    y = top - 0.12 * inch
    if spec.date_line:
        fig.text(0.97, y, spec.date_line, fontsize=8.5, color=SOFT, va="top", ha="right")
    if spec.status:
        _status_badge(fig, 0.034, y - 0.04 * inch, spec)
        y -= 0.36 * inch
    notes = [n for note in spec.notes for n in textwrap.wrap(note, 200)]
    for line in (textwrap.wrap(spec.source, 200)[:4] + notes)[:5]:
        fig.text(0.03, y, line, fontsize=8.5, color=SOFT, va="top")
        y -= 0.19 * inch


TITLE_CHARS = 78
"""Characters per title line at 20 pt bold on the 14-inch print map (longer titles wrap)."""
TITLE_LINE_IN = 0.36


def _header(fig: Figure, spec: PrintSpec, height: float) -> None:
    """Title (wrapped, up to two lines) and up to three subtitle lines (filter, typology),
    positioned in inches from the top."""
    titles = _title_lines(spec)
    for n, line in enumerate(titles):
        top = 1 - (0.3 + TITLE_LINE_IN * n) / height
        fig.text(0.03, top, line, fontsize=20, fontweight="bold", color=INK, va="top")
    first = 0.82 + TITLE_LINE_IN * (len(titles) - 1)
    for n, line in enumerate(_subtitle_lines(spec)):
        fig.text(0.03, 1 - (first + 0.24 * n) / height, line, fontsize=10.5, color=SOFT, va="top")


def _title_lines(spec: PrintSpec) -> list[str]:
    """The title wrapped between words; never cut (a third line would be joined to the second)."""
    lines = textwrap.wrap(spec.title, TITLE_CHARS) or [""]
    return lines if len(lines) <= 2 else [lines[0], " ".join(lines[1:])]


def _subtitle_lines(spec: PrintSpec) -> list[str]:
    return textwrap.wrap(spec.subtitle, 165)[:3]


def figure(shapes: gpd.GeoDataFrame, spec: PrintSpec, *, bare: bool = False) -> Figure:
    """The print map as a matplotlib figure.

    Parameters
    ----------
    shapes : GeoDataFrame
        Municipalities indexed by nis_code, in a projected CRS in metres (EPSG:31370).
    spec : PrintSpec
        What to draw.
    bare : bool
        Map and legend only (for a slide that carries its own title and source line).
    """
    if bare:  # a slide: narrower, so the same type reads larger on the slide
        fig = Figure(figsize=BARE_SIZE, facecolor="#ffffff")
        _draw_map(fig.add_axes((0.0, 0.02, 0.68, 0.96)), shapes, spec)
        _draw_legend(fig.add_axes((0.71, 0.04, 0.28, 0.92)), spec, wrap=24, scale=1.2)
        return fig
    width, map_h = 14.0, 4.3
    head = 0.95 + 0.24 * len(_subtitle_lines(spec)) + TITLE_LINE_IN * (len(_title_lines(spec)) - 1)
    foot = 1.45
    height = head + map_h + foot + 0.1
    fig = Figure(figsize=(width, height), facecolor="#ffffff")
    bottom = (foot + 0.05) / height
    _draw_map(fig.add_axes((0.02, bottom, 0.72, map_h / height)), shapes, spec)
    _draw_legend(fig.add_axes((0.77, bottom, 0.21, map_h / height)), spec)
    _header(fig, spec, height)
    _footer(fig, spec, (foot - 0.05) / height, height)
    return fig


def render(
    shapes: gpd.GeoDataFrame, spec: PrintSpec, fmt: str = "png", *, bare: bool = False
) -> bytes:
    """The print map as PNG (2100 px wide), SVG or PDF bytes (text stays text in SVG and PDF)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown print format {fmt!r}; use one of {sorted(FORMATS)}")
    buffer = io.BytesIO()
    # text stays text: selectable in the PDF, searchable and editable in the SVG
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        fig = figure(shapes, spec, bare=bare)
        fig.savefig(
            buffer, format=fmt, dpi=PNG_DPI, facecolor="#ffffff", metadata={"Title": spec.title}
        )
    return buffer.getvalue()
