"""The only package code importing streamlit: cached data, page chrome, sidebar, map rendering."""

from ruraldash.ui.base import atlas_or_stop, footer, page_setup, status_badge
from ruraldash.ui.state import current, set_selection, sync_url

__all__ = [
    "atlas_or_stop",
    "current",
    "footer",
    "page_setup",
    "set_selection",
    "status_badge",
    "sync_url",
]
