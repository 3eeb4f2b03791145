"""The bivariate map's legend: a 3 × 3 grid of swatches with counts, "hoger →" along both axes.

Moved out of :mod:`ruraldash.domain.bivariate` (which returns classes, bounds and counts): the words
and the HTML are written here, every text escaped.
"""

from __future__ import annotations

import html

from ruraldash.core.locale import decimals_for, number, t
from ruraldash.domain.bivariate import BIVARIATE_PALETTE, LETTERS, MISSING_COLOUR, BivariateResult


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
