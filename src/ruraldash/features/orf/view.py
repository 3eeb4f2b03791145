"""The Open Ruimtefonds page's view model: inputs per border set, budgets, map layers and tables.

Pure pandas (no streamlit): the page reads the budgets, :mod:`ruraldash.domain.allocation` computes the
scenarios, and this module turns them into what the map, the legend, the tables and the exports
show. Everything here is indicative (the bundle holds no official amounts per municipality).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ruraldash.core import vocab
from ruraldash.core.fmt import number
from ruraldash.core.i18n import t, tn
from ruraldash.data import indicators
from ruraldash.data.atlas import Atlas
from ruraldash.domain import allocation
from ruraldash.io.numbers import parse_number
from ruraldash.render.mapstyle import STYLE

ZERO_COLOUR = STYLE.excluded.fill
"""The centrumsteden (no share of the key) on every map: the style table's "excluded" grey."""
"""Fill of the excluded centrumsteden (0 euro): a neutral grey, outside every map palette."""
BUDGET_MAX_EUR = 10_000_000_000.0
"""Upper limit of a budget (URL or input): 10 billion euro."""
VIEWS: tuple[str, ...] = ("amount", "key", "per_inhabitant", "per_ha", "diff")
"""What the map can show; the first is the default."""
_URL_NUMBER = re.compile(r"\d{1,11}(?:[.,]\d{1,2})?")
PUBLISHED_BUDGETS: tuple[float, ...] = (allocation.BUDGET_DEFAULT_EUR, allocation.BUDGET_PLUS65_EUR)
"""Budgets a source published (RINGtv, October 2024); any other amount is the user's own scenario."""


@dataclass(frozen=True)
class Inputs:
    """Everything the allocation needs on one border set, indexed by nis_code."""

    border_set: str
    names: pd.Series
    types: pd.Series
    provinces: pd.Series
    open_space_ha: pd.Series
    centrumstad: pd.Series
    population: pd.Series
    population_year: int


def load_inputs(atlas: Atlas, border_set: str) -> Inputs:
    """Open space (cadastre 2015), centrumstad flags, type and the latest complete population.

    The population is the most recent ``series = "population"`` indicator without missing values
    on this border set (2025 on the 2025 borders, 2020 on the 2019–2024 borders).
    """
    units = atlas.units(border_set)
    series = sorted(
        (i for i in atlas.catalogue.values() if i.series == "population"),
        key=lambda i: i.year,
        reverse=True,
    )
    values = {i.id: atlas.values(i.id, border_set)["value"].reindex(units.index) for i in series}
    complete = [i for i in series if values[i.id].notna().all()] or series
    chosen = complete[0]
    return Inputs(
        border_set=border_set,
        names=units["name"],
        types=units["type"],
        provinces=units["province"],
        open_space_ha=indicators.open_space(atlas.bundle, border_set).reindex(units.index),
        centrumstad=units["centrumstad"].astype(bool),
        population=pd.to_numeric(values[chosen.id], errors="coerce").astype(float),
        population_year=int(chosen.year),
    )


# --- budgets ---------------------------------------------------------------------------------


def _valid(eur: float) -> float | None:
    return eur if math.isfinite(eur) and 0 < eur <= BUDGET_MAX_EUR else None


def parse_budget_param(raw: object) -> float | None:
    """A budget from the URL (euro, e.g. ``123400000``); None unless 0 < value ≤ 10 billion."""
    text = str(raw or "").strip()
    if not _URL_NUMBER.fullmatch(text):
        return None
    value = parse_number(text, "nl")  # at most two decimals: "," and "." both mark them
    return None if value is None else _valid(value)


def budget_param(eur: float) -> str:
    """The URL form of a budget in euro: whole euros without decimals, else two decimals."""
    return f"{eur:.0f}" if float(eur).is_integer() else f"{eur:.2f}"


def parse_million(text: str, lang: str = "nl") -> float | None:
    """A budget typed in million euro: ``150``, ``123,4``, ``1.234,5``, ``123.4``, ``€ 65 mln``.

    A single mark is the decimal mark, unless it is the language's grouping mark followed by
    exactly three digits (``1.234`` is 1234 in Dutch, ``1,234`` is 1234 in English). With several
    marks (``1.234,5``, ``1,234.5``) the last one is the decimal mark. Returns euro, or None unless
    0 < value ≤ 10 billion.
    """
    cell = re.sub(r"\b(mln|miljoen|million)\b|\beur(o)?\b", "", str(text), flags=re.IGNORECASE)
    value = parse_number(cell, lang)  # the one number parser (ruraldash.io.numbers)
    return None if value is None else _valid(value * 1_000_000)


def _decimals(value: float, most: int = 6) -> int:
    return next((d for d in range(most + 1) if abs(round(value, d) - value) < 1e-9), most)


def million_text(eur: float, lang: str = "nl") -> str:
    """A budget in million euro as the user would type it (``123,4``; no grouping)."""
    value = eur / 1_000_000
    return number(value, _decimals(value), lang).replace("." if lang == "nl" else ",", "")


def budget_text(eur: float, lang: str = "nl") -> str:
    """A budget for reading: ``123,4 miljoen euro``."""
    value = eur / 1_000_000
    return number(value, _decimals(value), lang, t("orfp_million_eur", lang))


def is_own_budget(eur: float) -> bool:
    """True for a budget the user typed (not one of :data:`PUBLISHED_BUDGETS`)."""
    return all(abs(eur - published) >= 0.005 for published in PUBLISHED_BUDGETS)


def budget_attribution(scenario: str, eur: float, lang: str = "nl") -> str:
    """``A 123,4 miljoen euro (RINGtv, oktober 2024)`` or ``B 200 miljoen euro (eigen scenario …)``.

    A source is cited only for the figure it published; a typed amount is the user's own.
    """
    key = "orfp_budget_own" if is_own_budget(eur) else "orfp_budget_published"
    return f"{scenario} {budget_text(eur, lang)} ({t(key, lang)})"


def scenario_notes(frame: pd.DataFrame, budget_eur: float, lang: str = "nl") -> list[str]:
    """User-facing notes for a :func:`ruraldash.domain.allocation.scenario` result: status,
    exclusions, ceilings, held back (the domain returns the frame, this module the sentences)."""
    active = frame["amount_before_caps"].gt(0)
    no_cap = int((active & frame["cap"].isna()).sum())
    with_caps = bool((active & frame["cap"].notna()).any())
    notes = [t("orf_status_capped" if with_caps else "orf_status_indicative", lang)]
    missing = allocation.missing_key(frame["share"])
    if missing:
        notes.append(tn("orf_note_missing_key", len(missing), lang, codes=", ".join(missing)))
    if with_caps:
        held_back = budget_eur - float(frame["amount"].sum())
        amount = number(held_back, 0, lang, "euro")
        notes.append(tn("orf_note_capped", int(frame["capped"].sum()), lang, amount=amount))
        if no_cap:
            notes.append(tn("orf_note_no_cap_data", no_cap, lang))
    return notes


# --- map -------------------------------------------------------------------------------------


# --- tables ----------------------------------------------------------------------------------


def type_label(value: object, lang: str = "nl") -> str:
    """The translated Plattelandsrapport type (``platteland`` -> ``Plattelandsgemeente``)."""
    return vocab.type_label(None if pd.isna(value) else value, lang)


def municipality_table(
    inputs: Inputs,
    scenarios: dict[str, pd.DataFrame],
    capped: dict[str, bool],
    lang: str = "nl",
) -> pd.DataFrame:
    """Who receives what: one row per municipality, numbers numeric, headers translated.

    Parameters
    ----------
    scenarios : dict
        ``{"A": frame, "B": frame}`` from :func:`ruraldash.domain.allocation.scenario`.
    capped : dict
        Per scenario: were ceilings applied (adds ceiling and after-ceiling columns).

    Returns
    -------
    pd.DataFrame
        Sorted by the amount of scenario A, highest first (centrumsteden last).
    """
    idx = inputs.names.index
    table = pd.DataFrame(
        {
            t("col_name", lang): inputs.names,
            t("col_nis", lang): idx.astype(str),
            t("col_type", lang): [type_label(v, lang) for v in inputs.types],
            t("col_province", lang): inputs.provinces,
            t("orfp_col_open_space", lang): inputs.open_space_ha,
            t("orfp_col_population", lang, year=inputs.population_year): inputs.population,
        },
        index=idx,
    )
    first = next(iter(scenarios.values()))
    table[t("orfp_col_share", lang)] = first["share"].reindex(idx) * 100.0
    for name, frame in scenarios.items():
        f = frame.reindex(idx)
        table[t("orfp_col_before", lang, s=name)] = f["amount_before_caps"]
        if capped.get(name):
            table[t("orfp_col_cap", lang, s=name)] = f["cap"]
            table[t("orfp_col_after", lang, s=name)] = f["amount"]
            yes, no = t("orfp_yes", lang), t("orfp_no", lang)
            table[t("orfp_col_capped", lang, s=name)] = [yes if c else no for c in f["capped"]]
        table[t("orfp_col_per_inh", lang, s=name)] = f["per_inhabitant"]
        table[t("orfp_col_per_ha", lang, s=name)] = f["per_ha"]
    if set(scenarios) >= {"A", "B"}:
        a, b = scenarios["A"]["amount"].reindex(idx), scenarios["B"]["amount"].reindex(idx)
        table[t("orfp_col_diff", lang)] = b - a
        table[t("orfp_col_diff_pct", lang)] = (b - a) / a.where(a != 0) * 100.0
    order = first["amount"].reindex(idx).sort_values(ascending=False, na_position="last").index
    return table.loc[order].reset_index(drop=True)


def table_decimals(column: str, lang: str = "nl") -> int:
    """Display decimals of a :func:`municipality_table` column (0 for euros, 2–3 for ratios)."""
    ratios = ("orfp_col_per_inh", "orfp_col_per_ha", "orfp_col_diff_pct")
    if any(column == t(key, lang, s=s) for key in ratios for s in ("A", "B")):
        return 2
    return 3 if column == t("orfp_col_share", lang) else 0


def group_table(per_group: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The per-type comparison of :func:`ruraldash.domain.allocation.compare`, with translated headers."""
    keys = {
        "sum_a": "orf_col_a",
        "sum_b": "orf_col_b",
        "diff_eur": "orf_col_diff_eur",
        "n_gain": "orf_col_n_gain",
        "n_loss": "orf_col_n_loss",
        "n_same": "orf_col_n_same",
        "n_missing": "orf_col_n_missing",
    }
    out = per_group[list(keys)].rename(columns={k: t(v, lang) for k, v in keys.items()})
    out.insert(0, t("orf_col_group", lang), [type_label(g, lang) for g in per_group.index])
    return out.reset_index(drop=True)


def source_line(
    atlas: Atlas, inputs: Inputs, budgets: dict[str, float], statuses: dict[str, str], lang: str
) -> str:
    """The provenance and status line under the table and in every export."""
    land = atlas.datasets["landuse_2015"]
    rule = atlas.datasets["orf_rule"]
    status = "; ".join(f"{s}: {statuses[s]}" for s in budgets)
    amounts = "; ".join(budget_attribution(s, eur, lang) for s, eur in budgets.items())
    return t(
        "orfp_source_line",
        lang,
        status=status,
        keysource=f"{land.publisher}, {land.label(lang)}",
        year=inputs.population_year,
        rule=rule.url,
        budgets=amounts,
        borders=t(f"border_{inputs.border_set}", lang),
    )


def joins_centrumstad_2025(atlas: Atlas) -> pd.DataFrame:
    """2019–2024 municipalities that are no centrumstad but belong to one from 2025 (Kortessem ->
    Hasselt): columns name, nis_code_2025, name_2025; indexed by their old code."""
    old, new = atlas.units("2019"), atlas.units("2025")
    into = old["nis_code_2025"].map(new["centrumstad"]).fillna(False).astype(bool)
    return old.loc[into & ~old["centrumstad"], ["name", "nis_code_2025", "name_2025"]]


def centrumstad_2025_warning(atlas: Atlas, border_set: str, lang: str = "nl") -> str:
    """On 2019–2024 borders: the municipalities that get nothing from 2025 on because they are
    part of a centrumstad then ("" on 2025 borders or when there are none)."""
    rows = joins_centrumstad_2025(atlas) if border_set == "2019" else pd.DataFrame()
    if rows.empty:
        return ""
    names = ", ".join(
        t("orf_joins_item", lang, name=name, code=code, city=city)
        for code, name, city in zip(rows.index, rows["name"], rows["name_2025"], strict=True)
    )
    return t("orf_joins_centrumstad", lang, names=names)


def own_scenarios(budgets: dict[str, float], view: str, scenario: str) -> list[str]:
    """The scenarios of a map view whose budget the user typed (labelled 'eigen scenario')."""
    shown = ("A", "B") if view == "diff" else (("A",) if view == "key" else (scenario,))
    return [s for s in shown if s in budgets and is_own_budget(budgets[s]) and view != "key"]


def own_labels(budgets: dict[str, float], view: str, scenario: str, lang: str = "nl") -> list[str]:
    """Badge texts for the typed budgets shown in a map view: ``eigen scenario`` (``B: …`` if two)."""
    own = own_scenarios(budgets, view, scenario)
    label = t("px_own_scenario", lang)
    if view == "diff":
        return [f"{s}: {label}" for s in own]
    return [label] if own else []


VIEW_PARAM, SCENARIO_PARAM = "kaartbeeld", "scenario"
"""URL parameters of the map view and its scenario (left out at their defaults: short links)."""


def view_from_url(extra: dict[str, str]) -> tuple[str, str]:
    """The map view and scenario of a link; unknown values give the defaults."""
    view = extra.get(VIEW_PARAM, VIEWS[0])
    scenario = extra.get(SCENARIO_PARAM, "A")
    return (view if view in VIEWS else VIEWS[0]), (scenario if scenario in ("A", "B") else "A")


def view_to_url(extra: dict[str, str], view: str, scenario: str) -> dict[str, str]:
    """``extra`` with the map view and scenario (defaults left out)."""
    out = {k: v for k, v in extra.items() if k not in (VIEW_PARAM, SCENARIO_PARAM)}
    if view != VIEWS[0]:
        out[VIEW_PARAM] = view
    if scenario != "A":
        out[SCENARIO_PARAM] = scenario
    return out


def export_heading(title: str, statuses: list[str], what: str) -> str:
    """The XLSX title row: ``Openruimtefonds: verdeling per gemeente (Indicatief, vóór plafonds;
    Plattelandsgemeente; West-Vlaanderen)`` – the status once, then the filter."""
    return f"{title} ({'; '.join([*statuses, what])})"


def sheet_name(title: str) -> str:
    """The sheet's name: the title without its ``Openruimtefonds:`` lead (fits 31 characters)."""
    rest = title.split(": ", 1)[-1]
    return rest[:1].upper() + rest[1:]


def export_meta(
    budgets: dict[str, float], statuses: list[str], source: str, link: str, lang: str = "nl"
) -> list[tuple[str, str]]:
    """The XLSX sheet "Over deze tabel" of the Open Ruimtefonds tables.

    Each budget carries its own attribution (:func:`budget_attribution`): a typed amount is the
    user's own scenario and is never credited to the publisher of the official fund.
    """
    rows = [
        ("px_meta_status", "; ".join(statuses)),
        ("px_meta_budgets", "; ".join(budget_attribution(s, e, lang) for s, e in budgets.items())),
        ("px_meta_source", source),
        ("px_meta_exported", date.today().isoformat()),
        ("px_meta_link", link),
    ]
    return [(t(key, lang), value) for key, value in rows]
