"""The generic "values" layer: one number per NIS code becomes a classified, coloured, legended map.

Every kind of map ends here (indicator, Open Ruimtefonds, index score, the monitor's change, the
toets's amount per inhabitant): classes on the municipalities inside the filter, a sequential or a
diverging palette (centred on 0 or on a given value), tooltips, ranks, and the legend formatted once
(:func:`range_label`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.domain import classify
from ruraldash.render.mapmodel import LegendEntry, MapLayer
from ruraldash.render.mapstyle import STYLE

EXCLUDED_COLOUR = STYLE.excluded.fill


def range_label(
    lo: float, hi: float, decimals: int, lang: str = "nl", *, sign: bool = False
) -> str:
    """The one legend label of a class: ``1,5 – 3,0`` (``−2 – +4`` with ``sign``)."""
    fmt = signed if sign else number
    return f"{fmt(lo, decimals, lang)} – {fmt(hi, decimals, lang)}"


def _classify(
    eligible: pd.Series, palette: str, centre: float | None, scheme: str, k: int, breaks, polarity
) -> tuple[classify.Classification, list[str]]:
    """Classes and colours: sequential (any scheme) or diverging around ``centre`` (default 0)."""
    finite = eligible.dropna()
    if palette == "diverging" and scheme != "manual":
        # fewer distinct values than classes (or all equal) still gets the smallest legal k
        kd = max(classify.K_MIN, min(k, finite.nunique()))
        c = float(centre or 0.0)
        cl = classify.classify_diverging(eligible - c, kd)
        if c:
            cl = replace(cl, bounds=[(lo + c, hi + c) for lo, hi in cl.bounds])
        return cl, classify.palette(cl.k, polarity, kind="diverging")
    cl = classify.classify(eligible, scheme, k, breaks=breaks if scheme == "manual" else None)
    return cl, classify.palette(cl.k, polarity)


def ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; ties share the best rank; missing values are unranked."""
    return values.rank(ascending=False, method="min").astype("Int64")


def rank_texts(rank: pd.Series, rank_vl: pd.Series, filtered: bool, lang: str) -> list[str]:
    """``12 / 140 in selectie · 40 / 300 in Vlaanderen`` (the Flemish rank alone without a filter)."""
    n_vl, n_in = int(rank_vl.notna().sum()), int(rank.notna().sum())
    texts = []
    as_floats = {"dtype": "float64", "na_value": np.nan}
    inside, flanders = rank.to_numpy(**as_floats).tolist(), rank_vl.to_numpy(**as_floats).tolist()
    for r, rv in zip(inside, flanders, strict=True):
        vl = t("map_rank_flanders", lang, r=int(rv), n=n_vl) if rv == rv else ""  # not NaN
        texts.append(
            f"{t('map_rank_selection', lang, r=int(r), n=n_in)} · {vl}"
            if filtered and r == r
            else vl
        )
    return texts


def values_layer(
    values: pd.Series,
    names: pd.Series,
    *,
    title: str,
    unit: str = "",
    source: str = "",
    status: str = "official",
    status_text: str = "",
    palette: str = "sequential",
    centre: float | None = None,
    polarity: str = "neutral",
    decimals: int = 1,
    k: int = 5,
    scheme: str = "quantiles",
    breaks=None,
    in_filter: pd.Series | None = None,
    missing_text: pd.Series | None = None,
    excluded: pd.Series | None = None,
    excluded_label: str = "",
    excluded_tooltip: str = "",
    approx: pd.Series | None = None,
    value_text: Callable[[float], str] | None = None,
    round_values: bool = False,
    sign_labels: bool | None = None,
    selected: str | None = None,
    lang: str = "nl",
    kind: str = "values",
    extra: dict | None = None,
    **fields,
) -> MapLayer:
    """A map of one number per municipality.

    Parameters
    ----------
    values : pd.Series
        By NIS code; NaN stays missing (white, "geen gegevens" with ``missing_text`` as reason).
    names : pd.Series
        Municipality names by NIS code; its index defines the municipalities drawn.
    title, unit, source, status, status_text : str
        Legend/print title, unit, source line (no "Bron:" prefix), status key and badge words.
    palette : {"sequential", "diverging"}
        Diverging classes are symmetric around ``centre`` (default 0), which is a class boundary
        for an even ``k``.
    polarity : {"higher_better", "higher_worse", "neutral"}
        Colour direction (dark = better for ``higher_better``).
    decimals, k, scheme, breaks
        Display precision; number of classes; classification scheme (``manual`` uses ``breaks``).
    in_filter : pd.Series of bool, optional
        False = outside the type/province filter (grey, not classified); default all inside.
    excluded : pd.Series of bool, optional
        Left out of the classes on purpose (a legend row ``excluded_label`` on top).
    approx : pd.Series of bool, optional
        Approximated values: the tooltip says "≈".
    value_text : callable, optional
        Formats one value for the tooltip (default: number with unit, signed when diverging).
    sign_labels : bool, optional
        Legend labels with a sign (default: when diverging).
    round_values : bool
        Classify the values as rounded to ``decimals`` (what the user reads is what is classed).
    **fields
        Passed to :class:`MapLayer` (``meta``, ``year``, ``filter_note``, ``notes``, ``indicator``…).
    """
    idx = names.index
    inside = _bool(in_filter, idx, True)
    excl = _bool(excluded, idx, False)
    v = pd.to_numeric(values.reindex(idx), errors="coerce").astype(float)
    if round_values:
        v = v.round(decimals)
    eligible = v.where(inside & ~excl)
    cl, pal = _classify(eligible, palette, centre, scheme, k, breaks, polarity)
    classes = cl.classes.reindex(idx).fillna(-1).astype(int)
    sign = palette == "diverging"
    fmt = value_text or (lambda x: (signed if sign else number)(x, decimals, lang, unit or None))
    missing = inside & ~excl & v.isna()
    colour = [pal[c] if c >= 0 else STYLE.missing.fill for c in classes.tolist()]
    for i, (e, ok) in enumerate(zip(excl.tolist(), inside.tolist(), strict=True)):
        colour[i] = STYLE.outside.fill if not ok else EXCLUDED_COLOUR if e else colour[i]
    why = missing_text.reindex(idx).tolist() if missing_text is not None else [None] * len(idx)
    none = t("no_data", lang)
    rank_vl, rank = ranks(v.where(~excl)), ranks(eligible)
    frame = pd.DataFrame(  # built at once: one column at a time cost ~1 ms each
        {
            "name": names,
            "value": v,
            "class": classes,
            "colour": colour,
            "tooltip_value": _tooltips(
                v, excl, _bool(approx, idx, False), fmt, excluded_tooltip, lang
            ),
            "in_filter": inside,
            "missing": missing,
            "missing_text": [
                (w if isinstance(w, str) else none) if m else ""
                for w, m in zip(why, missing.tolist(), strict=True)
            ],
            "excluded": excl,
            "rank_vl": rank_vl,
            "rank": rank,
            "rank_text": rank_texts(rank, rank_vl, not bool(inside.all()), lang),
        },
        index=idx,
    )
    sign_labels = sign if sign_labels is None else sign_labels
    labels = [range_label(lo, hi, decimals, lang, sign=sign_labels) for lo, hi in cl.bounds]
    return assemble(
        kind,
        frame,
        list(pal[: cl.k]),
        labels,
        list(cl.counts),
        title=title,
        unit=unit,
        source=source,
        status=status,
        status_text=status_text,
        selected=selected,
        decimals=decimals,
        lang=lang,
        excluded_label=excluded_label,
        extra={"classification": cl, **(extra or {})},
        **fields,
    )


def _bool(series: pd.Series | None, idx: pd.Index, default: bool) -> pd.Series:
    if series is None:
        return pd.Series(default, index=idx)
    return series.reindex(idx).fillna(default).astype(bool)


def _tooltips(v, excl, approx, fmt, excluded_tooltip: str, lang: str) -> list[str]:
    out, none = [], t("no_data", lang)
    values = v.to_numpy(dtype="float64", na_value=np.nan)
    flags = zip(excl.to_numpy(dtype=bool), approx.to_numpy(dtype=bool), strict=True)
    for x, (e, a) in zip(values.tolist(), flags, strict=True):  # plain floats: ~10× faster
        if e and excluded_tooltip:
            out.append(excluded_tooltip)
        elif x != x:  # NaN
            out.append(none)
        else:
            out.append(f"≈ {fmt(x)}" if a else fmt(x))
    return out


def assemble(
    kind: str,
    frame: pd.DataFrame,
    colours: list[str],
    labels: list[str],
    counts: list[int],
    *,
    title: str,
    unit: str = "",
    selected: str | None = None,
    lang: str = "nl",
    excluded_label: str = "",
    extra: dict | None = None,
    **fields,
) -> MapLayer:
    """The legend (classes, then excluded / missing / outside rows), the extent and the selected
    municipality's row and text, around a finished frame (every column of ``FRAME_COLUMNS``)."""
    sel = selected if selected in frame.index else None
    cls = int(frame.at[sel, "class"]) if sel is not None else None
    role = _role(frame, sel)
    entries = [
        LegendEntry(c, lab, int(n), "class", role == "class" and cls == i)
        for i, (c, lab, n) in enumerate(zip(colours, labels, counts, strict=True))
    ]
    n_excl = int(frame["excluded"].sum())
    if n_excl:
        label = excluded_label or t("map_excluded", lang)
        entries.insert(
            0, LegendEntry(EXCLUDED_COLOUR, label, n_excl, "excluded", role == "excluded")
        )
    n_missing = int(frame["missing"].sum())
    if n_missing or role == "missing":
        entries.append(
            LegendEntry(
                STYLE.missing.fill, t("map_missing", lang), n_missing, "missing", role == "missing"
            )
        )
    n_out = int((~frame["in_filter"]).sum())
    if n_out:
        entries.append(
            LegendEntry(STYLE.outside.fill, t("map_outside_filter", lang), n_out, "outside")
        )
    inside = frame.index[frame["in_filter"]]
    extent = () if len(inside) == len(frame) else tuple(str(c) for c in inside)
    text = f"{frame.at[sel, 'name']}: {frame.at[sel, 'tooltip_value']}" if sel is not None else ""
    fields.setdefault("selected_text", text)
    fields.setdefault("extent", extent)
    return MapLayer(
        kind=kind,
        title=title,
        unit=unit,
        frame=frame,
        legend=tuple(entries),
        selected=sel,
        extra=extra or {},
        **fields,
    )


def _role(frame: pd.DataFrame, code: str | None) -> str | None:
    if code is None:
        return None
    row = frame.loc[code]
    if not bool(row["in_filter"]):
        return "outside"
    if bool(row["excluded"]):
        return "excluded"
    if bool(row["missing"]):
        return "missing"
    return "class" if int(row["class"]) >= 0 else None
