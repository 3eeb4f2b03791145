"""Pure helpers of the compare and index pages: statistics per municipality type (as in the
Plattelandsrapport), a plain reading of Spearman's rho, the bivariate map frame, and the index
choice (indicators, weights, directions) in and out of the URL. Missing values stay missing."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.catalog import Indicator
from ruraldash.domain.typology import TYPES
from ruraldash.io.numbers import parse_number

NUMERIC_KINDS = ("numeric", "signed")
WEIGHT_RANGE = (0.0, 10.0)
DEFAULT_WEIGHT = 5.0
REVERSED = ":-1"
"""Suffix on an id in ``inds`` for a neutral indicator the user turned around (higher = worse)."""
_RHO_STEPS = ((0.1, "none"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong"), (1.01, "very"))
_SHOWN_ID = re.compile(r"[^A-Za-z0-9_-]")


def numeric_ids(catalogue: Mapping[str, Indicator], facets: Sequence[int] = ()) -> list[str]:
    """Numeric and signed indicators (ordinal ones have no median), narrowed to ``facets``.

    Ordered by their first facet, then catalogue order (so the list reads facet by facet).
    """
    wanted = set(facets)
    usable = [
        (min(ind.facets), pos, ind.id)
        for pos, ind in enumerate(catalogue.values())
        if ind.kind in NUMERIC_KINDS and (not wanted or wanted & set(ind.facets))
    ]
    return [ind_id for *_, ind_id in sorted(usable)]


def _stats(values: pd.Series) -> dict[str, float]:
    part = pd.to_numeric(values, errors="coerce").astype(float)
    finite = part.dropna()
    nan = float("nan")
    return {
        "n": len(finite),
        "missing": int(len(part) - len(finite)),
        "p25": float(finite.quantile(0.25)) if len(finite) else nan,
        "median": float(finite.median()) if len(finite) else nan,
        "p75": float(finite.quantile(0.75)) if len(finite) else nan,
    }


def type_summary(values: pd.Series, types: pd.Series, total: bool = False) -> pd.DataFrame:
    """Per type: municipalities with a value, missing, P25, median, P75 (missing values ignored).

    Parameters
    ----------
    values : Series
        One indicator, indexed by nis_code.
    types : Series
        Type per nis_code (platteland / verstedelijkt / centrumstad); the three types always get
        a row (``n`` 0 and NaN statistics when a type has no municipality with a value). Only
        the municipalities in ``types.index`` count.
    total : bool
        Add a row ``"all"`` over every municipality in ``types.index`` (also those without type).
    """
    is_type = {typ: types.eq(typ).fillna(False).astype(bool).to_numpy() for typ in TYPES}
    rows = {typ: _stats(values.reindex(types.index[mask])) for typ, mask in is_type.items()}
    if total:
        rows["all"] = _stats(values.reindex(types.index))
    out = pd.DataFrame.from_dict(rows, orient="index")
    return out.astype({"n": int, "missing": int})


def summary_long(
    wide: pd.DataFrame, types: pd.Series, catalogue: Mapping[str, Indicator], ids: Sequence[str]
) -> pd.DataFrame:
    """:func:`type_summary` for many indicators as one long table.

    Columns: indicator, type, n, missing, p25, median, p75 (one row per indicator and type,
    types in the Plattelandsrapport order). Indicators absent from ``wide`` are skipped.
    """
    parts = []
    for ind_id in ids:
        if ind_id not in wide.columns or ind_id not in catalogue:
            continue
        s = type_summary(wide[ind_id], types)
        parts.append(s.rename_axis("type").reset_index().assign(indicator=ind_id))
    cols = ["indicator", "type", "n", "missing", "p25", "median", "p75"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def value_text(ind: Indicator, value: object, lang: str = "nl") -> str:
    """A value with the indicator's decimals and unit, ``+`` for positive signed values."""
    text = number(value, ind.decimals, lang, ind.unit_label(lang) or None)
    if ind.kind == "signed" and not pd.isna(value) and float(value) > 0:
        text = "+" + text
    return text


def rho_sentence(rho: float, n: int, x_label: str, y_label: str, lang: str = "nl") -> str:
    """Spearman's rho in words for a general audience, with n and a "no causality" reminder."""
    head = t("cmp_rho_head", lang, rho=number(rho, 2, lang), n=number(n, 0, lang))
    if rho is None or math.isnan(rho):
        return f"{head}: {t('cmp_rho_na', lang)}"
    strength = next(name for limit, name in _RHO_STEPS if abs(rho) < limit)
    if strength == "none":
        return f"{head}: {t('cmp_rho_none', lang, x=x_label, y=y_label)}"
    direction = t("cmp_rho_pos" if rho > 0 else "cmp_rho_neg", lang, x=x_label, y=y_label)
    return f"{head}: {t(f'cmp_rho_{strength}', lang)} {direction} {t('cmp_rho_causal', lang)}"


@dataclass(frozen=True)
class IndexChoice:
    """Indicators, weights and turned-around neutral indicators of a composite index."""

    ids: tuple[str, ...]
    weights: tuple[float, ...]
    reversed: frozenset[str] = frozenset()
    dropped: tuple[str, ...] = ()
    weights_refused: bool = False
    PARAMS: ClassVar[tuple[str, ...]] = ("inds", "gewichten")

    def params(self) -> dict[str, str]:
        """``inds`` and ``gewichten`` for the URL (``id:-1`` marks a turned-around indicator);
        empty when no indicator is chosen."""
        if not self.ids:
            return {}
        ids = [i + REVERSED if i in self.reversed else i for i in self.ids]
        return {"inds": ",".join(ids), "gewichten": ",".join(_weight_text(w) for w in self.weights)}


def _weight_text(weight: float) -> str:
    return f"{weight:g}"


def _weight(text: str) -> float | None:
    value = parse_number(
        text, "en"
    )  # the link's form: a dot as decimal mark, commas between weights
    low, high = WEIGHT_RANGE
    return value if value is not None and low <= value <= high else None


def parse_index_choice(
    inds: str | None,
    weights: str | None,
    eligible: Sequence[str],
    default: Sequence[str],
    neutral: Sequence[str] = (),
) -> IndexChoice:
    """Read ``inds`` / ``gewichten`` from a link; unknown ids are dropped, bad weights reset.

    Parameters
    ----------
    inds, weights : str or None
        Comma-separated ids (``id:-1`` = a neutral indicator turned around) and numbers 0–10.
    eligible : sequence of str
        Ids that may enter the index (numeric and signed indicators).
    default : sequence of str
        Used when the link names no usable indicator (with :data:`DEFAULT_WEIGHT` each).
    neutral : sequence of str
        Ids whose direction the user chooses (only these accept the ``:-1`` suffix).

    Returns
    -------
    IndexChoice
        ``dropped`` holds the refused ids (reduced to letters, digits, ``_``, ``-``; 30
        characters), ``weights_refused`` is True when the weights did not fit and were reset.
    """
    raw = [p.strip() for p in (inds or "").split(",") if p.strip()]
    raw_w = [p.strip() for p in (weights or "").split(",") if p.strip()]
    parsed = [_weight(w) for w in raw_w]
    fits = len(parsed) == len(raw) and all(w is not None for w in parsed)
    ids, kept, turned, dropped = [], [], set(), []
    for pos, item in enumerate(raw):
        base, _, suffix = item.partition(":")
        ok = base in eligible and base not in ids and suffix in ("", "1", "-1")
        if not ok or (suffix == "-1" and base not in neutral):
            dropped.append(_SHOWN_ID.sub("", item)[:30] or "?")
            continue
        ids.append(base)
        kept.append(parsed[pos] if fits else DEFAULT_WEIGHT)
        if suffix == "-1":
            turned.add(base)
    refused = bool(raw_w) and not fits
    if not ids:
        ids, kept = list(default), [DEFAULT_WEIGHT] * len(default)
    return IndexChoice(tuple(ids), tuple(kept), frozenset(turned), tuple(dropped), refused)


def direction(ind: Indicator, turned: bool = False) -> int:
    """+1 for higher_better, −1 for higher_worse; a neutral indicator +1 unless ``turned``."""
    if ind.polarity == "higher_better":
        return 1
    if ind.polarity == "higher_worse":
        return -1
    return -1 if turned else 1


def rounded_per_row(
    table: pd.DataFrame, columns: Sequence[str], decimals: Sequence[int]
) -> pd.DataFrame:
    """A copy with ``columns`` rounded row by row to each row's indicator decimals (the per-type
    table mixes indicators: 11,28 % next to 1.234 inhabitants), as the screen shows them."""
    out = table.copy()
    for col in columns:
        out[col] = [
            round(float(v), d) if pd.notna(v) else float("nan")
            for v, d in zip(out[col], decimals, strict=True)
        ]
    return out


def per_type_meta(
    what: str, typology: str, filter_text: str, exported: str, link: str, lang: str = "nl"
) -> list[tuple[str, str]]:
    """The XLSX sheet "Over deze tabel" of the per-type table: what, typology, filter, rounding."""
    rows = [
        ("px_meta_indicator", what),
        ("px_meta_typology", typology),
        ("px_meta_filter", filter_text),
        ("px_meta_source", t("cmp_meta_source", lang)),
        ("px_meta_columns", t("cmp_meta_rounding", lang)),
        ("px_meta_exported", exported),
        ("px_meta_link", link),
    ]
    return [(t(k, lang), v) for k, v in rows]
