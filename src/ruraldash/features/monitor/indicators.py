"""The monitor's indicators: every series of the bundle with at least two years, by pact facet.

Labels, units and notes live in ``core/locales/monitor.toml`` (keys ``mon_ind_<id>``,
``mon_unit_<id>``); this registry holds what the arithmetic needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruraldash.core.i18n import t
from ruraldash.domain.change import Measure


@dataclass(frozen=True)
class MonitorIndicator:
    """One monitored indicator.

    Attributes
    ----------
    id : str
        Stable id (CLI argument, URL value).
    family : str
        Series family of :mod:`ruraldash.data.series`.
    measure : Measure
        Numerator / denominator / scale.
    facet : int
        Pact facet 1..5.
    decimals : int
        Display precision of the level.
    polarity : str
        ``higher_better``, ``higher_worse`` or ``neutral`` (colours of the change map).
    status : str
        Manifest status shown as a badge (``official``, ``proxy``).
    default : tuple of int, optional
        Default (baseline, end); otherwise the earliest and latest year with data.
    land_take : bool
        Hectares of built parcels: also shown per year and per day, against the bouwshift.
    """

    id: str
    family: str
    measure: Measure
    facet: int
    decimals: int
    polarity: str = "neutral"
    status: str = "official"
    default: tuple[int, int] | None = None
    land_take: bool = False

    def label(self, lang: str = "nl") -> str:
        """Label in the UI language."""
        return t(f"mon_ind_{self.id}", lang)

    def unit(self, lang: str = "nl") -> str:
        """Unit of the level in the UI language."""
        return t(f"mon_unit_{self.id}", lang)


_LAND = "landuse"
INDICATORS: dict[str, MonitorIndicator] = {
    i.id: i
    for i in (
        MonitorIndicator(
            "built_share",
            _LAND,
            Measure("built_parcels_ha", "total_area_ha", 100.0),
            1,
            2,
            "higher_worse",
            "proxy",
            (2000, 2015),
        ),
        MonitorIndicator(
            "built_ha",
            _LAND,
            Measure("built_parcels_ha"),
            1,
            0,
            "higher_worse",
            "proxy",
            (2000, 2015),
            land_take=True,
        ),
        MonitorIndicator(
            "open_space_share",
            _LAND,
            Measure("open_space_categories_ha", "total_area_ha", 100.0),
            1,
            2,
            "higher_better",
            "proxy",
            (2000, 2015),
        ),
        MonitorIndicator(
            "new_dwellings_permitted", "permits", Measure("new_dwellings_permitted"), 2, 0
        ),
        MonitorIndicator("households", "households", Measure("households"), 2, 0),
        MonitorIndicator("population", "population", Measure("population"), 3, 0),
        MonitorIndicator(
            "share_65plus",
            "population",
            Measure("population_65plus", "population", 100.0),
            3,
            2,
        ),
        MonitorIndicator(
            "share_0_17",
            "population",
            Measure("population_0_17", "population", 100.0),
            3,
            2,
        ),
        MonitorIndicator(
            "establishment_units",
            "establishments",
            Measure("establishment_units"),
            4,
            0,
            status="proxy",
        ),
    )
}
"""Every monitored indicator, in facet order."""


def by_facet(facet: int) -> list[MonitorIndicator]:
    """The indicators of one pact facet (may be empty: facet 5 has no series with two years)."""
    return [i for i in INDICATORS.values() if i.facet == facet]
