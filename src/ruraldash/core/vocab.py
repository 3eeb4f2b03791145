"""The app's vocabulary, one registry each: border sets, typologies and municipality types,
polarities, statuses and facets.

Every list of codes the app accepts (in a link, a form, a manifest, the CLI) is read from here; a
code's words come from the string catalogue (``border_<id>``, ``typology_<id>``, ``type_<code>``,
``status_<code>``), never from a second list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruraldash.core.locale import label, t

# --- border sets -------------------------------------------------------------------------------

BORDER_SETS: tuple[str, ...] = ("2019", "2025")
"""Border-set ids: ``"2019"`` = the 300 municipalities of 2019–2024, ``"2025"`` = the 285 of 2025."""
EXPECTED_UNITS: dict[str, int] = {"2019": 300, "2025": 285}
"""Municipalities per border set."""
DEFAULT_BORDER_SET = BORDER_SETS[0]


def border_label(border_set: str, lang: str = "nl") -> str:
    """``2019–2024 (300 gemeenten)`` / ``2025 (285 gemeenten)`` as the sidebar says it."""
    return t(f"border_{border_set}", lang)


def other_border_set(border_set: str) -> str:
    """The other border set (``"2019"`` <-> ``"2025"``)."""
    return BORDER_SETS[1 - BORDER_SETS.index(border_set)]


# --- typologies and municipality types -----------------------------------------------------------

MUNICIPALITY_TYPES: tuple[str, ...] = ("platteland", "verstedelijkt", "centrumstad")
"""The Plattelandsrapport types, in the order every table and count uses."""


@dataclass(frozen=True)
class Typology:
    """A way of grouping municipalities that the type filter, the map and the type note offer.

    Attributes
    ----------
    id : str
        The code in links (``typologie=``) and the string key ``typology_<id>``.
    column : str
        The column of the units table that holds each municipality's group.
    codes : dict
        Raw column values that map to a group code (e.g. ``True`` -> ``vlaamse_rand``); others
        are taken as they are.
    """

    id: str
    column: str
    codes: dict[object, str] = field(default_factory=dict)

    def label(self, lang: str = "nl") -> str:
        """The typology's name in ``lang``."""
        return t(f"typology_{self.id}", lang)


TYPOLOGIES: dict[str, Typology] = {
    ty.id: ty
    for ty in (
        Typology("plattelandsrapport", "type"),
        Typology("plattelandsrapport_proxy", "type_raw"),
        Typology("uitrusting", "service_class"),
        Typology("vlaamse_rand", "vlaamse_rand", {True: "vlaamse_rand", False: "buiten_rand"}),
    )
}
"""Every typology of the selector, the map, the type note, the sidebar and the CLI, in menu order."""
TYPOLOGY_IDS: tuple[str, ...] = tuple(TYPOLOGIES)
DEFAULT_TYPOLOGY = TYPOLOGY_IDS[0]


def type_label(code: object, lang: str = "nl") -> str:
    """A municipality type or group in words (``platteland`` -> ``Plattelandsgemeente``); an
    unnamed group keeps its code, a missing one is said."""
    if code is None or code != code:  # None or NaN
        return t("type_unknown", lang)
    return label(f"type_{code}", lang, default=str(code))


# --- indicators --------------------------------------------------------------------------------

POLARITIES: tuple[str, ...] = ("higher_better", "higher_worse", "neutral")
"""Which way an indicator reads: more is better, more is worse, or neither."""
STATUSES: tuple[str, ...] = ("official", "proxy", "derived", "low_confidence", "user")
"""A dataset's or indicator's standing; every one but ``official`` carries a badge."""
FACETS: dict[int, tuple[str, str]] = {
    1: ("Open ruimte", "Open space"),
    2: ("Woonomgeving", "Living environment"),
    3: ("Warme gemeenschap", "Caring community"),
    4: ("Economische bedrijvigheid", "Economic activity"),
    5: ("Besturen en burgers samen aan zet", "Governments and citizens together"),
}
"""The five facets of the Plattelandspact: number -> (Dutch, English) name."""


def facet_label(number: int, lang: str = "nl") -> str:
    """A facet's name in ``lang``."""
    return FACETS[number][0 if lang == "nl" else 1]


def needs_badge(status: str) -> bool:
    """True for a status that must be shown next to its figure (everything but ``official``)."""
    return status != "official"
