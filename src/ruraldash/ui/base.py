"""Page chrome: cached atlas, data-missing screen, presentation CSS, status badges, source footer."""

from __future__ import annotations

import html

import streamlit as st

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.core.provenance import STATUS_COLOURS, Dataset
from ruraldash.data.atlas import Atlas, DataMissing
from ruraldash.data.catalog import Indicator
from ruraldash.domain.typology import load_atlas
from ruraldash.features import search
from ruraldash.features.upload.layers import overlay
from ruraldash.render import maplayer, staticgen
from ruraldash.render.staticgen import StaticGenError
from ruraldash.render.templates import snippet
from ruraldash.ui import ready
from ruraldash.ui.navigation import ensure_router
from ruraldash.ui.toolbar import toolbar


@st.cache_resource(show_spinner=False)
def _atlas() -> Atlas:
    """Loaded once per server process and shared by all sessions."""
    return load_atlas(settings())


USER_LAYERS_KEY = "rd_user_layers"


def atlas_or_stop(lang: str = "nl") -> Atlas:
    """The atlas (with this session's uploaded layers), or a Dutch explanation of what is missing."""
    ensure_router()
    try:
        shared = _atlas()
    except DataMissing as exc:
        st.error(f"**{t('data_missing_title', lang)}**")
        st.write(t("data_missing_body", lang))
        st.markdown(
            "\n".join(f"- `{p.dataset.path}`: {html.escape(p.message)}" for p in exc.problems)
        )
        st.write(t("data_missing_fix", lang))
        st.code(exc.fix, language="bash")
        ready.finished("data-missing")
        st.stop()
        raise
    try:
        _static_files(shared)
    except StaticGenError as exc:  # a read-only static/gen without the files: say so in Dutch
        st.error(f"**{t('static_gen_title', lang)}**\n\n{exc}")
        ready.finished("static-missing")
        st.stop()
        raise
    return _with_user_layers(shared)


@st.cache_resource(show_spinner=False)
def _static_files(_atlas: Atlas) -> tuple[str, ...]:
    """First start: the map's browser files in static/gen (nothing is written when ``ruraldash
    data sync`` wrote them, so static/gen may be read-only). Not cached when it fails."""
    done = staticgen.generate(
        lambda bs, static: maplayer.geometry(_atlas.geojson(bs), bs, static).url_path,
        clean=False,  # replicas of another version may share the folder: sync cleans it
        labels=lambda bs: search.labels(_atlas, bs),
    )
    return done.current


def _with_user_layers(shared: Atlas) -> Atlas:
    """Overlay the session's own layers (ruraldash.features.upload.layers) on the shared atlas, cached per session."""
    layers = st.session_state.get(USER_LAYERS_KEY) or []
    if not layers:
        return shared
    key = tuple(layer.id for layer in layers)
    cached = st.session_state.get("rd_overlay")
    if not cached or cached[0] != key or cached[1] is not shared:
        cached = (key, shared, overlay(shared, layers))
        st.session_state["rd_overlay"] = cached
    return cached[2]


PRESENTATION_CSS = [
    # the page is drawn in the router's keyed stage (ruraldash.ui.navigation.STAGE_KEY): it fills the
    # screen above Streamlit's header (z-index 999990) and below its popups, tooltips, dialogs and
    # toasts (1000050 and up), so no chrome shows; the navigation is hidden and the sidebar empty
    ".st-key-rd_stage {position: fixed !important; inset: 0; z-index: 1000000; overflow-y: auto;"
    " background: #fff; padding: 1rem 1.6rem 1rem; gap: .6rem}",
    # type scales with the screen: 24 px at 1920 wide, never below 21 px (1280×720 projectors),
    # so Streamlit's small text (captions at .875rem) stays at 18 px or more
    "html {font-size: clamp(21px, 1.25vw, 30px) !important}",
    ".st-key-rd_stage h1 {font-size: 1.9rem !important}",
    ".st-key-rd_stage h2 {font-size: 1.45rem !important; padding: 0 0 .15rem !important}",
    ".rd-footer {font-size: .9rem !important; line-height: 1.3; padding-top: .2rem !important}",
    ".rd-badge {font-size: max(18px, .8em) !important}",
    ".rd-legend {font-size: clamp(18px, 1.2vw, 28px) !important}",
    ".rd-legend .rd-lg-unit {font-size: max(18px, .85em) !important}",
    # (the map widget sizes itself to the screen: mapsection.PROJECTOR_HEIGHT)
    # the fixed toolbar (ui.toolbar): always visible, exit outlined in red
    ".st-key-rd_pres_bar {position: fixed !important; top: .45rem; right: 1.2rem; width: auto"
    " !important; z-index: 1000001; background: rgba(255,255,255,.94); border-radius: .5rem;"
    " padding: .15rem .25rem}",
    ".st-key-rd_pres_bar button {font-size: .9rem !important; min-height: 2rem; padding: .1rem .7rem}",
    ".st-key-rd_exit_presentation button {border: 2px solid #b2182b !important; color: #b2182b"
    " !important; font-weight: 700}",
    # the walk's step heading is the page's h1: at the size the stage gives an h2
    ".st-key-rd_stage .rd-step-heading {font-size: 1.45rem !important; margin: 0 !important;"
    " padding: 0 0 .15rem !important}",
    ".rd-step-sentence {font-size: 1.05rem !important; margin: .1rem 0 .3rem !important}",
    ".rd-step-counter {font-size: 1.1rem; font-weight: 700; white-space: nowrap}",
    ".st-key-rd_step_nav button {font-size: .95rem !important; min-height: 2.6rem;"
    " padding: .1rem .6rem}",
]
"""Presentation mode: the page on a full-screen stage, large type, the fixed toolbar.

Only the app's own classes (``rd-*``) and the public ``st-key-<key>`` classes of keyed containers
are styled, never Streamlit's internal test ids or classes (tests/test_public_seams.py). Caption
contrast, metric size and the top gap come from the theme (``.streamlit/config.toml``).
"""

HIGH_CONTRAST_CSS = [
    "p, li, label, td, th, h1, h2, h3, h4 {color:#000 !important}",
    "p, li, label {font-weight:500}",
    ".rd-footer {color:#000 !important}",
]


def page_setup(presentation: bool = False, contrast: bool = False, tour: bool = False) -> None:
    """Global CSS: larger type on a full-screen stage in presentation mode, high contrast on request.

    In presentation mode a fixed toolbar (exit, contrast and, with ``tour``, the walk along the
    five facets: see :mod:`ruraldash.ui.views.presentation`) replaces the sidebar, which stays
    empty.
    """
    css = []  # the app's own stylesheet is linked once (render.pagestyle, ui.ready)
    if presentation:
        css += PRESENTATION_CSS
    if contrast:
        css += HIGH_CONTRAST_CSS
    st.markdown(f"<style>{''.join(css)}</style>" if css else "", unsafe_allow_html=True)
    if presentation:
        toolbar(tour)


def status_badge(status: str, lang: str = "nl") -> str:
    """An inline HTML badge for a data status (official, proxy, derived, low confidence, approx)."""
    return str(_badge(status, lang))


def _badge(status: str, lang: str):
    return snippet("badge", lang, status=status, colour=STATUS_COLOURS.get(status, "#555"))


def footer(
    indicator: Indicator, dataset: Dataset, year: object, lang: str = "nl", n_approx: int = 0
) -> None:
    """Source (original publisher and date first, then the route to the bundle), licence and
    status badge under every map, chart and table; an unknown year is said once, in the source."""
    year = year or indicator.year
    badge = _badge(indicator.status, lang) if indicator.status != "official" else ""
    html_text = snippet(
        "footer",
        lang,
        origin=dataset.origin(lang, year),
        url=dataset.url or "",
        dataset_label=dataset.label(lang),
        route=dataset.route_text(lang) if dataset.route else "",
        licence=dataset.licence_text(lang),
        badge=badge,
        n_approx=n_approx,
        approx_badge=_badge("approx", lang) if n_approx else "",
        caveat=dataset.caveat_text(lang),
    )
    st.markdown(html_text, unsafe_allow_html=True)
