"""Bivariate classes of two indicators (3 × 3 terciles) and their colours.

Pure pandas/numpy: the map is drawn elsewhere, with :func:`colours` as fill per nis code; the legend
(words and HTML) is :func:`ruraldash.render.bivariatelegend.legend_html`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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
