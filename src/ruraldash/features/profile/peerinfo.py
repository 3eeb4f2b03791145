"""Each peer's distance (km between centroids) and size (inhabitants), flagged when it is more
than twice or less than half the size of the municipality itself. Pure pandas (no streamlit)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.data.geo import LAMBERT72
from ruraldash.features.profile.facts import latest_population

SIZE_FACTOR = 2.0
"""A peer more than this many times larger (or smaller) than the municipality is flagged."""

_CENTROIDS: dict[int, pd.DataFrame] = {}


def centroids_km(atlas: Atlas, border_set: str) -> pd.DataFrame:
    """x, y of every municipality's centroid in km (Lambert 72), cached per geometry frame."""
    gdf = atlas.geometry[border_set]
    key = id(gdf)
    if key not in _CENTROIDS:
        projected = gdf.set_index(gdf["nis_code"].astype(str)).to_crs(LAMBERT72).geometry.centroid
        _CENTROIDS[key] = pd.DataFrame({"x": projected.x / 1000, "y": projected.y / 1000})
    return _CENTROIDS[key]


def size_flag(ratio: float | None) -> str:
    """``larger`` (> 2×), ``smaller`` (< ½) or ``""``."""
    if ratio is None or pd.isna(ratio):
        return ""
    if ratio > SIZE_FACTOR:
        return "larger"
    return "smaller" if ratio < 1 / SIZE_FACTOR else ""


def peer_facts(atlas: Atlas, border_set: str, nis: str, members: Sequence[str]) -> pd.DataFrame:
    """Per peer (index nis_code): name, km, population, ratio (peer / own) and flag."""
    cent = centroids_km(atlas, border_set)
    names = atlas.units(border_set)["name"]
    own, _, _ = latest_population(atlas, nis, border_set)
    rows = {}
    for code in members:
        pop, _, _ = latest_population(atlas, code, border_set)
        dx, dy = cent.at[code, "x"] - cent.at[nis, "x"], cent.at[code, "y"] - cent.at[nis, "y"]
        ratio = pop / own if pop is not None and own else None
        rows[code] = {
            "name": str(names.get(code, code)),
            "km": float((dx**2 + dy**2) ** 0.5),
            "population": pop,
            "ratio": ratio,
            "flag": size_flag(ratio),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def peer_text(row: pd.Series, lang: str = "nl") -> str:
    """``18 km, 22.403 inw. (5,1 × zo groot)`` for one row of :func:`peer_facts`."""
    pop = (
        t("no_data", lang)
        if row["population"] is None or pd.isna(row["population"])
        else (number(row["population"], 0, lang, t("pf_unit_inh", lang)))
    )
    text = t("pf_peer_where", lang, km=number(row["km"], 0, lang), pop=pop)
    if row["flag"] == "larger":
        text += " " + t("pf_peer_larger", lang, x=number(row["ratio"], 1, lang))
    elif row["flag"] == "smaller":
        text += " " + t("pf_peer_smaller", lang, x=number(1 / row["ratio"], 1, lang))
    return text


def size_summary(facts: pd.DataFrame, lang: str = "nl") -> str:
    """``4 van de 10 zijn meer dan twee keer zo groot, 0 minder dan half zo groot.`` ("" if none)."""
    if facts.empty:
        return ""
    larger, smaller = (
        int((facts["flag"] == "larger").sum()),
        int((facts["flag"] == "smaller").sum()),
    )
    if not larger and not smaller:
        return ""
    return t("pf_peer_size_summary", lang, larger=larger, smaller=smaller, n=len(facts))
