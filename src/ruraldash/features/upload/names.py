"""Municipality names and NIS codes as people write them, and the reference they are looked up in.

Part of the upload flow (see :mod:`ruraldash.features.upload`); used by :mod:`ruraldash.features.upload.match`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from ruraldash.features.upload.base import BORDER_SETS, Limits
from ruraldash.features.upload.exonyms import EXONYMS

_AGGREGATES = ("totaal", "total", "vlaanderen", "vlaamsgewest", "belgie", "provincie", "arrondis")


def normalise_name(text: str) -> str:
    """Key for tolerant name matching: case, accents, hyphens, apostrophes, spaces, 'St.' = 'Sint'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    tokens = ["sint" if tok in ("st", "ste") else tok for tok in re.findall(r"[^\W_]+", plain)]
    while len(tokens) > 1 and tokens[0] in ("gemeente", "stad"):
        tokens = tokens[1:]
    return "".join(tokens)


_EXONYM_KEYS = {normalise_name(k): normalise_name(v) for k, v in EXONYMS.items()}


def as_code(text: str) -> str | None:
    """A 5-digit NIS code from ``"11001"``, ``"11001.0"`` or ``" 11001 "``; None otherwise."""
    found = re.fullmatch(r"'?(\d{5})(?:[.,]0+)?", str(text).strip())
    return found.group(1) if found else None


@dataclass(frozen=True)
class Reference:
    """The municipalities of both border sets, ready for lookups (see :func:`reference`)."""

    display: dict[str, dict[str, str]]  # border set -> code -> name
    names: dict[str, dict[str, str]]  # border set -> normalised name -> code
    to_2025: dict[str, str]
    predecessors: dict[str, tuple[str, ...]]  # 2025 code -> its 2019-2024 codes
    totals: dict[str, int]


def reference(units: pd.DataFrame, mapping: pd.DataFrame) -> Reference:
    """Build the lookup tables from ``units`` (nis_code, name, border_set) and the merger map."""
    display: dict[str, dict[str, str]] = {bs: {} for bs in BORDER_SETS}
    for code, name, bs in zip(units["nis_code"], units["name"], units["border_set"], strict=True):
        display.setdefault(str(bs), {})[as_code(str(code)) or str(code)] = str(name)
    old = [as_code(str(c)) or str(c) for c in mapping["nis_code_2019_2024"]]
    new = [as_code(str(c)) or str(c) for c in mapping["nis_code_2025"]]
    for codes, names, bs in (
        (old, mapping["name_2019_2024"], "2019"),
        (new, mapping["name_2025"], "2025"),
    ):
        for code, name in zip(codes, names, strict=True):
            display[bs].setdefault(code, str(name))
    predecessors: dict[str, list[str]] = defaultdict(list)
    for o, n in zip(old, new, strict=True):
        predecessors[n].append(o)
    totals = units["border_set"].astype(str).value_counts()
    return Reference(
        display=display,
        names={bs: {normalise_name(n): c for c, n in d.items()} for bs, d in display.items()},
        to_2025=dict(zip(old, new, strict=True)),
        predecessors={k: tuple(v) for k, v in predecessors.items()},
        totals={bs: int(totals.get(bs, 0)) or len(display[bs]) for bs in BORDER_SETS},
    )


def lookup(text: str, ref: Reference, limits: Limits) -> tuple[dict[str, str], str | None]:
    """Candidate codes per border set for one cell, or the reason there are none."""
    value = text.strip()
    if not value:
        return {}, "empty_municipality"
    if code := as_code(value):
        hits = {bs: code for bs in BORDER_SETS if code in ref.display[bs]}
        return hits, None if hits else _region_reason(code)
    if len(value) > limits.max_name_length:
        return {}, "name_too_long"
    key = normalise_name(value)
    hits = {bs: ref.names[bs][key] for bs in BORDER_SETS if key in ref.names[bs]}
    if not hits and key in _EXONYM_KEYS:
        dutch = _EXONYM_KEYS[key]
        hits = {bs: ref.names[bs][dutch] for bs in BORDER_SETS if dutch in ref.names[bs]}
        return hits, "exonym" if hits else "name_unknown"
    aggregate = key.startswith(_AGGREGATES)
    return hits, None if hits else ("aggregate_row" if aggregate else "name_unknown")


_WALLOON = re.compile(r"25|5[1-8]|6[1-4]|8[1-5]|9[1-3]")  # arrondissement prefixes


def _region_reason(code: str) -> str:
    if code.startswith("21"):
        return "code_brussels"
    return "code_walloon" if _WALLOON.match(code) else "code_unknown"
