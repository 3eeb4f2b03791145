"""One front door for every map: ``map_layer(kind, atlas, sel, **opts) -> MapLayer``.

Kinds and their options:

``indicator``   the catalogue indicator of ``sel`` (scheme, classes, filter, year)
``upload``      a saved own layer (an indicator of the overlaid atlas), status "eigen gegevens"
``orf``         an Open Ruimtefonds view: ``values``, ``excluded``, ``decimals``, ``unit``, ``title``,
                ``statuses``, ``source``, ``own``; ``diverging=True`` for an A/B difference
``orf_diff``    the same with ``diverging=True``
``index``       the composite index: ``score``, ``rank``, ``decimals``, ``method``, ``k``
``bivariate``   two indicators in 3 × 3 terciles: ``x``, ``y``
``values``      a generic number per NIS code: ``values`` (Series), ``title``, ``unit``, ``source``,
                ``status``, ``palette`` ("sequential"/"diverging"), ``centre``, ``polarity``,
                ``decimals``, ``k``… (see :func:`values_layer`)

The :class:`~ruraldash.render.mapmodel.MapLayer` it returns is what the map section
(``ui.mapsection``), the widget payload, the legend, the print map, the slide and the offline HTML
all draw. :func:`values_layer` builds one without an atlas (names and values only).
"""

from __future__ import annotations

from ruraldash.core.memo import Memo
from ruraldash.data.atlas import Atlas
from ruraldash.features.maps import kinds
from ruraldash.features.maps.kinds import filter_text, status_words
from ruraldash.features.maps.values import range_label, values_layer
from ruraldash.features.selection import Selection
from ruraldash.render.mapmodel import BivariateGrid, LegendEntry, MapLayer

LAYERS = Memo(64)
"""Built layers of the kinds that depend only on the atlas and the selection (shared, read-only)."""
KINDS = ("indicator", "upload", "orf", "orf_diff", "index", "bivariate", "values")

__all__ = [
    "KINDS",
    "BivariateGrid",
    "LegendEntry",
    "MapLayer",
    "filter_text",
    "map_layer",
    "range_label",
    "status_words",
    "values_layer",
]


def map_layer(kind: str, atlas: Atlas, sel: Selection, **opts) -> MapLayer:
    """The map of one kind for a selection (see the module docstring for each kind's options).

    Raises
    ------
    ValueError
        For an unknown kind.

    Notes
    -----
    Layers of the kinds ``indicator``, ``upload`` and ``bivariate`` are memoised per atlas object
    and selection (:data:`LAYERS`): treat a returned layer as read-only (copy its frame to change it).
    """
    if kind in ("indicator", "upload", "bivariate") and all(
        isinstance(v, str) for v in opts.values()
    ):  # depends on the atlas and the selection only: one build per (atlas, selection)
        key = (kind, id(atlas), sel, tuple(sorted(opts.items())))
        return LAYERS.get(key, (atlas,), lambda: _build(kind, atlas, sel, **opts))
    return _build(kind, atlas, sel, **opts)


def _build(kind: str, atlas: Atlas, sel: Selection, **opts) -> MapLayer:
    if kind in ("indicator", "upload"):
        return kinds.indicator(atlas, sel, kind=kind, **opts)
    if kind == "orf":
        return kinds.orf(atlas, sel, **opts)
    if kind == "orf_diff":
        return kinds.orf(atlas, sel, diverging=True, **opts)
    if kind == "index":
        return kinds.index(atlas, sel, **opts)
    if kind == "bivariate":
        return kinds.bivariate_map(atlas, sel, **opts)
    if kind == "values":
        return kinds.values(atlas, sel, **opts)
    raise ValueError(f"onbekende kaartsoort: {kind!r} (kies uit {', '.join(KINDS)})")
