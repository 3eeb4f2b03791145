"""What the user is looking at, and its round trip through the URL (validated: tampered values are refused)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from ruraldash.core.fmt import number
from ruraldash.core.locale import LANGS
from ruraldash.core.vocab import BORDER_SETS
from ruraldash.core.vocab import TYPOLOGY_IDS as TYPOLOGIES
from ruraldash.data.catalog import FACETS, LAYERS, Indicator
from ruraldash.io.numbers import parse_number

SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "manual")
_NIS = re.compile(r"[0-9]{5}")
_PAGE_VALUE = re.compile(r"[\w.,;:+-]{1,200}")
_FREE_TEXT_PARAMS = ("sessie",)
"""Page parameters that may hold any printable text (an old notes link names its session, e.g.
"Atelier 01/12/2026"); the page looks the value up and says so when it finds nothing."""
_NAME_SHOWN = re.compile(r"[^A-Za-z0-9_-]")
MAX_VALUE = 500
"""Longer URL values are refused whole (a truncated list could mean something else)."""
BREAKS_COUNT = (2, 6)
"""Manual class breaks: 2..6 inner breaks give the 3..7 classes ``classify`` accepts."""
IGNORED_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "_ga")
PAGE_PARAMS = (
    "methode",
    "knn",
    "peers",
    "x",
    "y",
    "budget",
    "budget_b",
    "stap",
    "sessie",
    "nfacet",
    "inds",
    "gewichten",
    "kaartbeeld",
    "scenario",
    "start",
    "monitor",
    "mfacet",
    "basis",
    "tot",
    "centrum",
    "verandering",
    "toets",
)
"""Page-specific URL parameters: kept as text in ``Selection.extra``; each page validates its own."""

# URL parameter name -> Selection field
PARAMS = {
    "laag": "layer",
    "ind": "indicator",
    "jaar": "year",
    "facet": "facets",
    "typologie": "typology",
    "type": "types",
    "prov": "provinces",
    "grenzen": "border_set",
    "schema": "scheme",
    "k": "k",
    "breaks": "breaks",
    "gemeente": "selected",
    "taal": "lang",
    "presentatie": "presentation",
    "contrast": "contrast",
}


@dataclass(frozen=True)
class Selection:
    """The state of the view; every field has a URL parameter (see ``PARAMS``)."""

    layer: str = "sealed"
    indicator: str = "built_share"
    year: int | None = None
    facets: tuple[int, ...] = ()
    typology: str = "plattelandsrapport"
    types: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    border_set: str = "2019"
    scheme: str = "quantiles"
    k: int = 5
    breaks: tuple[float, ...] = ()
    selected: str | None = None
    lang: str = "nl"
    presentation: bool = False
    contrast: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    merged_from: str | None = field(default=None, compare=False)
    """An old 2019–2024 code that led to ``selected`` on 2025 borders (link, search, border switch):
    not in the URL, only for the merger note."""

    def with_(self, **changes: Any) -> Selection:
        """A copy with some fields changed."""
        return replace(self, **changes)


def is_nis(value: object) -> bool:
    """True for a five-digit NIS code (the only thing ``selected`` may hold)."""
    return isinstance(value, str) and bool(_NIS.fullmatch(value))


def _join(values) -> str:
    return ",".join(_float_text(v) if isinstance(v, float) else str(v) for v in values)


def _float_text(value: float) -> str:
    """Shortest text that reads back to the same float (``20.0`` -> ``20``)."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def breaks_text(breaks: tuple[float, ...], lang: str = "nl") -> str:
    """Manual class breaks as the sidebar field shows them: ``1.000; 2.500,5`` (nl), ``1,000; 2,500.5``
    (en); every digit kept, so that :func:`parse_breaks` reads back the same breaks."""
    return "; ".join(number(b, _decimals_of(b), lang) for b in breaks)


def _decimals_of(value: float) -> int:
    exponent = Decimal(repr(float(f"{value:.12g}"))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def parse_breaks(text: str, lang: str = "nl") -> tuple[float, ...] | None:
    """Breaks typed in the sidebar (``;`` between numbers, the language's own number form, read
    by the one number parser); None unless 2..6 increasing numbers."""
    values = tuple(parse_number(p, lang) for p in text.split(";") if p.strip())
    if any(v is None for v in values):
        return None
    low, high = BREAKS_COUNT
    ok = low <= len(values) <= high and all(a < b for a, b in zip(values, values[1:], strict=False))
    return tuple(float(v) for v in values) if ok else None  # type: ignore[arg-type]


def to_query(sel: Selection) -> dict[str, str]:
    """URL parameters for a selection; fields at their default are left out (short links)."""
    default = asdict(Selection())
    out: dict[str, str] = {}
    for param, name in PARAMS.items():
        value = getattr(sel, name)
        if value == default[name] or value in ((), None):
            continue
        if name == "selected" and not _NIS.fullmatch(str(value)):
            continue  # only a NIS code is a municipality (never a widget's placeholder text)
        if isinstance(value, bool):
            out[param] = "1" if value else "0"
        elif isinstance(value, tuple):
            out[param] = _join(value)
        else:
            out[param] = str(value)
    out.update({k: v for k, v in sel.extra.items() if k in PAGE_PARAMS})
    return out


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def from_query(
    params: dict[str, str],
    catalogue: dict[str, Indicator],
    units: dict[str, set[str]],
    provinces: set[str],
    types: dict[str, set[str]],
    successors: dict[str, str] | None = None,
    largest: dict[str, str] | None = None,
) -> tuple[Selection, list[str]]:
    """Rebuild a selection from URL parameters; invalid values fall back to the default with a notice.

    Parameters
    ----------
    params : dict
        ``st.query_params`` as a plain dict of strings.
    catalogue : dict
        Known indicators.
    units : dict
        Border set -> known NIS codes.
    provinces : set
        Known province names.
    types : dict
        Typology -> allowed type values.
    successors : dict, optional
        Old 2019–2024 code -> 2025 code: on 2025 borders an old code selects its merged
        municipality (noted in ``merged_from``) instead of being refused.
    largest : dict, optional
        2025 code of a merged municipality -> its largest 2019–2024 part: on 2019–2024 borders
        the 2025 code selects that part (noted in ``merged_from``) instead of being refused.

    Returns
    -------
    (Selection, list of str)
        The selection and the names of the parameters that were refused (for a short Dutch notice;
        names are reduced to letters, digits, ``_`` and ``-``, at most 30 characters).
    """
    refused: list[str] = []
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for param, raw in params.items():
        verdict = _read_param(param, str(raw), catalogue, units, provinces, types)
        if verdict is _IGNORED:
            continue
        if verdict is _REFUSED:
            refused.append(_NAME_SHOWN.sub("", str(param))[:30] or "?")
        elif param in PAGE_PARAMS:
            extra[param] = verdict
        else:
            values[PARAMS[param]] = verdict
    if "layer" in values and "indicator" not in values:
        first = next((i.id for i in catalogue.values() if i.layer == values["layer"]), None)
        if first is None:
            refused.append("laag")
        else:
            values["indicator"] = first
    sel = replace(Selection(), **values, extra=extra)
    sel = _consistent(sel, catalogue, units, types, refused, successors or {}, largest or {})
    return sel, refused


_IGNORED, _REFUSED = object(), object()
"""Verdicts of :func:`_read_param` besides a value: leave out silently, or refuse with a notice."""


def _read_param(param, raw, catalogue, units, provinces, types) -> Any:
    """The parsed value of one URL parameter, or ``_IGNORED`` (tracking tags) or ``_REFUSED``."""
    if len(raw) > MAX_VALUE:
        return _REFUSED
    if param.lower().startswith(IGNORED_PREFIXES):
        return _IGNORED  # tracking tags added by mail and social media: not ours, no notice
    if param in PAGE_PARAMS:
        free = param in _FREE_TEXT_PARAMS and raw.strip() and raw.isprintable()
        return raw if free or _PAGE_VALUE.fullmatch(raw) else _REFUSED
    if param not in PARAMS:
        return _REFUSED
    ok, value = _parse(PARAMS[param], raw, catalogue, units, provinces, types)
    return value if ok else _REFUSED


def _parse(name, raw, catalogue, units, provinces, types) -> tuple[bool, Any]:
    simple = {
        "layer": LAYERS,
        "typology": TYPOLOGIES,
        "border_set": BORDER_SETS,
        "scheme": SCHEMES,
        "lang": LANGS,
    }
    if name in simple:
        return raw in simple[name], raw
    if name == "indicator":
        return raw in catalogue, raw
    if name in ("presentation", "contrast"):
        return raw in ("0", "1"), raw == "1"
    if name in ("k", "year"):
        ok = _ascii_int(raw) and (3 <= int(raw) <= 7 if name == "k" else 1900 <= int(raw) <= 2100)
        return ok, int(raw) if ok else None
    if name == "facets":
        parts = _split(raw)
        ok = all(_ascii_int(p) and int(p) in FACETS for p in parts)
        return ok, tuple(sorted({int(p) for p in parts})) if ok else ()
    if name == "provinces":
        parts = _split(raw)
        return all(p in provinces for p in parts), tuple(parts)
    if name == "types":
        parts = _split(raw)
        allowed = set().union(*types.values()) if types else set()
        return all(p in allowed for p in parts), tuple(parts)
    if name == "breaks":
        try:
            parts = tuple(float(p) for p in _split(raw))
        except ValueError:
            return False, ()
        low, high = BREAKS_COUNT
        ok = low <= len(parts) <= high
        ok = ok and all(a < b for a, b in zip(parts, parts[1:], strict=False))
        return ok and all(abs(p) < 1e12 for p in parts), parts
    if name == "selected":
        known = set().union(*units.values())
        return bool(_NIS.fullmatch(raw)) and raw in known, raw
    return False, None


def _ascii_int(text: str) -> bool:
    """Plain digits 0-9 only (``"²".isdigit()`` is True but ``int("²")`` fails)."""
    return text.isascii() and text.isdigit() and len(text) <= 6


def _consistent(sel, catalogue, units, types, refused, successors=None, largest=None) -> Selection:
    """Fix combinations that are individually valid but not together (a notice for each)."""
    ind = catalogue.get(sel.indicator)
    if ind is not None and ind.layer != sel.layer:
        sel = replace(sel, layer=ind.layer)
    if ind is not None and sel.year is not None and sel.year not in ind.years:
        refused.append("jaar")
        sel = replace(sel, year=None)
    if sel.types and not set(sel.types) <= types.get(sel.typology, set()):
        refused.append("type")
        sel = replace(sel, types=())
    if sel.scheme == "manual" and not sel.breaks:
        refused.append("schema")
        sel = replace(sel, scheme="quantiles")
    new = (successors or {}).get(sel.selected) if sel.border_set == "2025" else None
    if new and new in units.get("2025", set()):
        sel = replace(sel, selected=new, merged_from=sel.selected)
    elif (
        sel.border_set == "2019"
        and sel.selected not in units.get("2019", set())
        and (largest or {}).get(sel.selected)
    ):
        sel = replace(sel, selected=largest[sel.selected], merged_from=sel.selected)
    elif sel.selected and sel.selected not in units.get(sel.border_set, set()):
        sel = replace(sel, selected=None)
        refused.append("gemeente")
    return sel


def translate_selected(
    code: str | None, to_border_set: str, mapping_old_to_new: dict[str, str]
) -> str | None:
    """Carry a selected municipality across border sets.

    2019 → 2025: the 2025 municipality it merged into. 2025 → 2019: the same code when the
    municipality was not merged, else the old municipality whose code the merger kept (or None).
    """
    if code is None:
        return None
    if to_border_set == "2025":
        return mapping_old_to_new.get(code, code if code in mapping_old_to_new.values() else None)
    olds = [old for old, new in mapping_old_to_new.items() if new == code]
    if code in olds:
        return code
    return olds[0] if len(olds) == 1 else None
