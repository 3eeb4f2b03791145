"""The monitor's tables and sentences: per municipality and per type, status and progress, land take.

Pure pandas + strings (no streamlit). Numbers stay numeric in the tables (the exports round them);
sentences are written in the UI language with Belgian number format.
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.core.vocab import MUNICIPALITY_TYPES, type_label
from ruraldash.domain import change
from ruraldash.features.monitor.result import FLANDERS, MonitorResult, source_text

TYPE_ORDER = MUNICIPALITY_TYPES

BOUWSHIFT = {"now_ha_day": 6.0, "target_2025_ha_day": 3.0, "target_2040_ha_day": 0.0}
"""The Beleidsplan Ruimte Vlaanderen's figures for additional land take (ruimtebeslag), as found:
see ``mon_bouwshift_source`` for where they are quoted from and what could not be checked."""


def group_label(key: str, lang: str) -> str:
    """Label of a group key (a type code, ``vlaanderen`` or a PinC class)."""
    if key == FLANDERS:
        return t("mon_flanders", lang)
    return type_label(key, lang)


def _ordered(keys) -> list[str]:
    keys = [str(k) for k in keys]
    return [k for k in TYPE_ORDER if k in keys] + sorted(k for k in keys if k not in TYPE_ORDER)


def type_table(result: MonitorResult, lang: str) -> pd.DataFrame:
    """Flanders and each type: level at both years, change, relative and annualised change, n."""
    rows = [result.flanders.rename(FLANDERS)]
    rows += [result.by_type.loc[k] for k in _ordered(result.by_type.index)]
    frame = pd.DataFrame(rows)
    frame.index = [group_label(str(k), lang) for k in frame.index]
    return _headed(frame, result, lang, with_n=True)


def _headed(frame: pd.DataFrame, result: MonitorResult, lang: str, with_n: bool) -> pd.DataFrame:
    b, e = result.baseline_year, result.end_year
    names = {
        "baseline": t("mon_col_level", lang, year=b),
        "end": t("mon_col_level", lang, year=e),
        "change": t("mon_col_change", lang),
        "change_pct": t("mon_col_change_pct", lang),
        "annual_pct": t("mon_col_annual", lang),
        "n": t("mon_col_n", lang),
    }
    cols = [*change.CHANGE_COLUMNS] + (["n"] if with_n else [])
    return frame[cols].rename(columns=names)


def municipality_table(result: MonitorResult, lang: str) -> pd.DataFrame:
    """One row per municipality: name, type, levels, changes, status and progress against Flanders."""
    m = result.municipalities
    out = pd.DataFrame(
        {
            t("mon_col_name", lang): m["name"],
            t("mon_col_type", lang): m["type"].map(
                lambda v: group_label(v, lang) if isinstance(v, str) else ""
            ),
        }
    )
    body = _headed(m, result, lang, with_n=False)
    out = out.join(body)
    out[status_header(result, lang)] = m["status"]
    out[t("mon_col_gap", lang)] = m["gap_pct"]
    out[t("mon_col_summed", lang)] = m["summed"].map({True: t("mon_yes", lang), False: ""})
    out.index.name = "nis_code"
    return out


def status_header(result: MonitorResult, lang: str) -> str:
    """Header of the status column: difference with Flanders (ratio) or share of Flanders (count)."""
    key = "mon_col_status_ratio" if result.indicator.measure.is_ratio else "mon_col_status_count"
    return t(key, lang, year=result.end_year)


def decimals(result: MonitorResult, lang: str) -> dict[str, int]:
    """Rounding per column header of :func:`municipality_table` / :func:`type_table`."""
    d = result.indicator.decimals
    b, e = result.baseline_year, result.end_year
    return {
        t("mon_col_level", lang, year=b): d,
        t("mon_col_level", lang, year=e): d,
        t("mon_col_change", lang): d,
        t("mon_col_change_pct", lang): 1,
        t("mon_col_annual", lang): 2,
        status_header(result, lang): 2,
        t("mon_col_gap", lang): 1,
    }


def export_table(result: MonitorResult, lang: str, typology_note: str) -> pd.DataFrame:
    """The monitor table for CSV/XLSX: the municipality table plus source and typology note."""
    out = municipality_table(result, lang).reset_index()
    out[t("mon_col_source", lang)] = source_text(result, lang)
    out[t("mon_col_typenote", lang)] = typology_note
    return out


def status_text(result: MonitorResult, nis: str, lang: str) -> str:
    """Status: the end-year level against Flanders, in words with the numbers."""
    m, ind = result.municipalities.loc[nis], result.indicator
    unit = ind.unit(lang)
    level = number(m["end"], ind.decimals, lang, unit)
    fl = number(result.flanders["end"], ind.decimals, lang, unit)
    if pd.isna(m["end"]):
        return t("mon_status_missing", lang, year=result.end_year)
    if ind.measure.is_ratio:
        diff = signed(m["status"], 2, lang, t("mon_pp", lang))
        return t("mon_status_ratio", lang, year=result.end_year, level=level, fl=fl, diff=diff)
    share = number(m["status"], 3, lang, "%")
    return t("mon_status_count", lang, year=result.end_year, level=level, share=share)


def progress_text(result: MonitorResult, nis: str, lang: str) -> str:
    """Progress: the change since the baseline (absolute, relative, annualised) against Flanders'.

    A ratio's absolute change is in percentage points; a count's in its own unit.
    """
    m, ind, fl = result.municipalities.loc[nis], result.indicator, result.flanders
    if pd.isna(m["change_pct"]):
        return t("mon_progress_missing", lang, b=result.baseline_year, e=result.end_year)
    ratio = ind.measure.is_ratio
    unit = t("mon_pp", lang) if ratio else ind.unit(lang)
    d = 2 if ratio else ind.decimals
    return t(
        "mon_progress_ratio" if ratio else "mon_progress",
        lang,
        b=result.baseline_year,
        e=result.end_year,
        abs=signed(m["change"], d, lang, unit),
        pct=signed(m["change_pct"], 1, lang, "%"),
        annual=signed(m["annual_pct"], 2, lang, "%"),
        fl_abs=signed(fl["change"], d, lang, unit),
        fl_pct=signed(fl["change_pct"], 1, lang, "%"),
        gap=signed(m["gap_pct"], 1, lang, t("mon_pp", lang)),
    )


def summary_sentence(result: MonitorResult, lang: str) -> str:
    """What changed, in one sentence: Flanders, then each type (absolute change, in percentage
    points for a share, then relative and annualised change)."""
    ind, fl = result.indicator, result.flanders
    unit = ind.unit(lang)
    ratio = ind.measure.is_ratio
    d, abs_unit = (2, t("mon_pp", lang)) if ratio else (ind.decimals, unit)

    def part(row: pd.Series) -> dict[str, str]:
        return {
            "abs": signed(row["change"], d, lang, abs_unit),
            "pct": signed(row["change_pct"], 1, lang, "%"),
            "annual": signed(row["annual_pct"], 2, lang, "%"),
        }

    types = [
        t("mon_summary_type", lang, type=group_label(k, lang), **part(result.by_type.loc[k]))
        for k in _ordered(result.by_type.index)
    ]
    total = len(result.municipalities)
    subset = t("mon_summary_subset", lang, n=int(fl["n"]), total=total) if fl["n"] < total else ""
    return t(
        "mon_summary",
        lang,
        subset=subset,
        ind=ind.label(lang),
        b=result.baseline_year,
        e=result.end_year,
        base=number(fl["baseline"], ind.decimals, lang, unit),
        end=number(fl["end"], ind.decimals, lang, unit),
        types="; ".join(types),
        **part(fl),
    )


def land_take(result: MonitorResult) -> pd.DataFrame:
    """Yearly increase of built parcels (ha per year) per type and for Flanders, and ha per day.

    Only for the land-take indicator (built parcels in hectares); the span is end − baseline.
    """
    span = result.span
    rows = [result.flanders.rename(FLANDERS)]
    rows += [result.by_type.loc[k] for k in _ordered(result.by_type.index)]
    frame = pd.DataFrame(rows)
    return pd.DataFrame(
        {
            "change": frame["change"],
            "ha_per_year": change.per_year(frame["change"], span),
            "ha_per_day": change.per_day(frame["change"], span),
        }
    )


def peer_text(result: MonitorResult, nis: str, members: list[str], lang: str) -> str:
    """The selected municipality's change against its peer group: the peers' median and its rank.

    Uses the mapped measure (percentage points for a ratio, % for a count); peers without a value in
    both years are left out and the count says how many were used.
    """
    measure = "change" if result.indicator.measure.is_ratio else "change_pct"
    unit = t("mon_pp", lang) if measure == "change" else "%"
    values = result.municipalities[measure]
    peers = values.reindex([m for m in members if m != nis]).dropna()
    own = values.get(nis)
    if peers.empty or own is None or pd.isna(own):
        return ""
    group = pd.concat([peers, pd.Series({nis: own})])
    rank = int(group.rank(ascending=False, method="min")[nis])
    return t(
        "mon_peer_text",
        lang,
        name=result.municipalities.at[nis, "name"],
        own=signed(own, 2, lang, unit),
        median=signed(peers.median(), 2, lang, unit),
        n=len(peers),
        rank=rank,
        of=len(group),
    )


def yearly_land_take(result: MonitorResult) -> pd.DataFrame:
    """Hectares of built parcels added per year, per type, for every step between two available
    years from baseline to end (a step over a gap year is divided by its length and says so in its
    label, e.g. ``2002–2004``). Only municipalities with a value in both years of a step count.

    Returns
    -------
    DataFrame
        Rows: step labels; columns: the types (in :data:`TYPE_ORDER`).
    """
    ind = result.indicator
    comps = result.data.components(ind, result.border_set)
    types = result.municipalities["type"]
    typed = types.dropna().index
    years = [y for y in result.years if result.baseline_year <= y <= result.end_year]
    rows = {}
    for a, b in zip(years[:-1], years[1:], strict=True):
        both = change.panel(pd.DataFrame({a: change.value(comps[a], ind.measure),
                                          b: change.value(comps[b], ind.measure)}).reindex(typed), a, b)  # fmt: skip
        diff = change.group_value(comps[b], ind.measure, types, both) - change.group_value(
            comps[a], ind.measure, types, both
        )
        rows[f"{a}–{b}" if b - a > 1 else str(b)] = diff / (b - a)
    frame = pd.DataFrame(rows).T
    return frame[[k for k in TYPE_ORDER if k in frame] + [k for k in frame if k not in TYPE_ORDER]]
