"""The app's pages and router: Dutch slugs, titles in the UI language, deep links from the first request.

The project keeps its page files in the top-level ``pages/`` folder, next to ``app.py``. Streamlit
(1.67) has no supported way to keep a ``pages/`` folder next to the entry point without starting in
its legacy multipage mode, so the hand-over below stays. Why, in Streamlit's source:

- ``runtime/pages_manager.py`` lines 60-63: the first session of a server process sets the class
  attribute ``PagesManager.uses_pages_directory`` to "a ``pages`` entry exists next to the main
  script"; no config option is read there.
- ``commands/navigation.py`` line 399: only a call of ``st.navigation`` sets it back to ``False``
  (for all sessions: "as soon as any session of your app executes the st.navigation command, your
  app will ignore the pages/ directory", the ``st.navigation`` docs).
- ``runtime/scriptrunner/script_runner.py`` lines 933-934 and 144-181: while it is ``True`` a run
  does not execute ``app.py`` but ``_mpa_v1``, which lists ``pages/*.py`` by file name in the
  sidebar (hidden only by ``client.showSidebarNavigation = false``, which would also hide the
  app's own navigation: ``commands/navigation.py`` line 492) and runs the page file on its own.
- The only way out, an entry point elsewhere, also moves the app's ``static/`` folder
  (``file_util.py`` line 135: ``static`` next to the main script) and every ``streamlit run app.py``
  (deploy, tests, bench).

So the very first request after a server start, when it is a deep link (``/profiel?gemeente=12021``,
or a tab reconnecting after a restart), runs the page file without ``app.py``. Its first statement,
:func:`ensure_router`, hands over to ``app.py`` with ``st.switch_page``, carrying the intended page
in the ``pagina`` query parameter; ``app.py`` calls ``st.navigation`` and switches to that page.
The hand-over runs before the page's heavy imports (``ruraldash.ui`` loads its names lazily), so
the legacy file-name list is on screen for the time of one light script run, not for the seconds
of the first import of pandas and the views. Only public Streamlit API is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from ruraldash.core.config import ROOT
from ruraldash.core.i18n import t
from ruraldash.ui import ready

ROUTER_KEY = "rd_router"
PAGE_PARAM = "pagina"
STAGE_KEY = "rd_stage"
"""Presentation mode draws the page in ``st.container(key=STAGE_KEY)``: its public ``st-key-rd_stage``
class fills the screen above Streamlit's header and sidebar (``ruraldash.ui.base.PRESENTATION_CSS``)."""


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


LANG_KEY = "rd_lang"
"""The session's language: a plain key (Streamlit cleans up a widget's key on a page change, so the
language radio's ``w_lang`` alone let the next page and its navigation fall back to Dutch)."""


def session_lang(url_lang: str | None) -> str:
    """The language to build the navigation in: the session's, else the link's, else Dutch."""
    lang = st.session_state.get(LANG_KEY) or url_lang
    return lang if lang in ("nl", "en") else "nl"


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
    presenting = is_presenting()
    current = st.navigation(pages, position="hidden" if presenting else "sidebar")
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
    ready.started()
    if presenting:
        with st.container(key=STAGE_KEY):
            current.run()
    else:
        current.run()
    ready.finished(current.url_path or START)


def is_presenting() -> bool:
    """Presentation mode for this run: the sidebar toggle, else the session's selection, else the URL.

    Read before the page runs (the router draws the navigation first), so it looks at what the
    callbacks and widgets of this rerun already set.
    """
    if "w_presentation" in st.session_state:
        return bool(st.session_state["w_presentation"])
    sel = st.session_state.get("rd_selection")  # ruraldash.ui.state.KEY, not imported: kept light
    if sel is not None:
        return bool(sel.presentation)
    return st.query_params.get("presentatie") == "1"


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
