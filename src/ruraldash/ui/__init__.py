"""The only package code importing streamlit: cached data, page chrome, sidebar, map rendering."""

from .base import atlas_or_stop, ensure_navigation, footer, page_setup, status_badge
from .state import current, set_selection, sync_url

__all__ = [
    "atlas_or_stop",
    "ensure_navigation",
    "current",
    "footer",
    "page_setup",
    "set_selection",
    "status_badge",
    "sync_url",
]
