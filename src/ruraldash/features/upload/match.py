"""Municipality matching: NIS codes or names of either border set onto the layer's border set.

Part of the upload flow (see :mod:`ruraldash.features.upload`); unknown names get suggestions, mergers are
listed for the caller to aggregate, nothing raises on bad input.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.features.upload.base import (
    BORDER_SETS,
    ERROR,
    INFO,
    LIMITS,
    WARNING,
    Limits,
    Message,
    make_message,
    row_numbers,
    shorten,
)
from ruraldash.features.upload.names import Reference, as_code, lookup, normalise_name, reference
from ruraldash.features.upload.values import cell_str

SUGGEST_MAX = 200  # distinct unknown names that get difflib suggestions


def _translate(
    hits: dict[str, str], source: str, target: str, ref: Reference
) -> tuple[tuple[str, str], str | None, str | None]:
    """(identity in the file's border set, code in the target set or None, reason)."""
    bs = source if source in hits else next(iter(hits))
    ident = (bs, hits[bs])
    if bs == target:
        return ident, hits[bs], None
    if target == "2025":
        new = ref.to_2025.get(hits[bs])
        return ident, new, None if new else "code_unknown"
    preds = ref.predecessors.get(hits[bs], ())
    if len(preds) == 1:
        return ident, preds[0], None
    return ident, None, "merged_in_2019_mode" if preds else "code_unknown"


@dataclass(frozen=True)
class Unmatched:
    """A row whose municipality was not found: reason code and up to 3 suggested names."""

    row: int
    value: str
    code: str
    suggestions: tuple[str, ...] = ()


@dataclass
class MatchResult:
    """Per input row the target-set NIS code (or None), plus what went wrong and the coverage.

    ``merged`` maps a 2025 code to the rows of its 2019–2024 parts (to aggregate);
    ``merged_incomplete`` maps such a code to the 2019–2024 codes missing from the file.
    """

    codes: pd.Series
    target_border_set: str
    source_border_set: str
    unmatched: list[Unmatched]
    duplicates: dict[str, list[int]]
    merged: dict[str, list[int]]
    merged_incomplete: dict[str, tuple[str, ...]]
    matched: int
    total: int
    notes: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """Share of the target border set's municipalities found (0..1)."""
        return self.matched / self.total if self.total else 0.0


def match_municipalities(
    values: pd.Series,
    units: pd.DataFrame,
    mapping: pd.DataFrame,
    target_border_set: str,
    lang: str = "nl",
    limits: Limits = LIMITS,
) -> MatchResult:
    """Match NIS codes or names to the municipalities of ``target_border_set`` ("2019"/"2025").

    Parameters
    ----------
    values : pandas.Series
        Codes ("11001", "11001.0") or names, index = row numbers.
    units : pandas.DataFrame
        ``nis_code``, ``name``, ``border_set`` of both border sets.
    mapping : pandas.DataFrame
        ``nis_code_2019_2024``, ``name_2019_2024``, ``nis_code_2025``, ``name_2025``.
    target_border_set : {"2019", "2025"}
        Borders of the layer. In "2025" mode old codes and names map onto their 2025
        municipality and merging rows are listed in ``merged`` (the caller aggregates them); in
        "2019" mode a 2025 code maps back only when the municipality did not merge.
    lang, limits
        Message language; bounds (name length).
    """
    target = str(target_border_set)
    if target not in BORDER_SETS:
        codes = pd.Series([None] * len(values), index=values.index, dtype=object, name="nis_code")
        problem = make_message(ERROR, "border_set_invalid", lang, value=shorten(target))
        return MatchResult(codes, target, target, [], {}, {}, {}, 0, 0, messages=[problem])
    return match_reference(values, reference(units, mapping), target, lang, limits)


def match_reference(
    values: pd.Series,
    ref: Reference,
    target: str,
    lang: str,
    limits: Limits,
    corrections: dict[str, str] | None = None,
) -> MatchResult:
    """:func:`match_municipalities` against a prepared :class:`Reference` (target already checked).

    ``corrections`` maps a cell text to the name the user accepted for it (a suggestion).
    """
    corrections = corrections or {}
    texts = [cell_str(v) for v in values]
    looked = [lookup(corrections.get(s.strip(), s), ref, limits) for s in texts]
    other = BORDER_SETS[1 - BORDER_SETS.index(target)]
    counts = Counter(bs for hits, _ in looked for bs in hits)
    source = other if counts[other] > counts[target] else target  # the border set the file uses
    codes, unmatched, members = [], [], defaultdict(list)
    notes: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    suggest = _Suggester(ref, target)
    for row, text, (hits, reason) in zip(row_numbers(values.index), texts, looked, strict=True):
        ident, code = None, None
        if hits:
            note = "exonyms" if reason == "exonym" else None
            ident, code, reason = _translate(hits, source, target, ref)
            if code is not None:
                _note(notes, note, row, text, ident, code, ref, target, corrections)
        codes.append(code)
        if code is None:
            value = text[: limits.max_name_length]
            unmatched.append(Unmatched(row, value, reason, suggest(value, reason, ident)))
        else:
            members[code].append((row, ident))
    duplicates, merged, incomplete = _groups(members, ref, target)
    series = pd.Series(codes, index=values.index, dtype=object, name="nis_code")
    result = MatchResult(
        series,
        target,
        source,
        unmatched,
        duplicates,
        merged,
        incomplete,
        len(members),
        ref.totals[target],
        notes=dict(notes),
    )
    result.messages = _match_messages(result, ref, lang)
    return result


def _note(notes, note, row, text, ident, code, ref: Reference, target: str, corrections) -> None:
    """Remember how a row was matched when it was not plainly: exonym, old name, correction."""
    name = ref.display[target].get(code, code)
    if text.strip() in corrections:
        notes["suggestions_accepted"].append((row, text, name))
    elif note:
        notes[note].append((row, text, name))
    elif target == "2025" and ident[0] == "2019" and not as_code(text):
        if normalise_name(text) != normalise_name(name):
            notes["old_names"].append((row, text, name))


class _Suggester:
    """Up to 3 close names (difflib on normalised names) for an unknown name, cached."""

    def __init__(self, ref: Reference, target: str) -> None:
        sets = BORDER_SETS if target == "2025" else (target,)
        self.ref = ref
        self.names = {normalise_name(n): n for bs in sets for n in ref.display[bs].values()}
        self.cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, value: str, reason: str | None, ident: tuple | None) -> tuple[str, ...]:
        if reason == "merged_in_2019_mode":  # the 2019-2024 parts of this 2025 municipality
            return tuple(
                self.ref.display["2019"].get(c, c) for c in self.ref.predecessors.get(ident[1], ())
            )
        if reason != "name_unknown":
            return ()
        key = normalise_name(value)
        if key not in self.cache and len(self.cache) < SUGGEST_MAX:
            close = difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.6)
            self.cache[key] = tuple(dict.fromkeys(self.names[k] for k in close))
        return self.cache.get(key, ())


def _groups(
    members: dict[str, list[tuple[int, tuple[str, str]]]], ref: Reference, target: str
) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, tuple[str, ...]]]:
    """Split rows sharing a target code into duplicates and (2019 parts of) mergers."""
    duplicates, merged, incomplete = {}, {}, {}
    for code, group in members.items():
        idents = [ident for _, ident in group]
        preds = ref.predecessors.get(code, ())
        via_merger = target == "2025" and len(preds) > 1 and all(i[0] == "2019" for i in idents)
        if len(set(idents)) < len(idents) or (len(group) > 1 and not via_merger):
            duplicates[code] = [row for row, _ in group]
        elif via_merger:
            merged[code] = [row for row, _ in group]
            missing = tuple(c for c in preds if ("2019", c) not in idents)
            if missing:
                incomplete[code] = missing
    return duplicates, merged, incomplete


def _match_messages(result: MatchResult, ref: Reference, lang: str) -> list[Message]:
    names, old = ref.display[result.target_border_set], ref.display["2019"]
    grouped: dict[str, list[Unmatched]] = defaultdict(list)
    for item in result.unmatched:
        grouped[item.code].append(item)
    messages = []
    for code, items in grouped.items():
        level = INFO if code in ("empty_municipality", "aggregate_row") else WARNING
        examples = ", ".join(_example(i, lang) for i in items[:3]) + (
            " …" if len(items) > 3 else ""
        )
        messages.append(
            make_message(level, code, lang, rows=[i.row for i in items], examples=examples)
        )
    for code, rows in result.duplicates.items():
        messages.append(
            make_message(
                ERROR, "duplicate_municipality", lang, rows=rows, name=names.get(code, code)
            )
        )
    for code, rows in result.merged.items():
        parts = ", ".join(old.get(c, c) for c in ref.predecessors[code])
        messages.append(
            make_message(WARNING, "merged_rows", lang, rows=rows, name=names[code], parts=parts)
        )
    for code, missing in result.merged_incomplete.items():
        absent = ", ".join(old.get(c, c) for c in missing)
        messages.append(
            make_message(WARNING, "merged_incomplete", lang, name=names[code], missing=absent)
        )
    for code, items in result.notes.items():
        examples = ", ".join(f"“{shorten(v, 40)}” → {n}" for _, v, n in items[:3])
        examples += " …" if len(items) > 3 else ""
        rows = [r for r, _, _ in items]
        messages.append(make_message(INFO, code, lang, rows=rows, examples=examples))
    messages.append(_coverage_message(result, lang))
    return messages


LOW_COVERAGE = 0.5
"""Below this share of the border set's municipalities the coverage is a warning: most of the map
stays empty (a province's file, or a file cut short), and the user is asked whether that is meant."""


def _coverage_message(result: MatchResult, lang: str) -> Message:
    """``X van de Y gemeenten gevonden``: information, or a warning naming the border set when
    fewer than half were found."""
    values = {
        "matched": number(result.matched, 0, lang),
        "total": number(result.total, 0, lang),
        "share": number(100 * result.coverage, 1, lang, "%"),
    }
    if result.coverage >= LOW_COVERAGE:
        return make_message(INFO, "coverage", lang, **values)
    borders = t(f"border_short_{result.target_border_set}", lang)
    missing = number(result.total - result.matched, 0, lang)
    return make_message(WARNING, "low_coverage", lang, borders=borders, missing=missing, **values)


def _example(item: Unmatched, lang: str) -> str:
    value = shorten(item.value, 40)
    if not item.suggestions:
        return t("upload_example", lang, value=value, row=item.row)
    key = "upload_example_suggest" if item.code == "name_unknown" else "upload_example_merged"
    return t(key, lang, value=value, row=item.row, names=" / ".join(item.suggestions))
