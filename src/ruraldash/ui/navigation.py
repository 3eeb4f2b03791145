"""The app's pages and router: Dutch slugs, titles in the UI language, deep links from the first request.

The project keeps its page files in the top-level ``pages/`` folder. Streamlit treats a ``pages/``
folder next to the entry point as its legacy multipage mode until some session has called
``st.navigation`` ("as soon as any session of your app executes the st.navigation command, your app
will ignore the pages/ directory", Streamlit docs). So the very first request after a server start,
when it is a deep link (``/profiel?gemeente=12021``), runs the page file without ``app.py``. The page
then notices that the router did not run (:func:`ensure_router`) and hands over to ``app.py`` with
``st.switch_page``, carrying the intended page in the ``pagina`` query parameter; ``app.py`` calls
``st.navigation`` and switches to that page. Only public Streamlit API is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from ruraldash.core.config import ROOT
from ruraldash.core.i18n import t

ROUTER_KEY = "rd_router"
PAGE_PARAM = "pagina"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file in ``pages/``, title key, icon and Dutch URL slug."""

    file: str
    title_key: str
    icon: str
    slug: str


PAGES = (
    PageSpec("pages/kaart.py", "nav_map", ":material/map:", "kaart"),
    PageSpec("pages/profiel.py", "nav_profile", ":material/location_city:", "profiel"),
    PageSpec("pages/vergelijken.py", "nav_compare", ":material/compare_arrows:", "vergelijken"),
    PageSpec("pages/index.py", "nav_index", ":material/functions:", "index"),
    PageSpec("pages/openruimtefonds.py", "nav_orf", ":material/park:", "openruimtefonds"),
    PageSpec("pages/monitor.py", "nav_monitor", ":material/monitoring:", "monitor"),
    PageSpec("pages/plattelandstoets.py", "nav_toets", ":material/balance:", "plattelandstoets"),
    PageSpec("pages/notities.py", "nav_notes", ":material/edit_note:", "notities"),
    PageSpec("pages/eigen_gegevens.py", "nav_upload", ":material/upload_file:", "eigen-gegevens"),
    PageSpec("pages/bronnen.py", "nav_sources", ":material/menu_book:", "bronnen"),
)
START = "kaart"
"""The start page: served at ``/`` and, as a hidden alias of the same file, at ``/kaart``."""


def slug_of(path: str) -> str | None:
    """The page slug of a URL path (``/profiel`` → ``profiel``; the legacy ``eigen_gegevens`` too)."""
    last = path.rstrip("/").rsplit("/", 1)[-1].replace("_", "-")
    return last if any(p.slug == last for p in PAGES) else None


def run(lang: str) -> None:
    """Build the navigation in ``lang`` and run the current page (called by ``app.py`` only)."""
    pages, by_slug = [], {}
    for spec in PAGES:
        if not (ROOT / spec.file).is_file():
            continue
        title = t(spec.title_key, lang)
        if spec.slug == START:
            pages.append(
                st.Page(spec.file, title=title, icon=spec.icon, url_path="start", default=True)
            )
            alias = st.Page(
                spec.file, title=title, icon=spec.icon, url_path=spec.slug, visibility="hidden"
            )
            pages.append(alias)
            by_slug[spec.slug] = alias
        else:
            page = st.Page(spec.file, title=title, icon=spec.icon, url_path=spec.slug)
            pages.append(page)
            by_slug[spec.slug] = page
    current = st.navigation(pages)
    target = st.query_params.get(PAGE_PARAM)
    if target is not None:
        rest = {k: st.query_params.get_all(k) for k in st.query_params if k != PAGE_PARAM}
        if target in by_slug:
            st.switch_page(by_slug[target], query_params=rest)
        st.query_params.clear()
        st.query_params.from_dict(rest)
    st.session_state[ROUTER_KEY] = True
    from ruraldash.ui.state import page_changed  # here: the router module stays light

    page_changed(current.url_path)
    current.run()


def ensure_router() -> None:
    """Hand a page that runs without ``app.py``'s router (first deep link after start) to the router."""
    if st.session_state.get(ROUTER_KEY):
        return
    url = st.context.url
    if not url:  # not in a browser session (AppTest runs a page file on its own)
        return
    slug = slug_of(urlsplit(url).path)
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if slug:
        params[PAGE_PARAM] = [slug]
    st.switch_page(Path(ROOT / "app.py"), query_params=params)
