"""The tables of the Sources page: datasets, indicators, typology counts and the full tidy table.

Pure pandas over an :class:`~ruraldash.data.atlas.Atlas`; Dutch column names (English with ``lang="en"``).
Every text comes from the manifest, the catalogue or ``locales/sources.toml`` (plain text: a
renderer that puts it into HTML escapes it).
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.provenance import Dataset
from ruraldash.core.vocab import BORDER_SETS, facet_label, type_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS, Indicator
from ruraldash.domain import typology

CHECK_STATES = ("ok", "mismatch", "missing")


def _col(name: str, lang: str) -> str:
    return t(f"sources_col_{name}", lang)


def coverage(atlas: Atlas) -> pd.DataFrame:
    """Per indicator: municipalities with a value (default year) and all, on both border sets."""
    out = pd.DataFrame(index=pd.Index(list(atlas.catalogue), name="indicator"))
    for bs in BORDER_SETS:
        wide = atlas.wide(bs)
        counts = wide.notna().sum()
        out[f"n_{bs}"] = [int(counts.get(i, 0)) for i in out.index]
        out[f"of_{bs}"] = len(atlas.geometry[bs])
    return out


def _share_text(ns: list[int], of: int, lang: str) -> str:
    if not ns:
        return "—"
    low, high = min(ns), max(ns)
    shown = (
        number(low, 0, lang) if low == high else f"{number(low, 0, lang)}–{number(high, 0, lang)}"
    )
    return f"{shown} / {number(of, 0, lang)}"


def users_of(atlas: Atlas, dataset_id: str) -> list[Indicator]:
    """Indicators that read a dataset (as source, joined table or weight)."""
    return [
        ind
        for ind in atlas.catalogue.values()
        if dataset_id == ind.source
        or dataset_id in ind.join
        or (ind.weight and ind.weight.split(".")[0] == dataset_id)
    ]


def border_set_text(border_set: str, lang: str = "nl") -> str:
    """'2019–2024', '2025', 'beide (koppeltabel)' or 'geen (geen gemeentecijfers)'."""
    if border_set in (*BORDER_SETS, "both", "none"):
        return t(f"sources_bs_{border_set}", lang)
    return border_set


def check_text(state: str | None, lang: str = "nl") -> str:
    """The checksum state of a file in words ('klopt', 'wijkt af', 'ontbreekt', 'geen bestand')."""
    return (
        t(f"sources_check_{state}", lang)
        if state in CHECK_STATES
        else t("sources_check_none", lang)
    )


def dataset_table(atlas: Atlas, checks: dict[str, str], lang: str = "nl") -> pd.DataFrame:
    """One row per dataset of the manifest (and per own layer): who, what, licence, coverage, checksum.

    Parameters
    ----------
    atlas : Atlas
        The data (``atlas.datasets``; coverage from ``atlas.wide``).
    checks : dict
        Dataset id -> checksum state (``ok``, ``mismatch``, ``missing``), from
        :func:`ruraldash.core.sync.verify_all`; datasets without a file (own layers) are absent.
    lang : {"nl", "en"}
        Language of the column names and texts.
    """
    cov = coverage(atlas)
    rows = []
    for ds in atlas.datasets.values():
        ids = [i.id for i in users_of(atlas, ds.id)]
        row = {
            _col("title", lang): ds.label(lang),
            _col("link", lang): ds.url or None,
            _col("publisher", lang): ds.origin(lang),
            _col("route", lang): ds.route_text(lang),
            _col("status", lang): t(f"status_{ds.status}", lang),
            _col("year", lang): ds.when(lang),
            _col("borders", lang): border_set_text(ds.border_set, lang),
            _col("n_indicators", lang): len(ids),
        }
        for bs in BORDER_SETS:
            row[_col(f"coverage_{bs}", lang)] = _share_text(
                [int(cov.at[i, f"n_{bs}"]) for i in ids], len(atlas.geometry[bs]), lang
            )
        row |= {
            _col("checksum", lang): check_text(checks.get(ds.id), lang),
            _col("licence", lang): ds.licence_text(lang),
            _col("caveat", lang): ds.caveat_text(lang),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def rule_text(ind: Indicator, lang: str = "nl") -> str:
    """How an indicator gets onto the other border set, in words."""
    if ind.rule == "computed":
        return t("sources_rule_computed", lang)
    if ind.native == "2025":
        return t("sources_rule_from_2025", lang)
    return t(f"sources_rule_{ind.rule}", lang)


def _facets_text(ind: Indicator, lang: str) -> str:
    return ", ".join(f"{f} {facet_label(f, lang)}" for f in ind.facets if f in FACETS)


def _year_text(ind: Indicator, lang: str = "nl") -> str:
    if len(ind.years) > 1:
        return f"{min(ind.years)}–{max(ind.years)}"
    text = str(ind.year)
    return text if text[:4].isdigit() else t("source_year_unknown", lang)


def _source_text(ds: Dataset | None, lang: str) -> str:
    return f"{ds.origin(lang)}: {ds.label(lang)}" if ds is not None else "—"


def indicator_table(atlas: Atlas, lang: str = "nl") -> pd.DataFrame:
    """One row per indicator: label, definition, unit, facets, theme, polarity, status, year,
    source, native borders, the conversion rule in words and coverage on both border sets."""
    cov = coverage(atlas)
    rows = []
    for ind in atlas.catalogue.values():
        row = {
            _col("indicator", lang): ind.label(lang),
            _col("status", lang): t(f"status_{ind.status}", lang),
            _col("year", lang): _year_text(ind, lang),
            _col("unit", lang): ind.unit_label(lang),
            _col("theme", lang): t(f"layer_{ind.layer}", lang),
            _col("facets", lang): _facets_text(ind, lang),
            _col("polarity", lang): t(f"sources_pol_{ind.polarity}", lang),
        }
        for bs in BORDER_SETS:
            n, of = int(cov.at[ind.id, f"n_{bs}"]), int(cov.at[ind.id, f"of_{bs}"])
            row[_col(f"coverage_{bs}", lang)] = _share_text([n], of, lang)
        row |= {
            _col("rule", lang): rule_text(ind, lang),
            _col("source", lang): _source_text(atlas.datasets.get(ind.source), lang),
            _col("native", lang): border_set_text(ind.native, lang) if ind.native else "—",
            _col("definition", lang): ind.definition(lang),
            _col("id", lang): ind.id,
        }
        rows.append(row)
    return pd.DataFrame(rows)


def typology_table(atlas: Atlas, official: dict[str, int], lang: str = "nl") -> pd.DataFrame:
    """Municipalities per type: the official Plattelandsrapport counts next to ours (the default,
    calibrated typology, and the raw proxy) on both border sets."""
    ours = {bs: typology.counts(atlas.units(bs)["type"]) for bs in BORDER_SETS}
    raw = {
        bs: typology.counts(atlas.units(bs).get("type_raw", atlas.units(bs)["type"]))
        for bs in BORDER_SETS
    }
    types = list(ours["2019"])
    return pd.DataFrame(
        {
            _col("type", lang): [type_label(ty, lang) for ty in types],
            _col("official", lang): [official.get(ty) for ty in types],
            _col("ours_2019", lang): [ours["2019"][ty] for ty in types],
            _col("ours_2025", lang): [ours["2025"][ty] for ty in types],
            _col("raw_2019", lang): [raw["2019"][ty] for ty in types],
            _col("raw_2025", lang): [raw["2025"][ty] for ty in types],
        }
    )


def tidy_table(atlas: Atlas, lang: str = "nl") -> pd.DataFrame:
    """The full tidy table (every indicator, year and border set) with names and labels, for download.

    Values stay numbers; a missing value stays empty with its reason in words.
    """
    tidy = atlas.tidy
    lookup = {
        (bs, str(code)): str(name)
        for bs in BORDER_SETS
        for code, name in zip(
            atlas.geometry[bs]["nis_code"], atlas.geometry[bs]["name"], strict=True
        )
    }
    cat = atlas.catalogue
    reasons = {r: t(f"reason_{r}", lang) for r in tidy["missing_reason"].dropna().unique() if r}
    yes, no = t("sources_yes", lang), t("sources_no", lang)
    return pd.DataFrame(
        {
            _col("nis", lang): tidy["nis_code"].to_numpy(),
            _col("municipality", lang): [
                lookup.get(key, "")
                for key in zip(tidy["border_set"], tidy["nis_code"], strict=True)
            ],
            _col("borders", lang): tidy["border_set"]
            .map(lambda b: border_set_text(b, lang))
            .to_numpy(),
            _col("id", lang): tidy["indicator"].to_numpy(),
            _col("indicator", lang): tidy["indicator"].map(lambda i: cat[i].label(lang)).to_numpy(),
            _col("unit", lang): tidy["indicator"].map(lambda i: cat[i].unit_label(lang)).to_numpy(),
            _col("year", lang): tidy["year"].array,
            _col("value", lang): tidy["value"].to_numpy(),
            _col("approx", lang): [yes if a else no for a in tidy["approx"]],
            _col("reason", lang): tidy["missing_reason"]
            .map(lambda r: reasons.get(r, ""))
            .to_numpy(),
            _col("status", lang): tidy["indicator"]
            .map(lambda i: t(f"status_{cat[i].status}", lang))
            .to_numpy(),
        }
    )


def licence_line(atlas: Atlas, lang: str = "nl") -> str:
    """One source line for the whole table: every publisher that feeds an indicator, with its licence."""
    used = {ind.source for ind in atlas.catalogue.values()}
    parts = sorted(
        {
            f"{ds.publisher} ({ds.licence_text(lang)})"
            for ds in atlas.datasets.values()
            if ds.id in used
        }
    )
    return t("sources_licence_line", lang, sources="; ".join(parts))
