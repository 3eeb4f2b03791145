"""The words around a composite index: its method in one paragraph and as an exportable table.

:mod:`ruraldash.domain.index` computes scores, ranks, weights and codes; this module writes them in Dutch
or English.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ruraldash.core.locale import number, t
from ruraldash.domain.index import IndexResult

_EPS = 1e-9


def method_text(
    result: IndexResult, lang: str = "nl", labels: Mapping[str, str] | None = None
) -> str:
    """Describe method, weights, directions and missing-value handling in one paragraph.

    Parameters
    ----------
    lang : {"nl", "en"}
        Language.
    labels : mapping, optional
        Indicator -> readable label (defaults to the column name).
    """
    labels = labels or {}
    items = [
        f"{labels.get(col, col)} {_percent(w, lang)} ({_direction_text(result.directions[col], lang)})"
        for col, w in result.weights.items()
    ]
    if result.method == "minmax":
        neutral = number(0.5, 1, lang)
    else:
        neutral = number(0, 0, lang)
    return t(
        "peers_index_text",
        lang,
        norm=t(f"peers_index_norm_{result.method}", lang),
        weights="; ".join(items),
        missing=t(f"peers_index_missing_{result.missing}", lang),
        neutral=t("peers_index_neutral", lang, value=neutral),
    )


def _percent(share: float, lang: str) -> str:
    decimals = 0 if abs(share * 100 - round(share * 100)) < _EPS else 1
    return number(share * 100, decimals, lang, "%")


def _direction_text(direction: int, lang: str) -> str:
    return t("peers_index_dir_up" if direction > 0 else "peers_index_dir_down", lang)


def method_table(
    result: IndexResult, labels: Mapping[str, str] | None = None, lang: str = "nl"
) -> pd.DataFrame:
    """Exportable description of the index: one row per indicator.

    Columns (headers in ``lang``): indicator, label, weight (share, sums to 1), direction,
    normalisation and missing-value rule.
    """
    labels = labels or {}
    rows = [
        {
            t("peers_index_col_indicator", lang): col,
            t("peers_index_col_label", lang): labels.get(col, col),
            t("peers_index_col_weight", lang): w,
            t("peers_index_col_direction", lang): _direction_text(result.directions[col], lang),
            t("peers_index_col_normalisation", lang): t(
                f"peers_index_norm_{result.method}_short", lang
            ),
            t("peers_index_col_missing", lang): t(
                f"peers_index_missing_{result.missing}_short", lang
            ),
        }
        for col, w in result.weights.items()
    ]
    return pd.DataFrame(rows)
