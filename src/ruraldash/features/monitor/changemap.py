"""The map of change: classes symmetric around 0 or around Flanders' change, diverging colours.

Ratios (shares) are mapped as their change in percentage points, counts as their relative change
in %. The frame has the columns the map widget's payload reads (``render.maplayer.payload``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ruraldash.core.fmt import signed
from ruraldash.core.i18n import t
from ruraldash.domain import classify
from ruraldash.features.monitor.result import MonitorResult

CENTRES = ("zero", "flanders")
CLASSES = 6
"""Six diverging classes: the centre is a class boundary, every gain one hue, every loss the other."""


@dataclass
class ChangeLayer:
    """What the map, its legend and the exports need."""

    frame: pd.DataFrame
    colours: list[str]
    labels: list[str]
    counts: list[int]
    n_missing: int
    unit: str
    centre: float
    measure: str

    @property
    def title_key(self) -> str:
        """Locale key of the map title."""
        return f"mon_map_title_{self.measure}"


def measure_of(result: MonitorResult) -> str:
    """``change`` (percentage points, for a ratio) or ``change_pct`` (%, for a count)."""
    return "change" if result.indicator.measure.is_ratio else "change_pct"


def change_layer(result: MonitorResult, lang: str, centre: str = "zero") -> ChangeLayer:
    """Classes, colours, tooltips and legend rows of the change per municipality.

    Parameters
    ----------
    result : MonitorResult
    centre : {"zero", "flanders"}
        Classes symmetric around 0, or around Flanders' own change (then the map reads "faster /
        slower than Flanders").
    """
    measure = measure_of(result)
    unit = t("mon_pp", lang) if measure == "change" else "%"
    d = 2 if measure == "change" else 1
    values = result.municipalities[measure].astype(float)
    mid = float(result.flanders[measure]) if centre == "flanders" else 0.0
    cl = classify.classify_diverging((values - mid).round(d), CLASSES)
    polarity = result.indicator.polarity
    pal = classify.palette(cl.k, polarity, kind="diverging")
    colours = classify.colours_for(cl, pal)
    shown = values.round(d)
    ranks = values.rank(ascending=False, method="min").astype("Int64")
    frame = pd.DataFrame(
        {
            "name": result.municipalities["name"],
            "value": shown,
            "colour": colours,
            "tooltip_value": [
                ""
                if pd.isna(v)
                else f"{signed(v, d, lang, unit)} ({result.baseline_year}–{result.end_year})"
                for v in shown
            ],
            "rank_vl": ranks,
            "in_filter": True,
            "missing_text": t("mon_map_missing", lang),
        }
    )
    labels = [
        f"{signed(lo + mid, d, lang)} – {signed(hi + mid, d, lang)} {unit}" for lo, hi in cl.bounds
    ]
    return ChangeLayer(
        frame=frame,
        colours=list(pal[: cl.k]),
        labels=labels,
        counts=list(cl.counts),
        n_missing=int(values.isna().sum()),
        unit=unit,
        centre=mid,
        measure=measure,
    )
