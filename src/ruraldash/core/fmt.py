"""Number and date formatting: nl-BE (1.234,5) by default, en (1,234.5) as second language."""

from __future__ import annotations

import math
from datetime import date, datetime

MISSING = {"nl": "geen gegevens", "en": "no data"}
_MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def is_missing(value: object) -> bool:
    """True for None, NaN and ±inf (never shown as a number)."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: object, decimals: int = 0, lang: str = "nl", unit: str | None = None) -> str:
    """Format a number with grouping in the language's convention.

    Parameters
    ----------
    value : number or None
        Missing values (None, NaN, inf) become "geen gegevens" / "no data".
    decimals : int
        Digits after the decimal mark.
    lang : {"nl", "en"}
        ``nl`` gives ``1.234,5`` (Belgian), ``en`` gives ``1,234.5``.
    unit : str, optional
        Appended after a (non-breaking) space; ``%`` is attached Belgian-style with a space too.
    """
    if is_missing(value):
        return MISSING.get(lang, MISSING["nl"])
    text = f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return f"{text}\u00a0{unit}" if unit else text


def signed(value: object, decimals: int = 0, lang: str = "nl", unit: str | None = None) -> str:
    """Like :func:`number` but always shows the sign (``+1.234``, ``−56``)."""
    text = number(value, decimals, lang, unit)
    if not is_missing(value) and float(value) > 0:  # type: ignore[arg-type]
        text = "+" + text
    return text


def decimals_for(values: list[float] | tuple[float, ...], default: int = 1) -> int:
    """Pick a sensible number of decimals for a class break list (0 for large numbers)."""
    finite = [abs(v) for v in values if not is_missing(v)]
    if not finite:
        return default
    top = max(finite)
    if top >= 1000:
        return 0
    if top >= 10:
        return min(default, 1)
    return max(default, 2)


def day(value: date | datetime | str, lang: str = "nl") -> str:
    """Format a date: ``14 augustus 2026`` (nl) or ``14 August 2026`` (en)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if lang == "nl":
        return f"{value.day} {_MONTHS_NL[value.month - 1]} {value.year}"
    return value.strftime("%-d %B %Y")
