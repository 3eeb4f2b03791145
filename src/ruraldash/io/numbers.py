"""Numbers as people type them: Belgian (1.234,5) and international (1,234.5) forms, signs and units.

Pure functions, no pandas: used by the upload's value columns, the Gemeentefonds table and the budget
field, so that one cell means the same number everywhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_DOT_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d*[.,]\d+(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"\d+(?:[eE][+-]?\d+)?")
_SPACED = re.compile(r"[1-9]\d{0,2}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?")
_NUMBER_FORMS = (_INTEGER, AMBIGUOUS, _DOT_GROUPS, _COMMA_GROUPS, _PLAIN)
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?\b)\s*|\s*(?:€|eur(?:o)?)$", re.IGNORECASE)
NOT_APPLICABLE = frozenset(
    {"n.v.t.", "n.v.t", "nvt", "n.b.", "nb", "n/a", "na", "-", "--", "—", "–", "x", ".", "..", "?"}
)
SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)|#[\w/]+[!?]?", re.IGNORECASE)


@dataclass(frozen=True)
class Core:
    """A cell taken apart: the digits with their marks, the sign and the unit sign it carried."""

    digits: str
    sign: float
    unit: str | None  # "%", "€" or None


def numeric_core(text: str) -> Core:
    """Strip sign, percent, euro and digit-group spaces: ``"-1 234,5 %"`` -> ("1234,5", -1, "%")."""
    core = text.strip().replace("\u2212", "-")
    unit = None
    if core.endswith("%"):
        core, unit = core[:-1].strip(), "%"
    sign = 1.0
    if core[:1] in ("-", "+"):  # "-€ 5" as well as "€ -5"
        sign, core = (-1.0 if core[0] == "-" else 1.0), core[1:].strip()
    stripped = _CURRENCY.sub("", core).strip()
    if stripped != core and unit is None:
        core, unit = stripped, "€"
    if core[:1] in ("-", "+"):
        sign, core = sign * (-1.0 if core[0] == "-" else 1.0), core[1:].strip()
    if _SPACED.fullmatch(core):
        core = re.sub(r"[ \u00a0\u202f']", "", core)
    return Core(core, sign, unit)


def decimal_mark(digits: str) -> str | None:
    """The decimal mark a cell proves (None for integers and ambiguous '1.234')."""
    if not digits or _INTEGER.fullmatch(digits) or AMBIGUOUS.fullmatch(digits):
        return None
    if _DOT_GROUPS.fullmatch(digits):
        return ","
    if _COMMA_GROUPS.fullmatch(digits):
        return "."
    if _PLAIN.fullmatch(digits):
        return "," if "," in digits else "."
    return None


def is_number_form(digits: str) -> bool:
    """True when ``digits`` (from :func:`numeric_core`) has one of the number forms we read."""
    return any(p.fullmatch(digits) for p in _NUMBER_FORMS)


def to_float(digits: str, mark: str) -> float:
    """The value of ``digits`` with ``mark`` as decimal mark (the other mark groups thousands)."""
    plain = digits.replace(".", "").replace(",", ".") if mark == "," else digits.replace(",", "")
    return float(plain)


def cell_value(text: str, mark: str, core: Core | None = None) -> tuple[float, str | None]:
    """(value, problem code) of one cell; NaN for empty, 'n.v.t.', text and specials.

    Codes: ``not_applicable`` (n.v.t., -, x), ``special_value`` (inf, NaN, #DIV/0!),
    ``not_a_number`` (anything else that is not a number).
    """
    low = text.strip().lower()
    if not low:
        return math.nan, None
    if low in NOT_APPLICABLE:
        return math.nan, "not_applicable"
    if SPECIAL.fullmatch(low):
        return math.nan, "special_value"
    core = core or numeric_core(text)  # callers that took the cell apart already pass it
    if not is_number_form(core.digits):
        return math.nan, "not_a_number"
    value = core.sign * to_float(core.digits, decimal_mark(core.digits) or mark)
    return (value, None) if math.isfinite(value) else (math.nan, "special_value")


def looks_numeric(text: str) -> bool:
    """True for a cell that reads as a number (codes, amounts, percentages)."""
    value, _ = cell_value(text, ",")
    return not math.isnan(value)


def parse_number(text: str, lang: str = "nl") -> float | None:
    """One typed number (a form field): ``1.234,5``, ``1,234.5``, ``€ 12``, ``-3``; None if not.

    A lone ``1.234`` follows the language: 1234 in Dutch, 1.234 in English (and ``1,234`` the
    other way round).
    """
    value, code = cell_value(str(text), "," if lang == "nl" else ".")
    if code or math.isnan(value):
        return None
    core = numeric_core(str(text))
    if AMBIGUOUS.fullmatch(core.digits):
        grouping = "." if lang == "nl" else ","
        present = "." if "." in core.digits else ","
        decimal = ("," if present == "." else ".") if present == grouping else present
        value = core.sign * to_float(core.digits, decimal)
    return value


def number_text(value: float) -> str:
    """A number as text that the parser reads back exactly ("1.234" becomes "1.2340")."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    value = float(f"{value:.12g}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text + "0" if AMBIGUOUS.fullmatch(text.lstrip("-")) else text
