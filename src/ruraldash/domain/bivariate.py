"""Bivariate classes of two indicators (3 × 3 terciles), their colours and an HTML legend.

Pure pandas/numpy: the map itself is drawn elsewhere, with :func:`colours` as fill per nis code.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ruraldash.core.fmt import decimals_for, number
from ruraldash.core.i18n import t

LETTERS = "ABC"
BIVARIATE_PALETTE: dict[str, str] = {
    "A1": "#e8e8e8",
    "B1": "#ace4e4",
    "C1": "#5ac8c8",
    "A2": "#dfb0d6",
    "B2": "#a5add3",
    "C2": "#5698b9",
    "A3": "#be64ac",
    "B3": "#8c62aa",
    "C3": "#3b4994",
}
"""Joshua Stevens' pink–teal scheme: the letter is the x tercile (A low), the digit the y tercile."""
MISSING_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class BivariateResult:
    """Classes per municipality, the tercile bounds and the 3 × 3 counts.

    Attributes
    ----------
    classes : DataFrame
        Indexed like the input; ``x_class`` and ``y_class`` (0, 1, 2; -1 when either value is
        missing) and ``code`` ("A1".."C3", missing when either value is missing).
    x_bounds, y_bounds : tuple of 4 floats
        ``(min, first tercile, second tercile, max)``; class k spans bounds[k] to bounds[k + 1],
        upper bound included.
    counts : DataFrame
        3 × 3 counts, index ``y_class`` 0..2, columns ``x_class`` 0..2.
    """

    classes: pd.DataFrame
    x_bounds: tuple[float, float, float, float]
    y_bounds: tuple[float, float, float, float]
    counts: pd.DataFrame

    @property
    def n_missing(self) -> int:
        """Municipalities without a class (either value missing)."""
        return int((self.classes["x_class"] < 0).sum())


def _terciles(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Class 0..2 per value by terciles; equal values always share a class (upper bound closed)."""
    if values.size == 0:
        return np.zeros(0, dtype=int), (np.nan,) * 4
    lo, t1, t2, hi = (float(v) for v in np.quantile(values, [0, 1 / 3, 2 / 3, 1]))
    return np.searchsorted([t1, t2], values, side="left"), (lo, t1, t2, hi)


def bivariate_classes(x: pd.Series, y: pd.Series) -> BivariateResult:
    """Split two indicators into terciles and combine them into nine classes.

    Terciles are computed over the municipalities that have both values (so the nine cells of the
    map add up to the coloured municipalities); a row missing either value gets class -1.

    Parameters
    ----------
    x, y : Series
        Indicator values, aligned on their index (nis code).

    Returns
    -------
    BivariateResult
    """
    both = pd.DataFrame(
        {"x": pd.to_numeric(x, errors="coerce"), "y": pd.to_numeric(y, errors="coerce")}
    )
    both = both.astype(float)
    ok = both.notna().all(axis=1).to_numpy()
    x_cls, x_bounds = _terciles(both["x"].to_numpy()[ok])
    y_cls, y_bounds = _terciles(both["y"].to_numpy()[ok])
    classes = pd.DataFrame({"x_class": -1, "y_class": -1}, index=both.index)
    classes.loc[ok, "x_class"] = x_cls
    classes.loc[ok, "y_class"] = y_cls
    codes = [
        f"{LETTERS[a]}{b + 1}" if a >= 0 else None
        for a, b in zip(classes["x_class"], classes["y_class"], strict=True)
    ]
    classes["code"] = pd.array(codes, dtype="string")
    counts = pd.crosstab(pd.Series(y_cls, name="y_class"), pd.Series(x_cls, name="x_class"))
    counts = counts.reindex(index=range(3), columns=range(3), fill_value=0).astype(int)
    return BivariateResult(classes, x_bounds, y_bounds, counts)


def colours(result: BivariateResult, missing: str = MISSING_COLOUR) -> pd.Series:
    """Fill colour per municipality (index as in the input); ``missing`` where a value is missing."""
    codes = result.classes["code"]
    return pd.Series(
        [BIVARIATE_PALETTE.get(c, missing) if isinstance(c, str) else missing for c in codes],
        index=codes.index,
        name="colour",
    )


def _text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#111111" if luminance > 0.25 else "#ffffff"


def _ranges(bounds: tuple[float, ...], lang: str) -> list[str]:
    d = decimals_for(list(bounds))
    return [f"{number(bounds[k], d, lang)}–{number(bounds[k + 1], d, lang)}" for k in range(3)]


def _swatch(code: str, n: int, tip: str, row: int, col: int, px: int, lang: str) -> str:
    colour = BIVARIATE_PALETTE[code]
    return (
        f'<div class="rd-bv-swatch" data-code="{code}" title="{html.escape(tip)}" '
        f'style="grid-row:{row};grid-column:{col};width:{px}px;height:{px}px;'
        f"background:{colour};color:{_text_colour(colour)};display:flex;"
        f'align-items:center;justify-content:center">{html.escape(number(n, 0, lang))}</div>'
    )


def legend_html(
    result: BivariateResult, x_label: str, y_label: str, lang: str = "nl", big: bool = False
) -> str:
    """A 3 × 3 grid of swatches with counts, "hoger →" along both axes; inline styles, escaped text.

    Parameters
    ----------
    result : BivariateResult
    x_label, y_label : str
        Plain-text indicator names (escaped here).
    lang : {"nl", "en"}
    big : bool
        Larger swatches and text (≥ 22 px) for projection.
    """
    px, font = (66, 22) if big else (44, 14)
    higher = t("charts_bv_higher", lang)
    xr, yr = _ranges(result.x_bounds, lang), _ranges(result.y_bounds, lang)
    cells = []
    for yc in range(3):
        for xc in range(3):
            n = int(result.counts.loc[yc, xc])
            tip = t(
                "charts_bv_cell",
                lang,
                x_label=x_label,
                x_range=xr[xc],
                y_label=y_label,
                y_range=yr[yc],
                n=number(n, 0, lang),
            )
            cells.append(_swatch(f"{LETTERS[xc]}{yc + 1}", n, tip, 3 - yc, xc + 2, px, lang))
    y_axis = (
        '<div style="grid-row:1 / 4;grid-column:1;writing-mode:vertical-rl;'
        'transform:rotate(180deg);text-align:center;padding-left:4px">'
        f"{html.escape(y_label)} &middot; {html.escape(higher)}&nbsp;&rarr;</div>"
    )
    x_axis = (
        '<div style="grid-row:4;grid-column:2 / 5;text-align:center;padding-top:4px">'
        f"{html.escape(x_label)} &middot; {html.escape(higher)}&nbsp;&rarr;</div>"
    )
    parts = [y_axis, *cells, x_axis]
    if result.n_missing:
        missing = t("charts_bv_missing", lang, n=number(result.n_missing, 0, lang))
        parts.append(
            '<div class="rd-bv-missing" style="grid-row:5;grid-column:1 / 5;padding-top:6px">'
            f'<span style="display:inline-block;width:{font}px;height:{font}px;'
            f'background:{MISSING_COLOUR};vertical-align:middle;margin-right:6px"></span>'
            f"{html.escape(missing)}</div>"
        )
    aria = html.escape(t("charts_bv_legend", lang, x_label=x_label, y_label=y_label))
    return (
        f'<div class="rd-bv-legend" role="group" aria-label="{aria}" style="display:inline-grid;'
        f"grid-template-columns:auto repeat(3, {px}px);grid-template-rows:repeat(3, {px}px);"
        f"gap:2px;font-size:{font}px;"
        f'line-height:1.2;color:#222222;background:#ffffff;padding:8px">{"".join(parts)}</div>'
    )
