"""The facilitator's walk along the five facets of the Plattelandspact: one map per facet.

Each step shows the facet's main indicator with one plain sentence about what the map shows
(``pres_step_<indicator id>`` in ``locales/presentation.toml``) and the source and year of the
indicator's dataset, read from the manifest at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruraldash.core.i18n import t
from ruraldash.core.locale import label
from ruraldash.core.provenance import Dataset
from ruraldash.core.vocab import facet_label
from ruraldash.data.catalog import Indicator

CHOICES: dict[int, tuple[str, ...]] = {
    1: ("landtake_proxy", "built_share"),
    2: ("social_pipeline_per_1000hh",),
    3: ("distance_service_centre", "survey_shops"),
    4: ("commuting_balance_per_100",),
    5: ("survey_trust_local",),
}
"""Facet -> candidate main indicators, best first (the first one in the catalogue is used)."""
TOTAL = len(CHOICES)
END = TOTAL + 1
"""The step after the last facet: the end screen (summary of the five maps, link to the notes)."""
SCHEME = {"social_pipeline_per_1000hh": "natural_breaks"}
"""Classification per main indicator when quantiles would not separate the municipalities (most
planned no social housing at all: quantile classes would collapse onto 0); default quantiles."""


class StepError(ValueError):
    """No usable main indicator for a facet (the catalogue changed)."""


@dataclass(frozen=True)
class Step:
    """One step of the walk: facet ``number`` (1–5) and the indicator that maps it."""

    number: int
    indicator: Indicator

    @property
    def scheme(self) -> str:
        """The classification that separates this indicator's values best (see ``SCHEME``)."""
        return SCHEME.get(self.indicator.id, "quantiles")

    def name(self, lang: str = "nl") -> str:
        """The facet's name ("Open ruimte", ...)."""
        return facet_label(self.number, lang)

    def heading(self, lang: str = "nl") -> str:
        """The heading, e.g. "Facet 1: Open ruimte"."""
        return t("pres_step_heading", lang, n=self.number, name=self.name(lang))

    def sentence(self, lang: str = "nl") -> str:
        """One plain sentence about what the map shows."""
        return t(sentence_key(self.indicator.id), lang)

    def title(self, lang: str = "nl") -> str:
        """The indicator's name for a room, jargon in plain words: "(a0–a2)" becomes "(steden en
        goed uitgeruste centra)" (``pres_title_<indicator id>``); else the catalogue's label."""
        return label(f"pres_title_{self.indicator.id}", lang, self.indicator.label(lang))

    def dataset(self, datasets: dict[str, Dataset]) -> Dataset:
        """The dataset the indicator comes from (its manifest record)."""
        return datasets[self.indicator.source]

    def source_line(self, datasets: dict[str, Dataset], lang: str = "nl") -> str:
        """Publisher, title, year and licence of the dataset (plain text: escape before HTML)."""
        return self.dataset(datasets).source_line(lang)


def sentence_key(indicator_id: str) -> str:
    """Locale key of the sentence explaining a step's map."""
    return f"pres_step_{indicator_id}"


def _pick(facet: int, catalogue: dict[str, Indicator]) -> Indicator:
    for ind_id in CHOICES[facet]:
        ind = catalogue.get(ind_id)
        if ind is not None and facet in ind.facets:
            return ind
    raise StepError(f"facet {facet}: none of {list(CHOICES[facet])} in the catalogue for it")


def steps(catalogue: dict[str, Indicator]) -> list[Step]:
    """The five steps, in facet order, validated against the catalogue.

    Parameters
    ----------
    catalogue : dict
        Indicator id -> :class:`~ruraldash.data.catalog.Indicator` (``atlas.catalogue``).

    Raises
    ------
    StepError
        When no candidate indicator of a facet exists in the catalogue or serves that facet.
    """
    return [Step(facet, _pick(facet, catalogue)) for facet in sorted(CHOICES)]


def parse_step(raw: object) -> int | None:
    """The step number in a URL value ``"1"``..``"5"``, or ``"6"`` (:data:`END`); else None."""
    text = str(raw).strip() if raw is not None else ""
    if text.isascii() and text.isdigit() and len(text) == 1 and 1 <= int(text) <= END:
        return int(text)
    return None
