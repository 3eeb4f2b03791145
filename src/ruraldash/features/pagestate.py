"""Page state beyond :class:`~ruraldash.features.selection.Selection`, typed, with its URL round trip.

``Selection.extra`` keeps each page's own URL parameters as text; a page reads them through one of
these dataclasses (``read``: validated, refused parameters named for the notice) and writes them
back with :func:`merge` (``params``: values at their default left out, so links stay short).

- :class:`CompareState` — the scatter's axes (``x``, ``y``);
- :class:`PeerState` — the profile's peer group (``methode``, ``knn``, ``peers``);
- :class:`OrfState` — the Open Ruimtefonds budgets and map view (``budget``, ``budget_b``,
  ``kaartbeeld``, ``scenario``);
- the index's choice is :class:`ruraldash.features.compare.IndexChoice` (``inds``, ``gewichten``),
  read by :func:`index_state`.

:data:`PAGE_URL_PARAMS` says which of those parameters each page's URL carries (:func:`page_query`):
a page's link holds the shared selection plus its own, so the profile's ``methode`` does not ride
along into the map's link (the session keeps it for the way back).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from ruraldash.domain import allocation
from ruraldash.domain.peers import METHODS
from ruraldash.features.compare import IndexChoice, parse_index_choice
from ruraldash.features.orf.view import VIEWS, budget_param, parse_budget_param
from ruraldash.features.selection import PAGE_PARAMS

_NIS = re.compile(r"[0-9]{5}")


class PageState(Protocol):
    """What :func:`merge` needs of a page state."""

    PARAMS: ClassVar[tuple[str, ...]]

    def params(self) -> dict[str, str]: ...


def merge(extra: Mapping[str, str], state: PageState) -> dict[str, str]:
    """``extra`` with the state's parameters replaced (the other pages' parameters kept)."""
    out = {k: v for k, v in extra.items() if k not in state.PARAMS}
    return out | state.params()


def _digits(raw: str | None, low: int, high: int) -> int | None:
    ok = bool(raw) and raw.isascii() and raw.isdigit() and len(raw) <= 6  # type: ignore[union-attr]
    return int(raw) if ok and low <= int(raw) <= high else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class CompareState:
    """The two indicators of the scatter; None = the page's default axis."""

    x: str | None = None
    y: str | None = None
    PARAMS: ClassVar[tuple[str, ...]] = ("x", "y")

    @classmethod
    def read(
        cls, extra: Mapping[str, str], known: Collection[str]
    ) -> tuple[CompareState, list[str]]:
        """The axes of a link; an id outside ``known`` is refused (named in the list)."""
        values = {p: extra.get(p) for p in cls.PARAMS}
        refused = [p for p, v in values.items() if v and v not in known]
        kept = {p: (v if v in known else None) for p, v in values.items()}
        return cls(**kept), refused

    def params(self) -> dict[str, str]:
        return {p: v for p, v in (("x", self.x), ("y", self.y)) if v}


@dataclass(frozen=True)
class PeerState:
    """How the profile forms its peer group: method, k for "similar", codes for "own"."""

    method: str = "similar"
    k: int = 10
    peers: tuple[str, ...] = ()
    PARAMS: ClassVar[tuple[str, ...]] = ("methode", "knn", "peers")
    K_RANGE: ClassVar[tuple[int, int]] = (3, 30)

    @classmethod
    def read(
        cls, extra: Mapping[str, str], known: Collection[str] | None = None
    ) -> tuple[PeerState, list[str]]:
        """The peer group of a link; bad values fall back to the default and are named.

        ``known`` (NIS codes of the border set) also refuses unknown codes in ``peers``.
        """
        refused: list[str] = []
        method = extra.get("methode", cls.method)
        if method not in METHODS:
            refused.append("methode")
            method = cls.method
        k = cls.k
        if "knn" in extra:
            k = _digits(extra["knn"], *cls.K_RANGE) or cls.k
            if k != _digits(extra["knn"], *cls.K_RANGE):
                refused.append("knn")
        codes = [c.strip() for c in extra.get("peers", "").split(",") if c.strip()]
        good = [
            c for c in dict.fromkeys(codes) if _NIS.fullmatch(c) and (known is None or c in known)
        ]
        if len(good) != len(set(codes)):
            refused.append("peers")
        return cls(method, k, tuple(good)), refused

    def params(self) -> dict[str, str]:
        out = {}
        if self.method != PeerState.method:
            out["methode"] = self.method
        if self.k != PeerState.k:
            out["knn"] = str(self.k)
        if self.peers:
            out["peers"] = ",".join(self.peers)
        return out


@dataclass(frozen=True)
class OrfState:
    """Two budgets (euro), the map's view and the scenario it shows."""

    budget_a: float = allocation.BUDGET_DEFAULT_EUR
    budget_b: float = allocation.BUDGET_PLUS65_EUR
    view: str = VIEWS[0]
    scenario: str = "A"
    PARAMS: ClassVar[tuple[str, ...]] = ("budget", "budget_b", "kaartbeeld", "scenario")

    @classmethod
    def read(cls, extra: Mapping[str, str]) -> tuple[OrfState, list[str]]:
        """The ORF page of a link; a budget outside 0 < € ≤ 10 billion, an unknown view or
        scenario falls back to the default and is named."""
        refused: list[str] = []
        budgets = {}
        for param, default in (("budget", cls.budget_a), ("budget_b", cls.budget_b)):
            value = parse_budget_param(extra[param]) if param in extra else default
            if value is None:
                refused.append(param)
            budgets[param] = default if value is None else value
        view, scenario = extra.get("kaartbeeld", cls.view), extra.get("scenario", cls.scenario)
        if view not in VIEWS:
            refused.append("kaartbeeld")
            view = cls.view
        if scenario not in ("A", "B"):
            refused.append("scenario")
            scenario = cls.scenario
        return cls(budgets["budget"], budgets["budget_b"], view, scenario), refused

    def params(self) -> dict[str, str]:
        out = {}
        if self.budget_a != OrfState.budget_a:
            out["budget"] = budget_param(self.budget_a)
        if self.budget_b != OrfState.budget_b:
            out["budget_b"] = budget_param(self.budget_b)
        if self.view != OrfState.view:
            out["kaartbeeld"] = self.view
        if self.scenario != OrfState.scenario:
            out["scenario"] = self.scenario
        return out


INDEX_PARAMS = ("inds", "gewichten")


def index_state(
    extra: Mapping[str, str],
    eligible: Sequence[str],
    default: Sequence[str],
    neutral: Sequence[str] = (),
) -> tuple[IndexChoice, list[str]]:
    """The composite index of a link (:class:`IndexChoice`) and the refused parameters."""
    choice = parse_index_choice(
        extra.get("inds"), extra.get("gewichten"), eligible, default, neutral
    )
    refused = (["inds"] if choice.dropped else []) + (
        ["gewichten"] if choice.weights_refused else []
    )
    return choice, refused


MONITOR_PARAMS = ("monitor", "mfacet", "basis", "tot", "centrum")
TOUR_PARAMS = ("start", "stap", "sessie", "verandering")
"""The map page: its start panel, the walk's step, the notes session of the walk's end screen and
the walk's maps of change."""
PAGE_URL_PARAMS: dict[str, tuple[str, ...]] = {
    "kaart": TOUR_PARAMS,
    "profiel": PeerState.PARAMS,
    "vergelijken": CompareState.PARAMS,
    "index": INDEX_PARAMS,
    "openruimtefonds": OrfState.PARAMS,
    "monitor": MONITOR_PARAMS + PeerState.PARAMS,
    "plattelandstoets": ("toets",),
    "notities": ("sessie", "nfacet"),
    "eigen-gegevens": (),
    "bronnen": (),
}
"""Page slug -> the page parameters its URL carries (every other page's are left out)."""


def page_query(query: Mapping[str, str], page: str) -> dict[str, str]:
    """``query`` (a selection's URL parameters) without the parameters of other pages.

    Parameters
    ----------
    query : mapping
        All parameters, as :func:`ruraldash.features.selection.to_query` gives them.
    page : str
        The page's slug (:data:`PAGE_URL_PARAMS`; ``""`` is the map, the start page).

    Returns
    -------
    dict
        The shared selection's parameters and ``page``'s own.
    """
    own = PAGE_URL_PARAMS[page or "kaart"]
    return {k: v for k, v in query.items() if k not in PAGE_PARAMS or k in own}
