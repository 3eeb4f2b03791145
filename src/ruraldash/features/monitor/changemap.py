"""The map of change through the one map stack (``features.maps.map_layer("values", ...)``).

Ratios (shares) are mapped as their change in percentage points, counts as their relative change
in %. Six diverging classes symmetric around 0 or around Flanders' own change (then the map reads
"faster / slower than Flanders"); the centre is a class boundary, so every gain is one hue and
every loss the other.
"""

from __future__ import annotations

from ruraldash.core.fmt import signed
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.maps import MapLayer, map_layer
from ruraldash.features.monitor.result import MonitorResult, source_text
from ruraldash.features.selection import Selection

CENTRES = ("zero", "flanders")
CLASSES = 6


def measure_of(result: MonitorResult) -> str:
    """``change`` (percentage points, for a ratio) or ``change_pct`` (%, for a count)."""
    return "change" if result.indicator.measure.is_ratio else "change_pct"


def unit_of(result: MonitorResult, lang: str) -> str:
    """Unit of the mapped change."""
    return t("mon_pp", lang) if measure_of(result) == "change" else "%"


def title_of(result: MonitorResult, lang: str) -> str:
    """Title of the map of change (years, unit, indicator)."""
    key = f"mon_map_title_{measure_of(result)}"
    return t(key, lang, b=result.baseline_year, e=result.end_year, ind=result.indicator.label(lang))


def change_layer(
    result: MonitorResult, atlas: Atlas, sel: Selection, centre: str = "zero"
) -> MapLayer:
    """The map layer of the change per municipality (unfiltered: every municipality is drawn).

    Parameters
    ----------
    result : MonitorResult
    atlas : Atlas
    sel : Selection
        Border set, language and selected municipality.
    centre : {"zero", "flanders"}
        Classes symmetric around 0, or around Flanders' change.
    """
    lang, measure = sel.lang, measure_of(result)
    decimals = 2 if measure == "change" else 1
    unit = unit_of(result, lang)
    mid = float(result.flanders[measure]) if centre == "flanders" else 0.0
    span = f"{result.baseline_year}–{result.end_year}"
    return map_layer(
        "values", atlas, sel.with_(types=(), provinces=()),
        values=result.municipalities[measure], filtered=False,
        title=title_of(result, lang), unit=unit,
        source=source_text(result, lang), status=result.indicator.status,
        status_text="" if result.indicator.status == "official" else t(f"status_{result.indicator.status}", lang),
        palette="diverging", centre=mid, polarity=result.indicator.polarity,
        decimals=decimals, k=CLASSES, round_values=True,
        value_text=lambda v: f"{signed(v, decimals, lang, unit)} ({span})",
        missing_text=result.municipalities["name"].map(lambda _: t("mon_map_missing", lang)),
        meta=span, year=result.end_year,
    )  # fmt: skip
