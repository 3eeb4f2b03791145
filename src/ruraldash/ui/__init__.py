"""The only package code importing streamlit: cached data, page chrome, sidebar, map rendering.

The names below load on first use (PEP 562), so that ``ruraldash.ui.navigation`` can run before
the heavy modules (pandas, geopandas, the views) are imported: a page file hands a legacy-mode
run over to ``app.py`` first (see :mod:`ruraldash.ui.navigation`).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "atlas_or_stop": "base",
    "footer": "base",
    "page_setup": "base",
    "status_badge": "base",
    "current": "state",
    "set_selection": "state",
    "sync_url": "state",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import ``ruraldash.ui.<module>`` when one of its exported names is first used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ruraldash.ui' has no attribute {name!r}")
    return getattr(import_module(f"ruraldash.ui.{module}"), name)
