"""The one locale service: UI strings and plurals, numbers and dates in Belgian Dutch (first) and
English, and one localised error.

- Strings live in ``locales/*.toml`` (tables ``[key]`` with ``nl = "..."`` and ``en = "..."``; keys are
  unique across files). :func:`t` looks one up, :func:`tn` picks the plural form (``key_one`` /
  ``key_other``, by Babel's plural rules). A missing key shows the key in the app, but raises
  :class:`MissingKey` under tests (``RURALDASH_STRICT_LOCALE=1``, set by ``tests/conftest.py``).
- Numbers and dates use Babel's locale data (``nl_BE``: ``1.234,5`` and ``14 augustus 2026``;
  ``en_GB``: ``1,234.5`` and ``14 August 2026``), never the system locale.
- A typed number is read by the one parser, :func:`ruraldash.io.numbers.parse_number` (Belgian and
  English forms; shared with the cells of uploaded files).
- :class:`LocalisedError` carries a string key and values and says itself in any language.
"""

from __future__ import annotations

import math
import os
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"
BABEL_LOCALES = {"nl": "nl_BE", "en": "en_GB"}
"""The Babel locale of each UI language (Belgian Dutch; British English writes ``14 August 2026``)."""
BRUSSELS = ZoneInfo("Europe/Brussels")
MISSING = {"nl": "geen gegevens", "en": "no data"}
STRICT_ENV = "RURALDASH_STRICT_LOCALE"
_DIR = Path(__file__).with_name("locales")
MINUS = "\u2212"
NBSP = "\u00a0"


class MissingKey(KeyError):
    """A string key that no locale file defines (raised only in strict mode, i.e. under tests)."""


# --- strings ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All strings, merged over the locale files; a duplicate key is an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.toml")):
        for key, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"duplicate string key {key!r} in {path.name}")
            merged[key] = entry
    return merged


def strict() -> bool:
    """True when a missing key must fail (tests) instead of showing the key (the app)."""
    return os.environ.get(STRICT_ENV) == "1"


def has(key: str) -> bool:
    """True when ``key`` is in the catalogue (for optional labels, e.g. a type without a name)."""
    return key in catalogue()


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Look up ``key`` in ``lang`` (falls back to Dutch) and fill ``{names}``.

    Raises
    ------
    MissingKey
        In strict mode, for a key no locale file defines (else the key itself is returned).
    """
    entry = catalogue().get(key)
    if entry is None:
        if strict():
            raise MissingKey(key)
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    return text.format(**values) if values else text


def label(key: str, lang: str = DEFAULT_LANG, default: str | None = None) -> str:
    """``t(key)`` when the key exists, else ``default`` (or the key): for open-ended code lists."""
    return t(key, lang) if has(key) else (key if default is None else default)


def plural_form(n: float, lang: str = DEFAULT_LANG) -> str:
    """Babel's plural category of ``n`` in ``lang``: ``one`` or ``other`` (for nl and en)."""
    return _locale(lang).plural_form(abs(n))


def tn(key: str, n: float, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The plural form of ``key`` for ``n`` (``key_one`` / ``key_other``); ``{n}`` is ``n``
    formatted for the language unless given."""
    form = f"{key}_{plural_form(n, lang)}"
    if not has(form):
        form = f"{key}_other"
    values.setdefault("n", number(n, 0 if float(n).is_integer() else 1, lang))
    return t(form, lang, **values)


# --- numbers and dates -------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANG]))


@lru_cache(maxsize=8)
def _marks(lang: str) -> dict[int, str]:
    """Babel's decimal and grouping symbols of ``lang`` as a translation of Python's ``.`` and ``,``."""
    symbols = _locale(lang).number_symbols["latn"]
    return str.maketrans({".": symbols["decimal"], ",": symbols["group"]})


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
        Digits after the decimal mark (rounded as Python rounds the float).
    lang : {"nl", "en"}
        ``nl`` gives ``1.234,5`` (Belgian), ``en`` gives ``1,234.5``; a minus is U+2212.
    unit : str, optional
        Appended after a non-breaking space (``12,3 %``, Belgian style).
    """
    if is_missing(value):
        return MISSING.get(lang, MISSING[DEFAULT_LANG])
    text = f"{float(value):,.{max(decimals, 0)}f}"  # type: ignore[arg-type]
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # no "-0,0"
    text = text.translate(_marks(lang))  # Babel's marks: 1.234,5 (nl_BE), 1,234.5 (en_GB)
    if text.startswith("-"):
        text = MINUS + text[1:]
    return f"{text}{NBSP}{unit}" if unit else text


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
    """A date in words: ``14 augustus 2026`` (nl) or ``14 August 2026`` (en)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "d MMMM y", locale=_locale(lang))


def stamp(moment: datetime, lang: str = "nl", seconds: bool = False) -> str:
    """A moment in Brussels time, ``06/12/2026 14:05`` (the Belgian numeric form in both languages)."""
    pattern = "dd/MM/y HH:mm" + (":ss" if seconds else "")
    return format_datetime(moment.astimezone(BRUSSELS), pattern, locale=_locale(lang))


def short_day(value: date, lang: str = "nl") -> str:
    """A date in the Belgian numeric form ``06/12/2026``."""
    return format_date(value, "dd/MM/y", locale=_locale(lang))


# --- one localised error ---------------------------------------------------------------------


class Term(str):
    """A value of a :class:`LocalisedError` that is itself a string key (translated when said)."""


class LocalisedError(Exception):
    """An error whose text comes from the string catalogue, in any language.

    Parameters
    ----------
    key : str
        The string key of the message.
    detail : str
        Technical detail (the driver's or the program's own words); shown only where the text
        has a ``{detail}`` slot.
    **values
        Filled into the text; integers are formatted for the language, :class:`Term` values are
        translated.
    """

    def __init__(self, key: str, *, detail: str = "", **values: object) -> None:
        self.key, self.detail, self.values = key, detail, values
        super().__init__(self.message(DEFAULT_LANG))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The user-facing text in ``lang``."""
        return t(self.key, lang, **self.filled(lang))

    def filled(self, lang: str = DEFAULT_LANG) -> dict[str, object]:
        """The values as the text shows them in ``lang``."""
        out: dict[str, object] = {"detail": self.detail}
        for name, value in self.values.items():
            if isinstance(value, Term):
                out[name] = t(str(value), lang)
            elif isinstance(value, int) and not isinstance(value, bool):
                out[name] = number(value, 0, lang)
            else:
                out[name] = value
        return out
