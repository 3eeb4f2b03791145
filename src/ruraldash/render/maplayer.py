"""The one map-layer builder: a map view-model becomes the map widget's small per-rerun payload.

Geometry goes to the browser once per border set, as a static content-hashed GeoJSON file under
``static/gen/`` (:func:`geometry`). A rerun sends only what changed (:func:`payload`): a palette
and one palette index per polygon (-1 missing, -2 outside the filter), the tooltip texts, the
selected and peer polygons, the ranks as integers, and the view to fit. Every text is
HTML-escaped here; the widget inserts it as HTML into Leaflet tooltips.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ruraldash.domain.classify import MISSING_COLOUR
from ruraldash.render import staticgen
from ruraldash.render.mapmodel import MapLayer
from ruraldash.render.mapstyle import contrast_palette

NBSP = "\u00a0"  # between a number and its unit (core.fmt)

STATIC_DIR, GEN_DIR = staticgen.STATIC_DIR, staticgen.GEN_DIR
FLANDERS_BOUNDS: list[list[float]] = [[50.68, 2.54], [51.51, 5.92]]


@dataclass(frozen=True)
class MapGeometry:
    """One border set's display geometry as served to the browser."""

    url_path: str
    """Path under the static URL, e.g. ``gen/geo-2019-1a2b3c4d5e6f.json``."""
    codes: tuple[str, ...]
    """NIS codes in feature order: every per-polygon list of the payload follows this order."""
    bboxes: tuple[tuple[float, float, float, float], ...]
    """(south, west, north, east) per feature."""
    size: int
    """Bytes of the file (uncompressed)."""
    index: dict[str, int] = field(default_factory=dict, compare=False)


_GEOMETRY: dict[int, tuple[dict, MapGeometry]] = {}


def _walk(coords) -> Iterable[tuple[float, float]]:
    if coords and isinstance(coords[0], int | float):
        yield coords[0], coords[1]
        return
    for part in coords:
        yield from _walk(part)


def _bbox(geometry: dict) -> tuple[float, float, float, float]:
    xs, ys = zip(*_walk(geometry["coordinates"]), strict=True)
    return min(ys), min(xs), max(ys), max(xs)


def geometry(geojson: dict, border_set: str, static_dir: Path | None = None) -> MapGeometry:
    """Write the border set's geometry once as ``static/gen/geo-<set>-<hash>.json``; cached.

    The file holds per feature ``id`` (NIS code), ``properties.n`` (the HTML-escaped name) and the
    geometry. The name of the file changes with its content, so browsers may cache it for good.
    """
    cached = _GEOMETRY.get(id(geojson))
    if cached and cached[0] is geojson:
        return cached[1]
    features, codes = [], []
    for feat in geojson.get("features") or []:
        code = str(feat["properties"].get("nis_code", ""))
        name = html.escape(str(feat["properties"].get("name", code)))
        codes.append(code)
        features.append(
            {"type": "Feature", "id": code, "properties": {"n": name}, "geometry": feat["geometry"]}
        )
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    rel = f"{GEN_DIR}/geo-{border_set}-{digest}.json"
    write_once((static_dir or staticgen.STATIC_DIR) / rel, text.encode())
    geo = MapGeometry(
        rel,
        tuple(codes),
        tuple(_bbox(f["geometry"]) for f in features),
        len(text),
        {c: i for i, c in enumerate(codes)},
    )
    _GEOMETRY[id(geojson)] = (geojson, geo)
    return geo


def write_once(path: Path, content: bytes) -> None:
    """Write ``content`` unless the (content-named) file exists: :func:`staticgen.write`."""
    staticgen.write(path, content)


def bounds(geo: MapGeometry, codes: Iterable[str]) -> list[list[float]]:
    """[[south, west], [north, east]] around the given municipalities (Flanders if none)."""
    boxes = [geo.bboxes[geo.index[c]] for c in codes if c in geo.index]
    if not boxes:
        return FLANDERS_BOUNDS
    s, w, n, e = zip(*boxes, strict=True)
    return [[min(s), min(w)], [max(n), max(e)]]


@dataclass(frozen=True)
class Labels:
    """The tooltip's fixed words (one language), sent once per payload."""

    value: str
    rank: str
    outside: str
    rank_sel: str = "{r} / {n}"
    rank_vl: str = "{r} / {n}"

    def as_dict(self) -> dict[str, str]:
        """Escaped, for the payload."""
        return {
            "value": _esc(self.value),
            "rank": _esc(self.rank),
            "outside": _esc(self.outside),
        }


def _esc(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _values(values: Iterable[object]) -> dict:
    """The values as shown (escaped), with the unit most of them end in sent once: ``vu`` is that
    unit ("\u00a0%"), ``vx`` the entries that do not carry it (a missing value's words). The unit
    repeated 300 times was a tenth of every rerun's map message."""
    texts = [_esc(v) for v in values]
    tails = Counter(v[v.index(NBSP) :] for v in texts if NBSP in v)
    unit, n = tails.most_common(1)[0] if tails else ("", 0)
    if n < 2:
        return {"v": texts}
    cut, others = [], []
    for i, v in enumerate(texts):
        if NBSP in v and v[v.index(NBSP) :] == unit:
            cut.append(v[: -len(unit)])
        else:
            cut.append(v)
            others.append(i)
    return {"v": cut, "vu": unit, **({"vx": others} if others else {})}


def _colour_indexes(
    geo: MapGeometry, frame: pd.DataFrame, contrast: bool
) -> tuple[list[str], list[int]]:
    """Palette (order of first appearance) and one index per feature; -1 missing, -2 filtered."""
    colour = frame["colour"].reindex(list(geo.codes))
    inside = frame["in_filter"].reindex(list(geo.codes)).fillna(False).astype(bool)
    palette: list[str] = []
    seen: dict[str, int] = {}
    idx: list[int] = []
    for c, ok in zip(colour, inside, strict=True):
        if not ok:
            idx.append(-2)
        elif not isinstance(c, str) or c.lower() == MISSING_COLOUR:
            idx.append(-1)
        else:
            if c not in seen:
                seen[c] = len(palette)
                palette.append(c)
            idx.append(seen[c])
    if contrast:
        palette = contrast_palette(palette)
    return palette, idx


def _ranks(frame: pd.DataFrame, geo: MapGeometry, labels: Labels) -> dict:
    """Integer ranks inside the selection and in Flanders (0 = none), or the frame's rank texts."""
    codes = list(geo.codes)
    if "rank_vl" not in frame:
        texts = frame["rank_text"].reindex(codes) if "rank_text" in frame else None
        return {"rt": [_esc(t) for t in texts]} if texts is not None else {}

    def ints(col: str) -> list[int]:
        s = pd.to_numeric(frame[col].reindex(codes), errors="coerce")
        return [0 if pd.isna(v) else int(v) for v in s]

    vl = ints("rank_vl")
    rk = {"vl": vl, "nvl": int(frame["rank_vl"].notna().sum()), "tvl": _esc(labels.rank_vl)}
    if "rank" in frame and not frame["in_filter"].all():
        rk |= {
            "sel": ints("rank"),
            "nsel": int(frame["rank"].notna().sum()),
            "tsel": _esc(labels.rank_sel),
        }
    return {"rk": rk}


def payload(
    geo: MapGeometry,
    frame: pd.DataFrame,
    labels: Labels,
    *,
    selected: str | None = None,
    peers: Sequence[str] = (),
    meta: str = "",
    contrast: bool = False,
    big: bool = False,
    fit: tuple[str, Iterable[str]] | None = None,
    zoom_to_selected: bool = False,
) -> dict:
    """What one rerun sends to the map widget.

    Parameters
    ----------
    geo : MapGeometry
        From :func:`geometry` (fixes the polygon order).
    frame : pd.DataFrame
        Indexed by nis_code: ``colour`` (hex), ``tooltip_value`` (text with unit), ``in_filter``
        (bool); optional ``missing_text`` (why a value is missing), integer ranks ``rank`` (inside
        the selection) and ``rank_vl`` (in Flanders), or else ``rank_text``.
    labels : Labels
        The tooltip words.
    selected, peers : str, sequence of str
        Outlined municipalities.
    meta : str
        One line under every tooltip (year, status).
    contrast, big : bool
        High contrast (darker palette ends, thicker borders, larger text); projector sizes.
    fit : (key, codes), optional
        Fit the view to these municipalities whenever ``key`` changes (e.g. the province filter);
        an empty key means Flanders.
    zoom_to_selected : bool
        Zoom to the selected municipality when it changes.
    """
    palette, idx = _colour_indexes(geo, frame, contrast)
    values = frame["tooltip_value"].reindex(list(geo.codes))
    data = {
        "pal": palette,
        "c": idx,
        **_values(values),
        "sel": geo.index.get(selected, -1) if selected else -1,
        "peers": [geo.index[p] for p in peers if p in geo.index and p != selected],
        "meta": _esc(meta),
        "lab": labels.as_dict(),
        "opt": {"contrast": contrast, "big": big, "zoom": zoom_to_selected, "hover": False},
        **_ranks(frame, geo, labels),
    }
    if "missing_text" in frame:
        why = frame["missing_text"].reindex(list(geo.codes))
        data["why"] = {
            str(i): _esc(w)
            for i, (w, c) in enumerate(zip(why, idx, strict=True))
            if c == -1 and isinstance(w, str) and w
        }
    if fit is not None:
        key, codes = fit
        data["fit"] = {"k": key, "b": bounds(geo, codes) if key else FLANDERS_BOUNDS}
    return data


def version(data: dict) -> str:
    """A short digest of a payload: the widget stamps it on its node once painted."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def layer_payload(
    geo: MapGeometry,
    layer: MapLayer,
    labels: Labels,
    *,
    contrast: bool = False,
    big: bool = False,
    zoom_to_selected: bool = False,
    peers: Sequence[str] = (),
) -> dict:
    """The widget payload of a :class:`~ruraldash.render.mapmodel.MapLayer` (see :func:`payload`):
    its colours, tooltips, flags, the selected municipality and its extent."""
    return payload(
        geo,
        layer.frame,
        labels,
        selected=layer.selected,
        peers=peers,
        meta=layer.meta,
        contrast=contrast and layer.contrast,
        big=big,
        fit=(layer.extent_key, layer.extent or geo.codes),
        zoom_to_selected=zoom_to_selected,
    )
