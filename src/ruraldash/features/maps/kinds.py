"""The builders behind :func:`ruraldash.features.maps.map_layer`, one per kind of map."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import type_label
from ruraldash.data.atlas import Atlas
from ruraldash.domain import bivariate, classify
from ruraldash.features.choropleth import group_values, in_filter
from ruraldash.features.compare import value_text
from ruraldash.features.maps.values import assemble, rank_texts, values_layer
from ruraldash.features.selection import Selection
from ruraldash.render.mapmodel import BivariateGrid, MapLayer
from ruraldash.render.mapstyle import STYLE


def _type_name(value: str, lang: str) -> str:
    return type_label(value, lang)


def filter_text(sel: Selection, n_inside: int, n_total: int) -> str:
    """``Selectie: Plattelandsgemeente · 140 van 300 gemeenten`` or ``Alle 300 gemeenten``."""
    lang = sel.lang
    borders = t(f"px_borders_{sel.border_set}", lang)
    if not sel.types and not sel.provinces:
        return t("px_filter_all", lang, n=n_total, borders=borders)
    parts = [", ".join(_type_name(v, lang) for v in sel.types)] if sel.types else []
    if sel.provinces:
        parts.append(", ".join(sel.provinces))
    return t(
        "px_filter_some",
        lang,
        what="; ".join(parts),
        n=n_inside,
        total=n_total,
        typology=t(f"typology_{sel.typology}", lang),
        borders=borders,
    )


def status_words(status: str, lang: str) -> str:
    """The badge words of a status ("" for official data)."""
    return "" if status == "official" else t(f"status_{status}", lang)


def _common(atlas: Atlas, sel: Selection, inside: pd.Series) -> dict:
    """What every map of a selection shares: filter note, extent key, selected municipality."""
    return {
        "filter_note": filter_text(sel, int(inside.sum()), len(inside)),
        "extent_key": ",".join(sorted(sel.provinces)),
        "selected": sel.selected,
        "lang": sel.lang,
    }


def indicator(atlas: Atlas, sel: Selection, *, kind: str = "indicator") -> MapLayer:
    """The catalogue indicator ``sel.indicator`` (a saved upload is one too: ``kind="upload"``)."""
    lang, ind = sel.lang, atlas.catalogue[sel.indicator]
    data = atlas.values(ind.id, sel.border_set, sel.year)
    units = atlas.units(sel.border_set)
    inside = in_filter(atlas, sel)
    reason = data["missing_reason"].reindex(units.index).replace("", pd.NA).fillna("not_in_source")
    year = data["year"].dropna().iloc[0] if data["year"].notna().any() else None
    ds = atlas.datasets[ind.source]
    fields = {
        "title": ind.label(lang),
        "unit": ind.unit_label(lang),
        "source": ds.source_line(lang, year or ind.year),
        "status": ind.status,
        "status_text": status_words(ind.status, lang),
        "year": year or ind.year,
        "meta": f"{year or ind.year} · {t(f'status_{ind.status}', lang)}",
        "indicator": ind,
        "dataset": ds,
        "decimals": ind.decimals,
        "missing_text": reason.map(lambda r: t(f"reason_{r}", lang)),
        "approx": data["approx"].reindex(units.index).fillna(False).astype(bool),
        **_common(atlas, sel, inside),
    }
    caveat = ds.caveat_text(lang)
    n_approx = int(fields["approx"].sum())
    approx = [t("approx_note", lang, n=n_approx)] if n_approx else []
    fields["notes"] = tuple(approx + ([caveat] if caveat else []))
    values = data["value"].reindex(units.index)
    if ind.kind == "ordinal":
        layer = _ordinal(ind, values, units["name"], inside, kind=kind, **fields)
    else:
        layer = values_layer(
            values,
            units["name"],
            palette="diverging" if ind.kind == "signed" else "sequential",
            polarity=ind.polarity,
            k=sel.k,
            scheme=sel.scheme,
            breaks=sel.breaks or None,
            in_filter=inside,
            value_text=lambda v: number(v, ind.decimals, lang, ind.unit_label(lang) or None),
            sign_labels=False,
            kind=kind,
            **fields,
        )
    f = layer.frame
    f["province"] = units["province"]
    f["group"] = group_values(atlas, sel.border_set, sel.typology)
    f["approx"] = fields["approx"]
    f["missing_reason"] = reason
    return layer


def _ordinal(ind, values: pd.Series, names: pd.Series, inside: pd.Series, *, kind, **fields):
    """Categories (e.g. the service class): one colour per category, no ranks."""
    lang = fields.pop("lang")
    fields.pop("decimals", None)
    why, approx = fields.pop("missing_text"), fields.pop("approx")
    cats = list(ind.categories)
    labels = list(ind.category_labels or cats)
    cmap = classify.categorical_colours(cats)
    classes = values.where(inside).map(lambda v: int(v) if pd.notna(v) else -1).astype(int)
    missing = inside & values.isna()
    frame = pd.DataFrame({"name": names, "value": values, "class": classes})
    frame["colour"] = [cmap[cats[c]] if c >= 0 else STYLE.missing.fill for c in classes]
    frame.loc[~inside, "colour"] = STYLE.outside.fill
    frame["tooltip_value"] = [labels[int(v)] if pd.notna(v) else t("no_data", lang) for v in values]
    frame["in_filter"] = inside
    frame["missing"] = missing
    frame["missing_text"] = [w if m else "" for w, m in zip(why, missing, strict=True)]
    frame["excluded"] = False
    frame["rank"] = frame["rank_vl"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    frame["rank_text"] = ""
    del approx
    counts = [int((classes == i).sum()) for i in range(len(cats))]
    return assemble(
        kind, frame, [cmap[c] for c in cats], labels, counts, lang=lang, decimals=0, **fields
    )


def orf(
    atlas: Atlas,
    sel: Selection,
    *,
    values: pd.Series,
    excluded: pd.Series,
    decimals: int,
    unit: str,
    title: str,
    statuses: list[str],
    source: str,
    own: bool = False,
    diverging: bool = False,
    names: pd.Series | None = None,
    kind: str = "orf",
    legend_title: str = "",
    in_filter: pd.Series | None = None,
) -> MapLayer:
    """One Open Ruimtefonds view: amounts (5 quantile classes) or an A/B difference (6 classes
    around 0); the centrumsteden are left out of the classes ("Centrumstad: 0"); ``in_filter``:
    the page's type/province filter (the rest grey). Classes without municipalities (the losses
    when every municipality gains) are left out of the legend."""
    lang = sel.lang
    names = names if names is not None else atlas.units(sel.border_set)["name"]
    if in_filter is not None:  # a centrumstad outside the filter is counted once: as outside
        inside = in_filter.reindex(excluded.index).fillna(False).astype(bool)
        excluded = excluded.astype(bool) & inside
    layer = values_layer(
        values,
        names,
        title=title,
        unit=unit,
        source=source,
        status="user" if own else "model",
        status_text=" · ".join(statuses),
        palette="diverging" if diverging else "sequential",
        k=6 if diverging else 5,
        decimals=decimals,
        round_values=True,
        excluded=excluded,
        excluded_label=t("orfp_zero_legend", lang),
        excluded_tooltip=t("orfp_zero_tooltip", lang),
        meta="; ".join(statuses),
        selected=sel.selected,
        lang=lang,
        kind="orf_diff" if diverging else kind,
        extra={"statuses": tuple(statuses), "legend_title": legend_title},
        in_filter=in_filter,
    )
    legend = tuple(e for e in layer.legend if e.role != "class" or e.count > 0 or e.selected)
    return replace(layer, legend=legend) if len(legend) < len(layer.legend) else layer


def index(
    atlas: Atlas,
    sel: Selection,
    *,
    score: pd.Series,
    rank: pd.Series | None = None,
    decimals: int = 2,
    method: str = "zscore",
    k: int = 5,
) -> MapLayer:
    """The composite index score of a selection's municipalities (see :func:`index_layer`)."""
    names = atlas.units(sel.border_set)["name"]
    return index_layer(score, names, rank, decimals, sel.lang, method=method, k=k,
                       selected=sel.selected)  # fmt: skip


def index_layer(
    score: pd.Series,
    names: pd.Series,
    rank: pd.Series | None = None,
    decimals: int = 2,
    lang: str = "nl",
    *,
    method: str = "zscore",
    k: int = 5,
    selected: str | None = None,
) -> MapLayer:
    """Quantile classes of an index score, dark = higher score = better (a model); ``rank`` (1 =
    best) from the index, a municipality without a score stays missing (white)."""
    title = f"{t('idx_score', lang)} ({t('status_model', lang)}, {t('px_own_scenario', lang)})"
    layer = values_layer(
        score,
        names,
        title=title,
        unit=t(f"idx_unit_{method}", lang),
        status="model",
        status_text=t("status_model", lang),
        polarity="higher_better",
        decimals=decimals,
        k=max(3, min(k, 7)),
        value_text=lambda v: number(v, decimals, lang),
        meta=title,
        selected=selected,
        lang=lang,
        kind="index",
    )
    if rank is not None:
        r = pd.to_numeric(rank.reindex(names.index), errors="coerce").astype("Int64")
        layer.frame["rank_vl"] = layer.frame["rank"] = r
        layer.frame["rank_text"] = rank_texts(r, r, False, lang)
    return layer


def bivariate_map(atlas: Atlas, sel: Selection, *, x: str, y: str) -> MapLayer:
    """Terciles of two catalogue indicators over the municipalities inside the selection's filter."""
    bs, wide = sel.border_set, atlas.wide(sel.border_set)
    inside = in_filter(atlas, sel)
    cx, cy = atlas.catalogue[x], atlas.catalogue[y]
    layer = bivariate_layer(
        atlas.units(bs)["name"], wide[x], wide[y], inside, cx, cy, sel.lang, sel.selected
    )
    common = _common(atlas, sel, inside)
    return replace(layer, filter_note=common["filter_note"], extent_key=common["extent_key"])


def bivariate_layer(
    names: pd.Series,
    x: pd.Series,
    y: pd.Series,
    inside: pd.Series,
    cx,
    cy,
    lang: str = "nl",
    selected: str | None = None,
) -> MapLayer:
    """Terciles of two indicators (3 × 3 colours) over the municipalities inside the filter that
    have both values; the tooltip shows both values; no ranks."""
    idx = names.index
    inside = inside.reindex(idx).fillna(False).astype(bool)
    xs = pd.to_numeric(x.reindex(idx), errors="coerce").astype(float)
    ys = pd.to_numeric(y.reindex(idx), errors="coerce").astype(float)
    both = inside & xs.notna() & ys.notna()
    result = bivariate.bivariate_classes(xs[both], ys[both])
    order = [f"{bivariate.LETTERS[xc]}{yc + 1}" for yc in range(3) for xc in range(3)]
    codes = result.classes["code"].reindex(idx)
    cls = codes.map({c: i for i, c in enumerate(order)}).fillna(-1).astype(int)
    pal = [bivariate.BIVARIATE_PALETTE[c] for c in order]
    frame = pd.DataFrame({"name": names, "value": xs, "class": cls}, index=idx)
    frame["colour"] = [pal[c] if c >= 0 else STYLE.missing.fill for c in cls]
    frame.loc[~inside, "colour"] = STYLE.outside.fill
    frame["tooltip_value"] = [
        t("cmp_tooltip_both", lang, x=value_text(cx, a, lang), y=value_text(cy, b, lang))
        for a, b in zip(xs, ys, strict=True)
    ]
    frame["in_filter"] = inside
    frame["missing"] = inside & ~both
    frame["missing_text"] = [t("no_data", lang) if m else "" for m in frame["missing"]]
    frame["excluded"] = False
    frame["rank"] = frame["rank_vl"] = pd.Series(pd.NA, index=idx, dtype="Int64")
    frame["rank_text"] = ""
    counts = [int(result.counts.loc[yc, xc]) for yc in range(3) for xc in range(3)]
    xl, yl = cx.label(lang), cy.label(lang)
    grid = BivariateGrid(
        tuple(tuple(pal[yc * 3 + xc] for xc in range(3)) for yc in range(3)),
        tuple(tuple(counts[yc * 3 + xc] for xc in range(3)) for yc in range(3)),
        xl,
        yl,
        result=result,
    )
    labels = [f"{xl} {xc + 1}/3 · {yl} {yc + 1}/3" for yc in range(3) for xc in range(3)]
    return assemble(
        "bivariate", frame, pal, labels, counts, title=t("cmp_bivariate", lang),
        meta=f"{xl} × {yl}", grid=grid, contrast=False, status="derived", selected=selected,
        lang=lang,
    )  # fmt: skip


def values(
    atlas: Atlas,
    sel: Selection,
    *,
    values: pd.Series,
    filtered: bool = True,
    **opts,
) -> MapLayer:
    """A generic layer of one number per NIS code (the monitor's change, the toets's amounts):
    the selection's municipalities, its type/province filter (unless ``filtered`` is False) and
    its selected municipality; every other option goes to :func:`values_layer`."""
    names = atlas.units(sel.border_set)["name"]
    inside = in_filter(atlas, sel) if filtered else pd.Series(True, index=names.index)
    base = _common(atlas, sel, inside)
    return values_layer(values, names, in_filter=inside, **(base | opts))
