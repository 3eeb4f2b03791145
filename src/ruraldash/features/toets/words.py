"""The screen in words and tables: type table, sentences (ratio, test, reach, correlation), deciles,
and the list of every figure with its unit, year and source (for the page and every export)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.features.compare import rho_sentence
from ruraldash.features.orf.view import type_label
from ruraldash.features.toets.screen import Screen

ALPHA = 0.05
"""The difference test calls a p-value below this "significant"."""


def group_label(code: object, lang: str = "nl") -> str:
    """A type or group label (``platteland`` -> ``Plattelandsgemeente``; other codes as they are)."""
    return type_label(code, lang)


def amount_unit(screen: Screen, lang: str) -> str:
    """The allocation's unit, or "eenheden" when the input did not name one."""
    return screen.allocation.unit or t("toets_unit_default", lang)


def per_scale(screen: Screen) -> float:
    """1, or 1.000 when amounts per inhabitant are tiny (dwellings, places): shown per 1.000 inhabitants."""
    value = screen.overall["amount_per_inhabitant"]
    return 1000.0 if math.isfinite(value) and 0 < abs(value) < 0.1 else 1.0


def per_unit(screen: Screen, lang: str) -> str:
    """``euro per inwoner`` or ``woningen per 1.000 inwoners``."""
    key = "toets_unit_per_1000" if per_scale(screen) > 1 else "toets_unit_per_inh"
    return t(key, lang, unit=amount_unit(screen, lang))


def per_column(screen: Screen, lang: str) -> str:
    """The header of the per-inhabitant column."""
    key = "toets_col_per_1000" if per_scale(screen) > 1 else "toets_col_per_inh"
    return t(key, lang, unit=amount_unit(screen, lang))


def shown_per(screen: Screen) -> pd.Series:
    """Amount per inhabitant per municipality at the display scale (:func:`per_scale`)."""
    return screen.per_inhabitant * per_scale(screen)


def type_table(screen: Screen, lang: str = "nl") -> pd.DataFrame:
    """Per type and for the whole scope: reach, amounts, per inhabitant and km², shares and gaps."""
    unit = amount_unit(screen, lang)
    rows = [(group_label(g, lang), r) for g, r in screen.table.iterrows()]
    rows.append((t("toets_all", lang), screen.overall))
    conc = screen.concentration
    out = pd.DataFrame(
        {
            t("toets_col_type", lang): [name for name, _ in rows],
            t("toets_col_munis", lang): [int(r["municipalities"]) for _, r in rows],
            t("toets_col_reach", lang): [100 * r["reached"] / r["municipalities"] for _, r in rows],
            t("toets_col_population", lang): [r["population"] for _, r in rows],
            t("toets_col_amount", lang, unit=unit): [r["amount"] for _, r in rows],
            per_column(screen, lang): [
                per_scale(screen) * r["amount_per_inhabitant"] for _, r in rows
            ],
            t("toets_col_per_km2", lang, unit=unit): [r["amount_per_km2"] for _, r in rows],
            t("toets_col_share_amount", lang): [100 * r["share_amount"] for _, r in rows],
            t("toets_col_share_pop", lang): [100 * r["share_population"] for _, r in rows],
            t("toets_col_gap", lang): [r["share_gap_pp"] for _, r in rows],
            t("toets_col_gap_area", lang): [r["share_gap_area_pp"] for _, r in rows],
            t("toets_col_conc", lang): [conc.get(str(g), math.nan) for g in screen.table.index]
            + [math.nan],
        }
    )
    return out


def reach_table(screen: Screen, lang: str = "nl") -> pd.DataFrame:
    """Per type and for all: the share of municipalities, inhabitants and area that receive anything."""
    rows = [(group_label(g, lang), r) for g, r in screen.table.iterrows()]
    rows.append((t("toets_all", lang), screen.overall))

    def pct(num: float, den: float) -> float:
        return 100 * num / den if den and math.isfinite(den) and den > 0 else math.nan

    return pd.DataFrame(
        {
            t("toets_col_type", lang): [name for name, _ in rows],
            t("toets_col_reached", lang): [f"{int(r['reached'])} / {int(r['municipalities'])}" for _, r in rows],
            t("toets_col_reach", lang): [pct(r["reached"], r["municipalities"]) for _, r in rows],
            t("toets_col_reach_pop", lang): [pct(r["population_reached"], r["population"]) for _, r in rows],
            t("toets_col_reach_area", lang): [pct(r["area_reached"], r["area_km2"]) for _, r in rows],
        }
    )  # fmt: skip


def table_decimals(table: pd.DataFrame) -> dict[str, int]:
    """Display decimals per column of :func:`type_table` (0 counts/amounts, 1 %, 2 ratios)."""
    cols = list(table.columns)
    decimals = dict.fromkeys(cols[1:], 1)
    for c in (cols[1], cols[3], cols[4]):
        decimals[c] = 0
    decimals[cols[5]] = 2
    decimals[cols[6]] = 0
    decimals[cols[11]] = 2
    return decimals


def ratio_sentence(screen: Screen, lang: str = "nl") -> str:
    """ "Platteland receives 4,65 times as much per inhabitant as the urban municipalities"."""
    if not math.isfinite(screen.ratio):
        return t("toets_ratio_na", lang)
    return t("toets_ratio", lang, ratio=number(screen.ratio, 2, lang))


def test_sentence(screen: Screen, lang: str = "nl") -> str:
    """The difference test in one sentence, "niet significant" said plainly."""
    test = screen.test
    if not math.isfinite(test.p_value):
        return t("toets_test_na", lang)
    key = "toets_test_significant" if test.p_value < ALPHA else "toets_test_not_significant"
    return t(
        key,
        lang,
        diff=signed(per_scale(screen) * test.statistic, 2, lang, per_unit(screen, lang)),
        n=number(test.permutations, 0, lang),
        p=number(test.p_value, 4, lang),
        alpha=number(ALPHA, 2, lang),
    )


def reach_sentence(screen: Screen, lang: str = "nl") -> str:
    """Share of municipalities, inhabitants and area that receive anything."""
    r = screen.reach
    pct = lambda v: number(100 * v, 1, lang, "%")  # noqa: E731
    return t(
        "toets_reach", lang, munis=pct(r.municipalities), people=pct(r.population), area=pct(r.area)
    )


def deciles_text(screen: Screen, lang: str = "nl") -> tuple[str, str]:
    """(top, bottom): the names in the highest and lowest tenth, with their amount per inhabitant."""
    per, names = shown_per(screen), screen.context.names
    fmt = lambda codes: ", ".join(  # noqa: E731
        f"{names.get(c, c)} ({number(per.get(c), 2, lang)})" for c in codes
    )
    return fmt(screen.top), fmt(screen.bottom)


def correlation_sentence(rho: float, n: int, need_label: str, lang: str = "nl") -> str:
    """Spearman's rho between need and amount per inhabitant, in plain words."""
    return rho_sentence(rho, n, need_label, t("toets_per_inh_short", lang), lang)


@dataclass(frozen=True)
class Figure:
    """One figure of the screen as it travels into every export."""

    name: str
    value: str
    unit: str
    year: str
    source: str


def figures(screen: Screen, context_source: str, lang: str = "nl") -> list[Figure]:
    """Every headline figure with unit, year and source (the export's metadata and figure list)."""
    alloc, ctx = screen.allocation, screen.context
    unit = amount_unit(screen, lang)
    year_in = alloc.year or t("toets_year_unknown", lang)
    both = f"{alloc.source}; {context_source}"
    years = f"{year_in}; {t('toets_population_year', lang, year=ctx.population_year)}"
    out = [
        Figure(
            t("toets_fig_total", lang),
            number(screen.overall["amount"], 0, lang),
            unit,
            year_in,
            alloc.source,
        )
    ]
    for group, row in screen.table.iterrows():
        label = group_label(group, lang)
        out += [
            Figure(
                t("toets_fig_per_inh", lang, type=label),
                number(per_scale(screen) * row["amount_per_inhabitant"], 2, lang),
                per_unit(screen, lang),
                years,
                both,
            ),
            Figure(
                t("toets_fig_per_km2", lang, type=label),
                number(row["amount_per_km2"], 0, lang),
                t("toets_unit_per_km2", lang, unit=unit),
                years,
                both,
            ),
            Figure(
                t("toets_fig_gap", lang, type=label),
                signed(row["share_gap_pp"], 1, lang),
                t("toets_unit_pp", lang),
                years,
                both,
            ),
        ]
    out += [
        Figure(
            t("toets_fig_ratio", lang),
            number(screen.ratio, 2, lang),
            t("toets_unit_times", lang),
            years,
            both,
        ),
        Figure(t("toets_fig_gini", lang), number(screen.gini, 3, lang), "0–1", years, both),
        Figure(t("toets_fig_p", lang), number(screen.test.p_value, 4, lang), "p", years, both),
    ]
    return out  # fmt: skip
