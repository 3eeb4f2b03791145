"""The screen: every figure of the plattelandstoets for one allocation, and its plain record.

:func:`run` computes (no text); :func:`record` is the one JSON object ``ruraldash toets --json``
prints and the page's figures come from, so the command and the page cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from ruraldash.core.i18n import t
from ruraldash.domain import fairness
from ruraldash.features.toets.context import RURAL, URBAN, Context
from ruraldash.features.toets.inputs import Allocation

JSON_FIELDS = (
    "municipalities",
    "population",
    "amount",
    "amount_per_inhabitant",
    "amount_per_km2",
    "share_amount",
    "share_population",
    "share_gap_pp",
)
"""Per type in ``by_type`` of the record (the issue's list, in its order)."""


@dataclass
class Screen:
    """All figures of one screen (amounts in the allocation's unit)."""

    allocation: Allocation
    context: Context
    scope: pd.Index
    """The municipalities screened (the province filter; missing amounts are left out later)."""
    table: pd.DataFrame
    overall: pd.Series
    reach: fairness.Reach
    rural_table: pd.DataFrame
    ratio: float
    curve: pd.DataFrame
    gini: float
    concentration: dict[str, float]
    top: list[str]
    bottom: list[str]
    test: fairness.TestResult
    n_missing: int
    messages: list[dict]

    @property
    def amount(self) -> pd.Series:
        """The amounts inside the scope."""
        return self.allocation.amount.reindex(self.scope)

    @property
    def per_inhabitant(self) -> pd.Series:
        """Amount per inhabitant inside the scope (NaN where unknown)."""
        people = self.context.population.reindex(self.scope)
        return self.amount / people.where(people > 0)


def scope_of(ctx: Context, provinces: Collection[str] = ()) -> pd.Index:
    """The municipalities of the chosen provinces (all when none chosen)."""
    if not provinces:
        return ctx.names.index
    return ctx.names.index[ctx.provinces.isin(list(provinces)).to_numpy()]


def run(
    alloc: Allocation, ctx: Context, provinces: Collection[str] = (), lang: str = "nl"
) -> Screen:
    """Compute a screen of ``alloc`` over the municipalities of ``provinces`` (all by default)."""
    scope = scope_of(ctx, provinces)
    amount = alloc.amount.reindex(scope)
    people = ctx.population.reindex(scope)
    area = ctx.area_km2.reindex(scope)
    table = fairness.by_group(amount, people, area, ctx.groups)
    rural_table = fairness.by_group(amount, people, area, ctx.rural_types)
    total = fairness.overall(table)
    curve = fairness.lorenz(amount, people)
    top, bottom = fairness.deciles(amount, people)
    return Screen(
        allocation=alloc,
        context=ctx,
        scope=scope,
        table=table,
        overall=total,
        reach=fairness.reach(total),
        rural_table=rural_table,
        ratio=fairness.ratio(rural_table, RURAL, URBAN),
        curve=curve,
        gini=fairness.gini(curve),
        concentration=fairness.concentration(amount, people, ctx.groups),
        top=top,
        bottom=bottom,
        test=fairness.permutation_test(amount, people, ctx.rural_types, RURAL, URBAN),
        n_missing=(missing := int(len(scope) - len(fairness.covered(amount, people)))),
        messages=list(alloc.messages)
        + _missing_message(missing, len(scope), lang)
        + _province_hint(ctx, scope, fairness.covered(amount, people), provinces, lang),
    )


def _missing_message(missing: int, of: int, lang: str) -> list[dict]:
    """Municipalities without an amount (or inhabitants) are left out, never counted as 0."""
    if not missing:
        return []
    text = t("toets_missing", lang, n=missing, of=of)
    return [{"level": "warning", "code": "toets_missing", "text": text}]


def _province_hint(ctx: Context, scope, used, provinces, lang: str) -> list[dict]:
    """When every amount lies in one province and the screen covers more: suggest that province."""
    found = set(ctx.provinces.reindex(used).dropna())
    if provinces or len(found) != 1 or len(used) == len(scope):
        return []
    text = t("toets_one_province", lang, province=next(iter(found)))
    return [{"level": "info", "code": "toets_one_province", "text": text}]


def _num(value: object, digits: int = 6) -> float | int | None:
    """A JSON number (rounded), None for missing."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    number = round(number, digits)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def record(screen: Screen) -> dict:
    """The screen as one plain object (the issue's fields; what ``--json`` prints)."""
    alloc = screen.allocation
    by_type = {
        str(group): {field: _num(row[field]) for field in JSON_FIELDS}
        for group, row in screen.table.iterrows()
    }
    test = screen.test
    return {
        "input": {
            "source": alloc.source,
            "rows": int(alloc.rows),
            "matched": int(alloc.matched),
            "total": _num(alloc.amount.reindex(screen.scope).sum(min_count=1)),
        },
        "by_type": by_type,
        "rural_urban_ratio": _num(screen.ratio),
        "gini": _num(screen.gini),
        "concentration_index": {k: _num(v) for k, v in screen.concentration.items()},
        "test": {
            "method": test.method,
            "statistic": _num(test.statistic),
            "p_value": _num(test.p_value),
        },
        "messages": list(screen.messages),
    }


def rejected_record(alloc: Allocation) -> dict:
    """The record of an input that could not be used: the same fields, no figures, the messages."""
    return {
        "input": {"source": alloc.source, "rows": int(alloc.rows), "matched": int(alloc.matched),
                  "total": None},
        "by_type": {},
        "rural_urban_ratio": None,
        "gini": None,
        "concentration_index": {},
        "test": {"method": "permutation", "statistic": None, "p_value": None},
        "messages": list(alloc.messages),
    }  # fmt: skip
