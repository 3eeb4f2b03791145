"""The allocation a screen looks at: one amount per municipality, with where it comes from.

Three kinds: the Open Ruimtefonds key (an indicative calculation; a budget other than the two
published ones is the user's "eigen scenario"), a catalogue indicator that is an amount (building
permits, the social-housing pipeline, ...), or an uploaded table read and checked exactly as on the
page *Eigen gegevens* (:func:`ruraldash.features.upload.check.check_upload`: same messages, same
rules, either border set; merged municipalities get the sum of their parts). A typed or uploaded
amount is never credited to an official source (``own``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import allocation
from ruraldash.features.orf import view as orfpage
from ruraldash.features.upload.check import (
    REJECT,
    CheckRequest,
    check_summary,
    check_upload,
    split_unit,
    suggested_unit,
)
from ruraldash.features.upload.check import outcome as check_outcome

ORF = "openruimtefonds"
MERGE = "sum"
"""Amounts add up: a merged 2025 municipality gets the sum of its parts (never a partial sum)."""


@dataclass
class Allocation:
    """One amount per municipality of ``border_set`` (NaN: not in the input), and its provenance."""

    amount: pd.Series
    border_set: str
    kind: str
    """``openruimtefonds``, ``indicator`` or ``upload``."""
    label: str
    unit: str
    source: str
    year: str
    status: str
    """``derived`` (indicative calculation), ``official``, ``proxy`` … or ``user`` (typed/uploaded)."""
    own: bool = False
    rows: int = 0
    matched: int = 0
    outcome: str = "accept"
    messages: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    """The value columns of an uploaded file (the one in use first)."""

    @property
    def total(self) -> float:
        """The sum of the known amounts."""
        return float(self.amount.sum(min_count=1)) if self.amount.notna().any() else 0.0


def amount_indicators(atlas: Atlas) -> list[str]:
    """Catalogue indicators that are amounts (summed over mergers), population series left out."""
    return [
        i.id
        for i in atlas.catalogue.values()
        if i.rule == "sum" and i.kind == "numeric" and i.series != "population"
        and i.layer != "own"
    ]  # fmt: skip


def orf_allocation(
    atlas: Atlas, border_set: str, budget_eur: float, lang: str = "nl"
) -> Allocation:
    """The Open Ruimtefonds key times a budget (indicative, before ceilings)."""
    inputs = orfpage.load_inputs(atlas, border_set)
    frame = allocation.scenario(
        inputs.open_space_ha, inputs.centrumstad, budget_eur, population=inputs.population
    )
    own = orfpage.is_own_budget(budget_eur)
    land, rule = atlas.datasets["landuse_2015"], atlas.datasets["orf_rule"]
    source = t(
        "toets_orf_source",
        lang,
        budget=orfpage.budget_attribution("", budget_eur, lang).strip(),
        keysource=f"{land.publisher}, {land.label(lang)}",
        rule=rule.url,
    )
    return Allocation(
        amount=frame["amount"].rename("amount"),
        border_set=border_set,
        kind=ORF,
        label=t("toets_orf_label", lang, budget=orfpage.budget_text(budget_eur, lang)),
        unit="euro",
        source=source,
        year=t(
            "toets_orf_year",
            lang,
            keyyear=land.year,
            budget=t("px_own_scenario", lang) if own else "2024",
        ),
        status="derived",
        own=own,
        rows=len(frame),
        matched=int(frame["amount"].notna().sum()),
    )


def indicator_allocation(
    atlas: Atlas, indicator: str, border_set: str, year: int | None = None, lang: str = "nl"
) -> Allocation:
    """A catalogue indicator that is an amount (e.g. ``new_dwellings_permitted``)."""
    ind = atlas.catalogue[indicator]
    values = atlas.values(indicator, border_set, year)
    amount = pd.to_numeric(values["value"], errors="coerce").astype(float)
    amount.index = amount.index.astype(str)
    used_year = str(year or ind.default_year or ind.year)
    ds = atlas.datasets[ind.source]
    return Allocation(
        amount=amount.reindex(atlas.units(border_set).index).rename("amount"),
        border_set=border_set,
        kind="indicator",
        label=ind.label(lang) + (f" ({used_year})" if ind.years else ""),
        unit=ind.unit_label(lang),
        source=ds.source_line(lang, used_year if ind.years else None),
        year=used_year,
        status=ind.status,
        rows=int(len(values)),
        matched=int(amount.notna().sum()),
    )


def upload_allocation(
    raw: bytes,
    filename: str,
    border_set: str,
    units: pd.DataFrame,
    mapping: pd.DataFrame,
    *,
    column: str | None = None,
    sheet: str | None = None,
    year: str = "",
    lang: str = "nl",
) -> Allocation:
    """An uploaded table through the upload check of *Eigen gegevens* (same reader, same messages).

    With several value columns and no ``column``, the first is used and a message says so. A
    rejected file gives an allocation with ``outcome == "reject"`` and no amounts.
    """
    request = CheckRequest(raw, filename, border_set, column, sheet, MERGE, lang=lang)
    report = check_upload(request, units, mapping)
    summary = check_summary(report, MERGE)
    messages = list(summary["messages"])
    chosen = column or (report.value_columns[0] if report.ok and report.value_columns else None)
    values = pd.Series(summary["values"].get(chosen, {}), dtype=float)
    if summary["outcome"] != REJECT and column is None and len(report.value_columns) > 1:
        others = ", ".join(c for c in report.value_columns if c != chosen)
        text = t("toets_first_column", lang, column=chosen, others=others)
        messages.append({"level": "info", "code": "toets_first_column", "text": text})
    if any(m["code"] == "merged_rows" for m in messages):
        text = t("toets_merged_summed", lang)
        messages.append({"level": "info", "code": "toets_merged_summed", "text": text})
    values.index = values.index.astype(str)
    return Allocation(
        amount=values.rename("amount"),
        border_set=border_set,
        kind="upload",
        label=f"{split_unit(chosen)[0]} ({filename})" if chosen else filename,
        unit=suggested_unit(report, chosen) if chosen else "",
        source=t("toets_upload_source", lang, file=filename),
        year=year,
        status="user",
        own=True,
        rows=summary["rows"],
        matched=summary["matched"],
        outcome=check_outcome(report),
        messages=messages,
        columns=[chosen, *(c for c in report.value_columns if c != chosen)] if chosen else [],
    )
