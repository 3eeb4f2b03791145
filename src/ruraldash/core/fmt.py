"""Number and date formatting (kept for existing imports): everything lives in :mod:`ruraldash.core.locale`."""

from __future__ import annotations

from ruraldash.core.locale import (  # noqa: F401 (re-exported)
    MISSING,
    day,
    decimals_for,
    is_missing,
    number,
    short_day,
    signed,
    stamp,
)
