"""The UI string catalogue (kept for existing imports): everything lives in :mod:`ruraldash.core.locale`."""

from __future__ import annotations

from ruraldash.core.locale import (  # noqa: F401 (re-exported)
    DEFAULT_LANG,
    LANGS,
    MissingKey,
    catalogue,
    has,
    label,
    t,
    tn,
)
