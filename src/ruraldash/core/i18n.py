"""The UI string catalogue: every label lives in ``locales/*.toml`` (one file per area), NL and EN.

Each file holds tables ``[key]`` with ``nl = "..."`` and ``en = "..."``. Keys are unique across files.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"
_DIR = Path(__file__).with_name("locales")


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


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Look up ``key`` in ``lang`` (falls back to Dutch, then to the key) and fill ``{names}``."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    return text.format(**values) if values else text
