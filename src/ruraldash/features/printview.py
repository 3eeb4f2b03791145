"""What leaves the app for a briefing: print map, slide and spreadsheet metadata of one view.

Built from the same layer model as the screen (:class:`~ruraldash.render.mapmodel.MapLayer`), so the print map, the
slide and the XLSX say exactly what the screen says: title, filter, typology, legend with
counts, source, year and status.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import geopandas as gpd
import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.data.geo import LAMBERT72
from ruraldash.features.maps import filter_text
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render.mapmodel import MapLayer
from ruraldash.render.printmap import LegendRow, PrintSpec
from ruraldash.render.slides import SlideSpec

_SHAPES: dict[int, tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]] = {}
TOP_N = 5


def typology_text(atlas: Atlas, border_set: str, lang: str = "nl", typology: str = "") -> str:
    """The typology note of every export (name, status and counts of the chosen typology)."""
    return (
        typology_note(atlas, border_set, lang, typology)
        if typology
        else typology_note(atlas, border_set, lang)
    )


def shapes(atlas: Atlas, border_set: str) -> gpd.GeoDataFrame:
    """The full-resolution municipalities in Lambert 72 (a true shape on paper), by nis_code."""
    source = atlas.geometry[border_set]
    key = id(source)  # the cache holds the frame, so its id is not reused while cached
    if key not in _SHAPES:
        while len(_SHAPES) >= 4:
            _SHAPES.pop(next(iter(_SHAPES)))
        projected = source.set_index(source["nis_code"].astype(str))[["geometry"]].to_crs(LAMBERT72)
        _SHAPES[key] = (source, projected)
    return _SHAPES[key][1]


def status_text(status: str, lang: str) -> str:
    """The status as a sentence for the badge of a print map or slide."""
    return t(f"px_status_{status}", lang)


def date_line(lang: str, today: date | None = None) -> str:
    """``Export: 2 december 2026`` (ISO date, unambiguous in both languages)."""
    return t("px_exported", lang, date=(today or date.today()).isoformat())


def map_source(view: MapLayer, lang: str) -> str:
    """Source and year of a map layer, without a ``Bron:`` prefix (the exports add it once)."""
    return view.source


def map_meta(
    atlas: Atlas, view: MapLayer, sel: Selection, link: str, units: dict[str, str]
) -> list[tuple[str, str]]:
    """The XLSX sheet "Over deze tabel": what the numbers are, where they come from, which view."""
    lang, ind, f = sel.lang, view.indicator, view.frame
    columns = "; ".join(f"{c}: {u}" for c, u in units.items())
    rows = [
        ("px_meta_indicator", f"{ind.label(lang)} ({ind.id})"),
        ("px_meta_definition", ind.definition(lang)),
        ("px_meta_unit", ind.unit_label(lang)),
        ("px_meta_source", map_source(view, lang)),
        ("px_meta_year", str(view.year)),
        ("px_meta_status", status_text(ind.status, lang)),
        ("px_meta_filter", filter_text(sel, int(f["in_filter"].sum()), len(f))),
        ("px_meta_typology", typology_text(atlas, sel.border_set, lang, sel.typology)),
        ("px_meta_columns", f"{columns}. {t('px_meta_rank_note', lang)}"),
        ("px_meta_exported", (date.today()).isoformat()),
        ("px_meta_link", link),
    ]
    caveat = view.dataset.caveat_text(lang)
    if caveat:
        rows.append(("px_meta_caveat", caveat))
    return [(t(k, lang), v) for k, v in rows]


def orf_spec(atlas: Atlas, m: MapLayer, sel: Selection, today: date | None = None) -> PrintSpec:
    """The print map of an Open Ruimtefonds view: the layer's legend (centrumsteden, classes,
    missing, outside the page's type/province filter), the filter and typology in the subtitle,
    the scenario statuses (a typed budget is labelled 'eigen scenario')."""
    lang, f = sel.lang, m.frame
    spec = layer_spec(atlas, m, sel, today)
    inside = int(f["in_filter"].sum())
    subtitle = (
        f"{t('px_orf_subtitle', lang)} {filter_text(sel, inside, len(f))} "
        f"{typology_text(atlas, sel.border_set, lang, sel.typology)}"
    )
    return replace(
        spec,
        title=m.title,
        subtitle=subtitle,
        legend_title=m.extra.get("legend_title") or m.title,
        status=" · ".join(m.extra.get("statuses", ())),
        status_key=m.status,
    )


def ranking_rows(frame: pd.DataFrame, lang: str, n: int = TOP_N) -> tuple[list, list]:
    """Top and bottom ``n`` (rank, name, shown value) of the municipalities in the selection."""
    inside = frame[frame["in_filter"] & frame["value"].notna()]
    if "excluded" in inside:
        inside = inside[~inside["excluded"]]
    order = inside.sort_values("value", ascending=False)
    ranks = order["value"].rank(ascending=False, method="min").astype(int)

    def rows(part: pd.DataFrame) -> list[tuple[str, str, str]]:
        return [
            (str(ranks[c]), str(part.at[c, "name"]), str(part.at[c, "tooltip_value"]))
            for c in part.index
        ]

    return rows(order.head(n)), rows(order.tail(n)) if len(order) > n else []


def orf_slide(atlas: Atlas, m: MapLayer, sel: Selection, picture: bytes, today=None) -> SlideSpec:
    """One slide of an Open Ruimtefonds view."""

    def fmt(v: float) -> str:
        return number(v, m.decimals, sel.lang, m.unit)

    return _slide(orf_spec(atlas, m, sel, today), m.frame, sel, picture, fmt)


def _rank_text(rank, n: int, lang: str) -> str:
    if rank is None or pd.isna(rank):
        return "–"
    return t("px_rank_of", lang, rank=int(rank), n=n)


def _slide(spec: PrintSpec, frame: pd.DataFrame, sel: Selection, picture: bytes, fmt) -> SlideSpec:
    lang = sel.lang
    if spec.selected:
        row = frame.loc[spec.selected]
        inside = frame[frame["in_filter"] & frame["value"].notna()]
        if "excluded" in inside:
            inside = inside[~inside["excluded"]]
        rank = inside["value"].rank(ascending=False, method="min").get(spec.selected)
        ranked = frame[frame["value"].notna()]
        if "excluded" in ranked:
            ranked = ranked[~ranked["excluded"]]
        flanders = ranked["value"].rank(ascending=False, method="min").get(spec.selected)
        facts_rows = [
            (t("px_slide_value", lang), str(row["tooltip_value"])),
            (t("px_slide_rank", lang), _rank_text(rank, len(inside), lang)),
            (t("px_slide_rank_flanders", lang), _rank_text(flanders, len(ranked), lang)),
            (t("px_slide_median", lang), fmt(inside["value"].median()) if len(inside) else "–"),
        ]
        panel = (str(row["name"]), [], [], facts_rows)
    else:
        top, bottom = ranking_rows(frame, lang)
        panel = ("", top, bottom, [])
    notes = [spec.title, spec.subtitle, spec.source, spec.status, spec.date_line, *spec.notes]
    return SlideSpec(
        title=spec.title,
        subtitle=spec.subtitle,
        picture=picture,
        heading=panel[0],
        top=panel[1],
        bottom=panel[2],
        facts=panel[3],
        source=spec.source,
        status=spec.status,
        status_key=spec.status_key,
        date_line=spec.date_line,
        notes="\n".join(n for n in notes if n),
        lang=lang,
    )


_PRINT_ROW = {"missing": "px_missing", "outside": "px_outside"}


def layer_spec(
    atlas: Atlas, layer: MapLayer, sel: Selection, today: date | None = None
) -> PrintSpec:
    """The print map of any :class:`~ruraldash.render.mapmodel.MapLayer`: its colours, legend with
    counts, selected municipality, source, status, filter note and extent (the filtered selection)."""
    lang, f = sel.lang, layer.frame
    rows = tuple(
        LegendRow(
            e.colour,
            t(_PRINT_ROW[e.role], lang) if e.role in _PRINT_ROW else e.label,
            e.count,
            e.role if e.role in _PRINT_ROW else "class",
        )
        for e in layer.legend
    )
    typology = typology_text(atlas, sel.border_set, lang, sel.typology)
    subtitle = layer.subtitle or f"{layer.filter_note} {typology}".strip()
    year = f" ({layer.year})" if layer.year and layer.kind in ("indicator", "upload") else ""
    words = status_text(layer.status, lang)
    status = words if words != f"px_status_{layer.status}" else layer.status_text
    return PrintSpec(
        title=f"{layer.title}{year}",
        subtitle=subtitle,
        legend_title=layer.title,
        unit=layer.unit,
        legend=rows,
        fills=dict(zip(f.index.astype(str), f["colour"], strict=True)),
        missing=frozenset(f.index[f["missing"]].astype(str)),
        outside=frozenset(f.index[~f["in_filter"]].astype(str)),
        selected=layer.selected,
        selected_text=layer.selected_text,
        source=f"{t('exports_source_prefix', lang)}: {layer.source}" if layer.source else "",
        status=status,
        status_key=layer.status,
        date_line=date_line(lang, today),
        notes=layer.notes,
        count_label=t("px_count_label", lang),
        hole_label=t("px_brussels", lang),
        extent=frozenset(layer.extent),
    )


def layer_slide(
    atlas: Atlas, layer: MapLayer, sel: Selection, picture: bytes, today=None
) -> SlideSpec:
    """One slide of any map layer: picture, title, subtitle, ranking or the selected figures."""

    def fmt(v: float) -> str:
        return number(v, layer.decimals, sel.lang, layer.unit or None)

    frame = layer.frame
    return _slide(layer_spec(atlas, layer, sel, today), frame, sel, picture, fmt)
