"""The one map-layer model every renderer reads: widget payload, legend, print map, slide, offline HTML.

:class:`MapLayer` is plain data (no Streamlit, no data access). It is built by one front door,
:func:`ruraldash.features.maps.map_layer`, for every kind of map; the renderers in ``render/`` draw it
and never classify, format or look anything up themselves.

The ``frame`` (indexed by NIS code, one row per municipality of the border set) holds:

``name``            municipality name
``value``           the number (NaN when missing; never filled in)
``colour``          fill colour (hex) of its class; roles below override it
``class``           class index into the legend's ``class`` rows, -1 without a class
``tooltip_value``   the value as shown (formatted, with unit)
``in_filter``       False: outside the type/province filter (grey, hatched in print)
``missing``         True: inside the filter without a value (white, dashed edge)
``missing_text``    why it is missing ("" otherwise)
``excluded``        True: left out of the classes on purpose (e.g. the centrumsteden of the ORF)
``rank``/``rank_vl``  integer ranks inside the selection / in Flanders (<NA> when unranked)
``rank_text``       the rank as shown
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ROLES = ("class", "excluded", "missing", "outside")
"""Legend row roles: a class of values, a group left out on purpose, no value, outside the filter."""

FRAME_COLUMNS = (
    "name",
    "value",
    "colour",
    "class",
    "tooltip_value",
    "in_filter",
    "missing",
    "missing_text",
    "excluded",
    "rank",
    "rank_vl",
    "rank_text",
)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: swatch colour, label, number of municipalities and its role."""

    colour: str
    label: str
    count: int
    role: str = "class"
    selected: bool = False
    """The selected municipality falls in this row (the legend marks it with ▶)."""


@dataclass(frozen=True)
class BivariateGrid:
    """The 3 × 3 legend of a bivariate map: colours[row_y][col_x], counts alike, axis labels."""

    colours: tuple[tuple[str, ...], ...]
    counts: tuple[tuple[int, ...], ...]
    x_label: str
    y_label: str
    x_bounds: tuple[tuple[float, float], ...] = ()
    y_bounds: tuple[tuple[float, float], ...] = ()
    result: object = None
    """The domain's BivariateResult (for its own legend renderer)."""


@dataclass(frozen=True)
class MapLayer:
    """One map as every renderer draws it.

    Parameters
    ----------
    kind : str
        ``indicator``, ``upload``, ``orf``, ``orf_diff``, ``bivariate``, ``index`` or ``values``.
    title, unit : str
        Legend and print title; unit of the values ("" when none).
    frame : pd.DataFrame
        See the module docstring (:data:`FRAME_COLUMNS`).
    legend : tuple of LegendEntry
        Class rows first (top = class 0), then excluded / missing / outside rows when they apply.
    status, status_text : str
        Status key (``official``, ``proxy``, ``derived``, ``low_confidence``, ``user``, ``model``)
        and the words shown on the badge ("" for official data).
    source : str
        Source line without a "Bron:" prefix (publisher, year, route).
    meta : str
        One line under every tooltip (year · status).
    extent : tuple of str
        NIS codes the map zooms to (the filtered selection); empty = all of Flanders.
    extent_key : str
        Changes when the extent should be fitted again (e.g. the province filter).
    selected : str or None
        The selected municipality (outlined), if it is on this map.
    filter_note : str
        "Selectie: … · 140 van 300 gemeenten" (empty without a filter).
    """

    kind: str
    title: str
    unit: str
    frame: pd.DataFrame
    legend: tuple[LegendEntry, ...]
    status: str = "official"
    status_text: str = ""
    source: str = ""
    year: object = None
    meta: str = ""
    extent: tuple[str, ...] = ()
    extent_key: str = ""
    selected: str | None = None
    selected_text: str = ""
    filter_note: str = ""
    decimals: int = 1
    notes: tuple[str, ...] = ()
    grid: BivariateGrid | None = None
    contrast: bool = True
    """False: the colours must stay as they are (a 2-D legend); high contrast leaves them alone."""
    subtitle: str = ""
    indicator: object = None
    """The catalogue's Indicator for indicator/upload maps (exports read its id, kind, definition)."""
    dataset: object = None
    """The provenance Dataset of the values, when there is one."""
    extra: dict = field(default_factory=dict, compare=False)

    # --- counts -----------------------------------------------------------------------------
    def _count(self, role: str) -> int:
        return sum(e.count for e in self.legend if e.role == role)

    @property
    def n_missing(self) -> int:
        """Municipalities inside the filter without a value."""
        return int(self.frame["missing"].sum())

    @property
    def n_outside(self) -> int:
        """Municipalities outside the filter."""
        return int((~self.frame["in_filter"]).sum())

    @property
    def n_inside(self) -> int:
        """Municipalities inside the filter."""
        return int(self.frame["in_filter"].sum())

    @property
    def classes(self) -> tuple[LegendEntry, ...]:
        """The legend rows of value classes (and an excluded group), without missing/outside."""
        return tuple(e for e in self.legend if e.role in ("class", "excluded"))

    @property
    def colours(self) -> list[str]:
        """Swatch colours of :attr:`classes`."""
        return [e.colour for e in self.classes]

    @property
    def labels(self) -> list[str]:
        """Labels of :attr:`classes`."""
        return [e.label for e in self.classes]

    @property
    def counts(self) -> list[int]:
        """Counts of :attr:`classes`."""
        return [e.count for e in self.classes]

    @property
    def selected_class(self) -> int | None:
        """Index of the legend row holding the selected municipality (None when none)."""
        return next((i for i, e in enumerate(self.legend) if e.selected), None)

    def role_of(self) -> pd.Series:
        """Per municipality its drawing role: ``class``, ``excluded``, ``missing`` or ``outside``."""
        f = self.frame
        role = pd.Series("class", index=f.index)
        role[f["excluded"].astype(bool)] = "excluded"
        role[f["missing"].astype(bool)] = "missing"
        role[~f["in_filter"].astype(bool)] = "outside"
        return role
