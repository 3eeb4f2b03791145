"""The map's view model: per municipality its value, class, colour, tooltip text and filter state.

Pure pandas: the page turns a :class:`~ruraldash.selection.Selection` into a :class:`MapView`, and
``maps`` draws it. Classification runs on the municipalities inside the filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.provenance import Dataset
from ruraldash.core.vocab import DEFAULT_TYPOLOGY, TYPOLOGIES
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import Indicator
from ruraldash.domain import classify
from ruraldash.features.selection import Selection


@dataclass
class MapView:
    """Everything the map, its legend, the side panel and the ranking table need."""

    indicator: Indicator
    dataset: Dataset
    year: int | None
    frame: pd.DataFrame
    colours: list[str]
    labels: list[str]
    counts: list[int]
    classification: classify.Classification | None
    selected_class: int | None
    selected_label: str | None

    @property
    def n_missing(self) -> int:
        """Municipalities inside the filter without a value."""
        f = self.frame
        return int((f["in_filter"] & f["value"].isna()).sum())

    @property
    def n_filtered(self) -> int:
        """Municipalities outside the filter (drawn grey)."""
        return int((~self.frame["in_filter"]).sum())

    @property
    def n_approx(self) -> int:
        """Values that are approximations (population-weighted means for merged municipalities)."""
        return int(self.frame["approx"].sum())


def group_values(atlas: Atlas, border_set: str, typology: str, lang: str = "nl") -> pd.Series:
    """The group each municipality belongs to under a typology (for the type filter)."""
    ty = TYPOLOGIES.get(typology, TYPOLOGIES[DEFAULT_TYPOLOGY])
    column = atlas.units(border_set)[ty.column]
    return (column.map(ty.codes) if ty.codes else column).astype("string")


def in_filter(atlas: Atlas, sel: Selection) -> pd.Series:
    """True for municipalities inside the type and province filters."""
    units = atlas.units(sel.border_set)
    keep = pd.Series(True, index=units.index)
    if sel.types:
        keep &= group_values(atlas, sel.border_set, sel.typology).isin(sel.types).fillna(False)
    if sel.provinces:
        keep &= units["province"].isin(sel.provinces)
    return keep


def ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; ties share the best rank; missing values are unranked."""
    return values.rank(ascending=False, method="min")


def _classes(ind: Indicator, values: pd.Series, sel: Selection):
    """Classification, colours and legend labels for the values inside the filter."""
    if ind.kind == "ordinal":
        cats = list(ind.categories)
        cmap = classify.categorical_colours(cats)
        classes = values.map(lambda v: int(v) if pd.notna(v) else -1)
        labels = list(ind.category_labels or cats)
        counts = [int((classes == i).sum()) for i in range(len(cats))]
        return None, classes, [cmap[c] for c in cats], labels, counts
    finite = values.dropna()
    k = max(1, min(sel.k, finite.nunique())) if len(finite) else 1
    if ind.kind == "signed" and sel.scheme != "manual":
        cl = classify.classify_diverging(values, max(k, 2) if k >= 2 else k)
        pal = classify.palette(cl.k, ind.polarity, kind="diverging")
    else:
        breaks = sel.breaks if sel.scheme == "manual" else None
        cl = classify.classify(values, sel.scheme, sel.k, breaks=breaks)
        pal = classify.palette(cl.k, ind.polarity)
    decimals = ind.decimals
    labels = [
        f"{number(lo, decimals, sel.lang)} – {number(hi, decimals, sel.lang)}"
        for lo, hi in cl.bounds
    ]
    return cl, cl.classes, pal, labels, list(cl.counts)


def _range_label(lo: float, hi: float, decimals: int, lang: str) -> str:
    """``1,5 – 3,0``; a class holding one value (e.g. many zeros) shows that value once."""
    low, high = number(lo, decimals, lang), number(hi, decimals, lang)
    return low if low == high else f"{low} – {high}"


def build(atlas: Atlas, sel: Selection) -> MapView:
    """Compute the map view for a selection.

    Parameters
    ----------
    atlas : Atlas
        The loaded data.
    sel : Selection
        Indicator, year, border set, filters, scheme, classes, selected municipality, language.
    """
    ind = atlas.catalogue[sel.indicator]
    data = atlas.values(ind.id, sel.border_set, sel.year)
    units = atlas.units(sel.border_set)
    frame = units[["name", "province"]].copy()
    frame["group"] = group_values(atlas, sel.border_set, sel.typology)
    frame["value"] = data["value"].reindex(frame.index)
    frame["approx"] = data["approx"].reindex(frame.index).fillna(False).astype(bool)
    frame["missing_reason"] = data["missing_reason"].reindex(frame.index).fillna("not_in_source")
    frame["in_filter"] = in_filter(atlas, sel)
    _add_ranks(frame, ordinal=ind.kind == "ordinal", lang=sel.lang)
    frame["missing_text"] = [
        t(f"reason_{r}", sel.lang) if pd.isna(v) else ""
        for v, r in zip(frame["value"], frame["missing_reason"], strict=True)
    ]
    inside = frame["value"].where(frame["in_filter"])
    cl, classes, colours, labels, counts = _classes(ind, inside, sel)
    frame["class"] = classes.reindex(frame.index).fillna(-1).astype(int)
    frame["colour"] = [colours[c] if c >= 0 else classify.MISSING_COLOUR for c in frame["class"]]
    frame.loc[~frame["in_filter"], "colour"] = classify.FILTERED_COLOUR
    frame["tooltip_value"] = [
        _value_text(ind, v, a, sel.lang)
        for v, a in zip(frame["value"], frame["approx"], strict=True)
    ]
    sc, slabel = None, None
    if sel.selected in frame.index:
        row = frame.loc[sel.selected]
        sc = int(row["class"]) if row["class"] >= 0 else None
        slabel = f"{row['name']}: {row['tooltip_value']}"
    year = data["year"].dropna().iloc[0] if data["year"].notna().any() else None
    return MapView(
        ind, atlas.datasets[ind.source], year, frame, colours, labels, counts, cl, sc, slabel
    )


def _add_ranks(frame: pd.DataFrame, *, ordinal: bool, lang: str) -> None:
    """Integer ranks: ``rank`` inside the selection (the type/province filter), ``rank_vl`` in
    Flanders, and ``rank_text`` showing both when a filter is active. Categories have no rank."""
    if ordinal:
        frame["rank"] = frame["rank_vl"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        frame["rank_text"] = ""
        return
    frame["rank_vl"] = ranks(frame["value"]).astype("Int64")
    inside = frame["value"].where(frame["in_filter"])
    frame["rank"] = ranks(inside).astype("Int64")
    n_vl, n_in = int(frame["rank_vl"].notna().sum()), int(frame["rank"].notna().sum())
    filtered = not bool(frame["in_filter"].all())
    texts = []
    for r, rv in zip(frame["rank"], frame["rank_vl"], strict=True):
        vl = t("map_rank_flanders", lang, r=rv, n=n_vl) if pd.notna(rv) else ""
        if filtered and pd.notna(r):
            texts.append(f"{t('map_rank_selection', lang, r=r, n=n_in)} · {vl}")
        else:
            texts.append(vl)
    frame["rank_text"] = texts


def _value_text(ind: Indicator, value, approx: bool, lang: str) -> str:
    if pd.isna(value):
        return t("no_data", lang)
    if ind.kind == "ordinal":
        return (ind.category_labels or ind.categories)[int(value)]
    text = number(value, ind.decimals, lang, ind.unit_label(lang) or None)
    if ind.kind == "signed" and value > 0:
        text = "+" + text
    return f"≈ {text}" if approx else text
