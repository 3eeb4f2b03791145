"""A small static SVG map (the profile's locator): municipality outlines as compact paths."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import shapely


def _ring_path(coords: np.ndarray) -> str:
    """One closed ring as a compact relative SVG path (integer units, repeats dropped)."""
    pts = np.rint(coords).astype(int)
    pts = pts[np.r_[True, np.any(np.diff(pts, axis=0) != 0, axis=1)]]
    if len(pts) < 4:
        return ""
    steps = " ".join(f"{dx} {dy}" for dx, dy in np.diff(pts[:-1], axis=0))
    return f"M{pts[0][0]} {pts[0][1]}l{steps}z".replace(" -", "-")


def _geom_path(geom: shapely.Geometry) -> str:
    parts = shapely.get_parts(geom)
    rings = [r for p in parts if p.geom_type == "Polygon" for r in (p.exterior, *p.interiors)]
    return "".join(_ring_path(np.asarray(r.coords)[:, :2]) for r in rings)


def locator_svg(
    geometries: Mapping[str, shapely.Geometry],
    selected: str,
    peers: Iterable[str] = (),
    *,
    width: int = 400,
    tolerance: float = 0.7,
) -> str:
    """Draw a small locator map: all municipalities grey, peers light blue, the selected one dark.

    Parameters
    ----------
    geometries : mapping of NIS code to shapely geometry
        In EPSG:31370 (metres) or EPSG:4326 (degrees; longitudes are shrunk by cos(latitude)).
    selected : str
        NIS code drawn dark (on top).
    peers : iterable of str
        NIS codes drawn light.
    width : int
        Width of the SVG in user units; coordinates are rounded to whole units after a
        topology-preserving simplification of ``tolerance`` units, which keeps the output small.
    """
    items = [(str(k), g) for k, g in geometries.items() if g is not None and not g.is_empty]
    codes, geoms = [k for k, _ in items], np.array([g for _, g in items], dtype=object)
    if not len(geoms):
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 1"/>'
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    degrees = -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
    kx = math.cos(math.radians((miny + maxy) / 2)) if degrees else 1.0
    scale = width / max((maxx - minx) * kx, 1e-9)
    moved = shapely.transform(geoms, lambda c: (c - [minx, maxy]) * [kx * scale, -scale])
    paths = dict(
        zip(codes, shapely.simplify(moved, tolerance, preserve_topology=True), strict=True)
    )
    peer_set, selected = {str(p) for p in peers} - {str(selected)}, str(selected)
    groups = [
        ("#d9d9d9", "#ffffff", [c for c in codes if c not in peer_set and c != selected]),
        ("#9ecae1", "#ffffff", [c for c in codes if c in peer_set]),
        ("#08306b", "#08306b", [c for c in codes if c == selected]),
    ]
    height = max(1, math.ceil((maxy - miny) * scale))
    body = "".join(
        f'<path fill="{fill}" stroke="{stroke}" d="{"".join(_geom_path(paths[c]) for c in members)}"/>'
        for fill, stroke, members in groups
        if members
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" fill-rule="evenodd" stroke-width="0.4" stroke-linejoin="round">{body}</svg>'
    )
