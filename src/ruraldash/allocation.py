"""Open Ruimtefonds (dotatie open ruimte): key, amounts, ceilings and scenario comparison.

The official rule: the 13 centrumsteden are excluded; the fund is divided pro rata the cadastral
open-space area; a municipality's grant is capped at 13 % (regional cities and coastal municipalities:
6 %) of its Gemeentefonds share of the previous year, increased by 3.5 %; what the ceilings hold back
is NOT redistributed. No per-municipality amounts are published in our sources, so everything computed
here is indicative, and "before ceilings" unless a Gemeentefonds table was uploaded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ruraldash.fmt import number
from ruraldash.i18n import t

BUDGET_DEFAULT_EUR = 123_400_000.0
"""Current fund (RINGtv, October 2024: "123,4 miljoen euro")."""
BUDGET_PLUS65_EUR = BUDGET_DEFAULT_EUR + 65_000_000.0
"""Scenario: the fund plus the 65 million euro announced by the Flemish Government (RINGtv, 2024)."""

COASTAL_DEFAULT: tuple[str, ...] = (
    "31004", "31043", "35002", "35011", "35013", "35029", "38008", "38014", "38016",
)  # fmt: skip
"""Coastal municipalities (kustgemeenten) of the Gemeentefonds, same codes on both border sets:
Blankenberge, Knokke-Heist, Bredene, Middelkerke, Oostende (a centrumstad, excluded anyway), De Haan,
De Panne, Koksijde, Nieuwpoort. Brugge (Zeebrugge) is a centrumstad; Zuienkerke has no coastline."""

REGIONAL_CITIES_DEFAULT: tuple[str, ...] = ()
"""Regional cities (regionale steden) with the reduced 6 % ceiling: deliberately EMPTY.

No authoritative list of the Gemeentefonds's regional cities is available offline, and guessing would
silently lower ceilings. The user ticks them in the UI's editable list; until then every non-coastal
municipality gets the normal 13 % ceiling.
"""

UNCHANGED_TOLERANCE_EUR = 0.5
"""Differences smaller than this (they show as 0 euro) count as unchanged in :func:`compare`."""


@dataclass
class CeilingResult:
    """Amounts after the ceilings (no redistribution of what the ceilings hold back)."""

    amounts: pd.Series
    capped: pd.Series
    undistributed_eur: float
    n_without_cap_data: int


@dataclass
class GemeentefondsUpload:
    """A parsed Gemeentefonds table: clean values plus everything that was left out and why."""

    values: pd.Series
    unknown_codes: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _keyed(values: pd.Series, dtype: str | None = None) -> pd.Series:
    """Copy with a string ``nis_code`` index (so int and str codes never silently misalign)."""
    out = values.copy()
    out.index = out.index.astype(str)
    out.index.name = "nis_code"
    return pd.to_numeric(out, errors="coerce").astype(float) if dtype == "float" else out


def _flags(values: pd.Series, index: pd.Index) -> pd.Series:
    """Nullable booleans aligned on ``index``; accepts bools, 0/1 and true/false/ja/nee text."""
    words = {"true": True, "1": True, "1.0": True, "ja": True, "yes": True,
             "false": False, "0": False, "0.0": False, "nee": False, "no": False}  # fmt: skip
    keyed = _keyed(values).reindex(index).astype(object)
    mapped = [words.get(str(v).strip().lower()) if pd.notna(v) else None for v in keyed]
    return pd.Series(mapped, index=index, dtype="boolean")


def key_shares(open_space_ha: pd.Series, centrumstad: pd.Series) -> pd.Series:
    """Each eligible municipality's share of the summed open space of all eligible municipalities.

    Parameters
    ----------
    open_space_ha : pd.Series
        Cadastral open-space area (ha) by nis_code; the index defines the municipalities.
    centrumstad : pd.Series
        True for the 13 centrumsteden (they get share 0.0).

    Returns
    -------
    pd.Series
        Fractions summing to 1 over the eligible municipalities with data. NaN where the area (or
        the centrumstad flag) is missing or negative: excluded from the denominator, see
        :func:`missing_key`. Never filled in.
    """
    area = _keyed(open_space_ha, "float")
    area = area.where(area >= 0)
    flag = _flags(centrumstad, area.index)
    is_centrum = flag.eq(True).fillna(False).astype(bool)
    eligible = flag.eq(False).fillna(False).astype(bool) & area.notna()
    shares = pd.Series(np.nan, index=area.index, dtype=float)
    shares[is_centrum] = 0.0
    total = float(area[eligible].sum())
    if total > 0:
        shares[eligible] = area[eligible] / total
    return shares


def missing_key(shares: pd.Series) -> list[str]:
    """NIS codes left out of the distribution because their key data are missing."""
    return [str(code) for code in shares.index[shares.isna()]]


def allocate(shares: pd.Series, budget_eur: float) -> pd.Series:
    """Amounts in EUR before ceilings (sum == budget when the shares sum to 1); NaN stays NaN."""
    return _keyed(shares, "float") * float(budget_eur)


def ceilings(
    gemeentefonds_prev_eur: pd.Series,
    reduced_cap: pd.Series,
    rate_normal: float = 0.13,
    rate_reduced: float = 0.06,
    growth: float = 0.035,
) -> pd.Series:
    """Ceiling in EUR: rate × previous-year Gemeentefonds share × (1 + growth).

    Parameters
    ----------
    gemeentefonds_prev_eur : pd.Series
        Gemeentefonds share of the previous year by nis_code (NaN/negative = unknown -> no cap).
    reduced_cap : pd.Series
        True for regional cities and coastal municipalities (6 %); missing counts as not reduced.
    """
    fonds = _keyed(gemeentefonds_prev_eur, "float")
    fonds = fonds.where(fonds >= 0)
    reduced = _flags(reduced_cap, fonds.index).fillna(False)
    rate = np.where(reduced.to_numpy(dtype=bool), rate_reduced, rate_normal)
    return fonds * rate * (1.0 + growth)


def apply_ceilings(amounts: pd.Series, caps: pd.Series) -> CeilingResult:
    """Cut every amount to its ceiling; NaN ceilings leave the amount uncapped (and are counted)."""
    before = _keyed(amounts, "float")
    cap = _keyed(caps, "float").reindex(before.index)
    has_cap = cap.notna()
    capped = (has_cap & before.gt(cap)).astype(bool)
    after = before.where(~capped, cap)
    return CeilingResult(
        amounts=after,
        capped=capped,
        undistributed_eur=float(before.sum() - after.sum()),
        n_without_cap_data=int((before.gt(0) & ~has_cap).sum()),
    )


def _ratio(amounts: pd.Series, denominator: pd.Series) -> pd.Series:
    num = _keyed(amounts, "float")
    den = _keyed(denominator, "float").reindex(num.index)
    return num / den.where(den > 0)


def per_inhabitant(amounts: pd.Series, population: pd.Series) -> pd.Series:
    """EUR per inhabitant (NaN where the population is missing or 0)."""
    return _ratio(amounts, population)


def per_hectare(amounts: pd.Series, open_space_ha: pd.Series) -> pd.Series:
    """EUR per hectare of open space (NaN where the area is missing or 0)."""
    return _ratio(amounts, open_space_ha)


def reduced_cap_flags(
    index: pd.Index, regional: tuple[str, ...] | list[str] = REGIONAL_CITIES_DEFAULT,
    coastal: tuple[str, ...] | list[str] = COASTAL_DEFAULT,
) -> pd.Series:  # fmt: skip
    """True for the municipalities in ``index`` on the (user-edited) regional or coastal list."""
    codes = pd.Index(index).astype(str)
    listed = {str(c) for c in (*regional, *coastal)}
    return pd.Series(codes.isin(listed), index=codes.rename("nis_code"), dtype=bool)


def compare(
    a: pd.Series, b: pd.Series, groups: pd.Series, tolerance_eur: float = UNCHANGED_TOLERANCE_EUR
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare two allocations (B − A) per municipality and per group.

    Returns
    -------
    (per_municipality, per_group)
        ``per_municipality``: columns a, b, diff_eur, diff_pct (NaN where A is 0 or missing),
        change ("gain"/"loss"/"same"/NaN when A or B is missing), group.
        ``per_group``: sum_a, sum_b, diff_eur, n_gain, n_loss, n_same, n_missing.
    """
    left, right = _keyed(a, "float"), _keyed(b, "float")
    index = left.index.union(right.index)
    frame = pd.DataFrame({"a": left.reindex(index), "b": right.reindex(index)})
    frame["diff_eur"] = frame["b"] - frame["a"]
    frame["diff_pct"] = frame["diff_eur"] / frame["a"].where(frame["a"] != 0) * 100.0
    diff = frame["diff_eur"]
    change = np.select(
        [diff > tolerance_eur, diff < -tolerance_eur, diff.abs() <= tolerance_eur],
        ["gain", "loss", "same"],
        default=None,
    )
    frame["change"] = pd.Series(change, index=index, dtype=object)
    frame["group"] = _keyed(groups).reindex(index)
    flags = frame.assign(
        n_gain=frame["change"].eq("gain"),
        n_loss=frame["change"].eq("loss"),
        n_same=frame["change"].eq("same"),
        n_missing=frame["change"].isna(),
    )
    summary = flags.groupby("group", dropna=False, sort=True).agg(
        sum_a=("a", "sum"), sum_b=("b", "sum"), diff_eur=("diff_eur", "sum"),
        n_gain=("n_gain", "sum"), n_loss=("n_loss", "sum"), n_same=("n_same", "sum"),
        n_missing=("n_missing", "sum"),
    )  # fmt: skip
    return frame, summary


def scenario(
    open_space_ha: pd.Series,
    centrumstad: pd.Series,
    budget_eur: float = BUDGET_DEFAULT_EUR,
    gemeentefonds_prev_eur: pd.Series | None = None,
    reduced_cap: pd.Series | None = None,
    population: pd.Series | None = None,
    rates: tuple[float, float, float] = (0.13, 0.06, 0.035),
) -> pd.DataFrame:
    """Chain key -> amounts -> ceilings -> ratios for one budget.

    Parameters
    ----------
    rates : (normal, reduced, growth)
        Ceiling rates; only used when ``gemeentefonds_prev_eur`` is given.

    Returns
    -------
    pd.DataFrame
        Index nis_code; columns share, amount_before_caps, cap, amount, capped, per_inhabitant,
        per_ha. Without a Gemeentefonds table, cap is NaN and amount == amount_before_caps.
    """
    shares = key_shares(open_space_ha, centrumstad)
    before = allocate(shares, budget_eur)
    if gemeentefonds_prev_eur is None:
        caps = pd.Series(np.nan, index=before.index, dtype=float)
    else:
        flags = reduced_cap if reduced_cap is not None else reduced_cap_flags(before.index)
        caps = ceilings(gemeentefonds_prev_eur, flags, *rates).reindex(before.index)
    result = apply_ceilings(before, caps)
    people = population if population is not None else pd.Series(np.nan, index=before.index)
    return pd.DataFrame(
        {
            "share": shares,
            "amount_before_caps": before,
            "cap": caps,
            "amount": result.amounts,
            "capped": result.capped,
            "per_inhabitant": per_inhabitant(result.amounts, people),
            "per_ha": per_hectare(result.amounts, open_space_ha),
        }
    )


def scenario_notes(frame: pd.DataFrame, budget_eur: float, lang: str = "nl") -> list[str]:
    """User-facing notes for a :func:`scenario` result: status, exclusions, ceilings, held back."""
    active = frame["amount_before_caps"].gt(0)
    no_cap = int((active & frame["cap"].isna()).sum())
    with_caps = bool((active & frame["cap"].notna()).any())
    notes = [t("orf_status_capped" if with_caps else "orf_status_indicative", lang)]
    missing = missing_key(frame["share"])
    if missing:
        notes.append(t("orf_note_missing_key", lang, n=len(missing), codes=", ".join(missing)))
    if with_caps:
        held_back = budget_eur - float(frame["amount"].sum())
        amount = number(held_back, 0, lang, "euro")
        notes.append(t("orf_note_capped", lang, n=int(frame["capped"].sum()), amount=amount))
        if no_cap:
            notes.append(t("orf_note_no_cap_data", lang, n=no_cap))
    return notes


# --- Gemeentefonds upload (CSV) ---------------------------------------------------------------

_CODE_HEADERS = {"niscode", "nis"}
_AMOUNT_HEADERS = ("gemeentefonds", "bedrag", "amount")
_CODE = re.compile(r"(\d{5})(?:\.0+)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_THOUSANDS_ONLY = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")
_LISTED = 10


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


_Rows = list[tuple[int, list[str]]]


def _rows(text: str) -> tuple[str, _Rows]:
    """Delimiter (the one on most of the first lines) and (line number, cells) per CSV record."""
    sample = [line for line in text.splitlines() if line.strip()][:20]
    counts = {d: sum(d in line for line in sample) for d in (";", "\t", ",")}
    delimiter = max(counts, key=counts.__getitem__)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return delimiter, [(reader.line_num, [cell.strip() for cell in row]) for row in reader]


def _header_key(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _clean_number(text: str) -> str:
    return re.sub(r"\s|€|eur", "", text, flags=re.IGNORECASE).replace("\u2212", "-")


def _column_mark(cells: list[str], fallback: str) -> str:
    """Decimal mark of a column: cells like 1.234,5 or 12,5 vote; 1,234 alone is ambiguous."""
    votes = {",": 0, ".": 0}
    for cell in map(_clean_number, cells):
        if "," in cell and "." in cell:
            votes["," if cell.rfind(",") > cell.rfind(".") else "."] += 1
        elif max(cell.count(","), cell.count(".")) > 1:
            votes["." if cell.count(",") > 1 else ","] += 1
        elif ("," in cell or "." in cell) and not _THOUSANDS_ONLY.fullmatch(cell):
            votes["," if "," in cell else "."] += 1
    return fallback if votes[","] == votes["."] else max(votes, key=votes.__getitem__)


def _to_number(text: str, mark: str) -> float | None:
    cell = _clean_number(text)
    if "," in cell and "." in cell:
        mark = "," if cell.rfind(",") > cell.rfind(".") else "."
    elif max(cell.count(","), cell.count(".")) > 1:
        mark = "." if cell.count(",") > 1 else ","
    cell = cell.replace("." if mark == "," else ",", "").replace(mark, ".")
    return float(cell) if _NUMBER.fullmatch(cell) else None


def _cell(cells: list[str], col: int) -> str:
    return cells[col] if col < len(cells) else ""


def _amount_column(header: list[str], code_col: int, data: list[list[str]], lang: str) -> int | str:
    """Index of the amount column, or a (translated) message why none could be chosen."""
    others = [i for i in range(len(header)) if i != code_col]
    named = [i for i in others if _header_key(header[i]).startswith(_AMOUNT_HEADERS)]
    if not named:
        named = [i for i in others if _mostly_numeric([_cell(r, i) for r in data])]
    if len(named) == 1:
        return named[0]
    if not named:
        return t("orf_up_no_amount_col", lang)
    return t("orf_up_ambiguous_amount_col", lang, columns=", ".join(header[i] for i in named))


def _mostly_numeric(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and sum(_to_number(c, ".") is not None for c in filled) * 2 >= len(filled)


def _listing(items: list[str], lang: str) -> str:
    text = ", ".join(items[:_LISTED])
    return text + t("orf_up_more", lang, n=len(items) - _LISTED) if len(items) > _LISTED else text


def _shown(value: str) -> str:
    return value if len(value) <= 30 else value[:29] + "…"


def parse_gemeentefonds_table(
    raw: bytes, known_codes: set[str], names: dict[str, str] | None = None, lang: str = "nl"
) -> GemeentefondsUpload:
    """Read a user's CSV of previous-year Gemeentefonds shares; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        CSV with ``,``, ``;`` or tab separators, decimal comma or point, thousands separators
        (``1.234.567,89``), UTF-8 (with/without BOM), UTF-16 or cp1252.
    known_codes : set of str
        NIS codes of the current border set; other codes (Brussels, Wallonia, ...) are left out.
    names : dict, optional
        nis_code -> name, to show names next to codes in the messages.

    Returns
    -------
    GemeentefondsUpload
        ``values`` (EUR by nis_code) plus what was left out and why, and ``messages`` in ``lang``.
    """
    upload = GemeentefondsUpload(values=pd.Series(dtype=float, name="gemeentefonds"))
    upload.values.index.name = "nis_code"
    if not raw or not raw.strip():
        upload.messages.append(t("orf_up_empty", lang))
    elif raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        upload.messages.append(t("orf_up_excel", lang))
    else:
        try:
            delimiter, rows = _rows(_decode(raw))
            fallback_mark = "." if delimiter == "," else ","
            _fill(upload, rows, fallback_mark, {str(c) for c in known_codes}, names or {}, lang)
        except csv.Error as err:
            upload.messages.append(t("orf_up_unreadable", lang, error=str(err)))
    return upload


def _fill(
    upload: GemeentefondsUpload,
    rows: _Rows,
    fallback_mark: str,
    known: set[str],
    names: dict[str, str],
    lang: str,
) -> None:
    """Pick the columns, sort every row into kept / unknown / duplicate / invalid, add messages."""
    rows = [(line, cells) for line, cells in rows if any(cells)]
    start = next(
        (
            k
            for k, (_, cells) in enumerate(rows[:20])
            if _CODE_HEADERS & set(map(_header_key, cells))
        ),
        None,
    )
    if start is None:
        upload.messages.append(t("orf_up_no_code_col", lang))
        return
    header, data = rows[start][1], rows[start + 1 :]
    code_col = next(i for i, cell in enumerate(header) if _header_key(cell) in _CODE_HEADERS)
    amount_col = _amount_column(header, code_col, [cells for _, cells in data], lang)
    if isinstance(amount_col, str):
        upload.messages.append(amount_col)
        return
    by_code: dict[str, list[tuple[int, str]]] = {}
    for line, cells in data:
        match = _CODE.fullmatch(_cell(cells, code_col))
        if match is None:
            reason = t("orf_up_reason_code", lang, value=_shown(_cell(cells, code_col)))
            upload.invalid_rows.append((line, reason))
        else:
            by_code.setdefault(match.group(1), []).append((line, _cell(cells, amount_col)))
    upload.unknown_codes = sorted(c for c in by_code if c not in known)
    upload.duplicates = sorted(c for c, hits in by_code.items() if c in known and len(hits) > 1)
    singles = {c: hits[0] for c, hits in by_code.items() if c in known and len(hits) == 1}
    mark = _column_mark([cell for _, cell in singles.values()], fallback_mark)
    values: dict[str, float] = {}
    for code, (line, cell) in singles.items():
        amount = _to_number(cell, mark) if cell else None
        if amount is not None and amount >= 0:
            values[code] = amount
            continue
        key = "orf_up_reason_empty" if not cell else "orf_up_reason_not_numeric"
        key = "orf_up_reason_negative" if amount is not None else key
        upload.invalid_rows.append((line, t(key, lang, value=_shown(cell))))
    upload.invalid_rows.sort()
    upload.values = pd.Series(values, dtype=float, name="gemeentefonds").sort_index()
    upload.values.index.name = "nis_code"
    _report(upload, known, names, header[amount_col], lang)


def _report(
    upload: GemeentefondsUpload, known: set[str], names: dict[str, str], column: str, lang: str
) -> None:
    def label(code: str) -> str:
        return f"{code} ({names[code]})" if code in names else code

    msgs = upload.messages
    if len(upload.values):
        msgs.append(t("orf_up_read", lang, n=len(upload.values), column=column))
    else:
        msgs.append(t("orf_up_no_rows", lang))
    if upload.unknown_codes:
        listed = _listing(upload.unknown_codes, lang)
        msgs.append(t("orf_up_unknown", lang, n=len(upload.unknown_codes), codes=listed))
    if upload.duplicates:
        listed = _listing([label(c) for c in upload.duplicates], lang)
        msgs.append(t("orf_up_duplicates", lang, n=len(upload.duplicates), codes=listed))
    if upload.invalid_rows:
        rows = [t("orf_up_line", lang, line=line, reason=why) for line, why in upload.invalid_rows]
        msgs.append(t("orf_up_invalid", lang, n=len(rows), rows=_listing(rows, lang)))
    absent = sorted(known - set(upload.values.index))
    if absent and len(upload.values):
        listed = _listing([label(c) for c in absent], lang)
        msgs.append(t("orf_up_absent", lang, n=len(absent), codes=listed))
