"""The indicator catalogue (``indicators.toml``): what each indicator is, where it comes from, how it converts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ruraldash.core.provenance import Dataset
from ruraldash.core.vocab import FACETS, POLARITIES, STATUSES  # noqa: F401 (re-exported)

LAYERS = ("sealed", "services", "commuting", "social_housing", "orf", "context", "own")
"""Mission layers; ``own`` holds the indicators a user uploaded in this session."""
KINDS = ("numeric", "signed", "ordinal")
RULES = ("sum", "ratio", "weighted_mean", "none", "computed")


class CatalogueError(ValueError):
    """An indicator entry is invalid (unknown facet, source, rule, ...)."""


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry. ``source`` is a dataset id of the manifest."""

    id: str
    label_nl: str
    label_en: str
    definition_nl: str
    definition_en: str
    unit: str
    decimals: int
    facets: tuple[int, ...]
    layer: str
    polarity: str
    kind: str
    source: str
    year: str
    status: str
    rule: str
    expr: str = ""
    compute: str = ""
    join: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    weight: str = ""
    categories: tuple[str, ...] = ()
    category_labels: tuple[str, ...] = ()
    category_labels_en: tuple[str, ...] = ()
    unit_en: str = ""
    series: str = ""
    native: str = field(default="", compare=False)

    def label(self, lang: str = "nl") -> str:
        """Label in the UI language."""
        return self.label_en if lang == "en" else self.label_nl

    def definition(self, lang: str = "nl") -> str:
        """Definition in the UI language."""
        return self.definition_en if lang == "en" else self.definition_nl

    def unit_label(self, lang: str = "nl") -> str:
        """Unit in the UI language."""
        return self.unit_en if lang == "en" and self.unit_en else self.unit

    def category_text(self, index: int, lang: str = "nl") -> str:
        """The label of an ordinal class in the UI language (the code when there is none)."""
        labels = self.category_labels_en if lang == "en" and self.category_labels_en else ()
        labels = labels or self.category_labels or self.categories
        return labels[index]

    @property
    def default_year(self) -> int | None:
        """Latest year of a multi-year indicator (None for single-year ones)."""
        return max(self.years) if self.years else None


def _check(ind: Indicator, datasets: dict[str, Dataset]) -> list[str]:
    problems = []
    if not set(ind.facets) or not set(ind.facets) <= set(FACETS):
        problems.append(f"facets {list(ind.facets)} not within 1..5")
    for name, value, allowed in (
        ("layer", ind.layer, LAYERS),
        ("polarity", ind.polarity, POLARITIES),
        ("kind", ind.kind, KINDS),
        ("status", ind.status, STATUSES),
        ("rule", ind.rule, RULES),
    ):
        if value not in allowed:
            problems.append(f"unknown {name} {value!r}")
    for ds in (ind.source, *ind.join):
        if ds not in datasets:
            problems.append(f"unknown source {ds!r}")
    if bool(ind.expr) == bool(ind.compute):
        problems.append("needs exactly one of expr / compute")
    if (ind.rule == "computed") != bool(ind.compute):
        problems.append("rule 'computed' goes with compute (and only with it)")
    if ind.rule == "weighted_mean" and ind.weight.split(".")[0] not in datasets:
        problems.append(f"weighted_mean needs weight = dataset.column, got {ind.weight!r}")
    if ind.kind == "ordinal" and not ind.categories:
        problems.append("ordinal indicator without categories")
    if "{year}" in ind.expr and not ind.years:
        problems.append("expr uses {year} but no years given")
    return problems


def load_catalogue(path: Path, datasets: dict[str, Dataset]) -> dict[str, Indicator]:
    """Read and validate ``indicators.toml``.

    Parameters
    ----------
    path : Path
        The catalogue file.
    datasets : dict
        The manifest (:func:`ruraldash.core.provenance.read_manifest`): sources must be known.

    Raises
    ------
    CatalogueError
        Listing every problem found (unknown facet, source, layer, rule, duplicate id, ...).
    """
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("indicator", [])
    out: dict[str, Indicator] = {}
    problems: list[str] = []
    for raw in entries:
        data = dict(raw)
        for key in ("facets", "join", "years", "categories", "category_labels", "category_labels_en"):
            if key in data:
                data[key] = tuple(data[key])
        try:
            ind = Indicator(**data)
        except TypeError as exc:
            problems.append(f"{raw.get('id', '?')}: {exc}")
            continue
        if ind.id in out:
            problems.append(f"{ind.id}: duplicate id")
        native = datasets[ind.source].border_set if ind.source in datasets else ""
        object.__setattr__(ind, "native", native)
        problems += [f"{ind.id}: {p}" for p in _check(ind, datasets)]
        out[ind.id] = ind
    if problems:
        raise CatalogueError("indicator catalogue: " + "; ".join(problems))
    return out


def by_layer(
    catalogue: dict[str, Indicator], layer: str, facets: set[int] | None = None
) -> list[Indicator]:
    """Indicators of one mission layer, optionally narrowed to those serving any of ``facets``."""
    return [
        i
        for i in catalogue.values()
        if i.layer == layer and (not facets or set(i.facets) & set(facets))
    ]
