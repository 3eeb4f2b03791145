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
from ruraldash.features.upload.layers import overlay
from ruraldash.render.legend import LEGEND_CSS
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
        st.stop()
        raise
    return _with_user_layers(shared)


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


CONTRAST_CSS = [
    # Streamlit draws captions at opacity .6 of the text colour (#828180 on white: 3.88:1); WCAG 2.1
    # AA needs 4.5:1 for body text. Opaque #545454: 7.5:1 on white, 7.0:1 on the sidebar grey.
    "[data-testid='stCaptionContainer'] {opacity:1 !important; color:#545454 !important}",
    "[data-testid='stCaptionContainer'] * {color:#545454 !important}",
]
"""Colours only: text that meets WCAG 2.1 AA contrast on every page (axe-core, tests/e2e/test_axe.py)."""

PRESENTATION_CSS = [
    "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
    " header[data-testid='stHeader'], [data-testid='stToolbar'], [data-testid='stDecoration'],"
    " footer {display:none !important}",
    # type scales with the screen: 24 px at 1920 wide, never below 20 px (1280×720 projectors)
    "html {font-size: clamp(20px, 1.25vw, 30px) !important}",
    "body, .stMarkdown, .stMarkdown p, .stButton button, label"
    " {font-size: clamp(20px, 1.25vw, 30px) !important}",
    ".block-container {max-width: 100% !important; padding: 1rem 1.6rem 1rem !important}",
    "h1 {font-size: 1.9rem !important} h2 {font-size: 1.45rem !important; padding: 0 0 .15rem !important}",
    # nothing below 18 px at 1280×720 (.9rem of the 20 px floor), measured in tests/e2e/test_tour_end
    "[data-testid='stCaptionContainer'], .stCaption {font-size: .9rem !important}",
    ".rd-footer {font-size: .9rem !important; line-height: 1.3; padding-top: .2rem !important}",
    ".rd-badge {font-size: max(18px, .8em) !important}",
    ".rd-legend {font-size: clamp(18px, 1.2vw, 28px) !important}",
    ".rd-legend .rd-lg-unit {font-size: max(18px, .85em) !important}",
    "button *, label *, summary *, a * {font-size: inherit !important}",
    "input, textarea, [data-baseweb='select'] div {font-size: max(18px, .9rem) !important}",
    # (the map widget sizes itself to the screen: mapsection.PROJECTOR_HEIGHT)
    # the fixed toolbar (ui.toolbar): always visible, exit outlined in red
    ".st-key-rd_pres_bar {position: fixed !important; top: .45rem; right: 1.2rem; width: auto"
    " !important; z-index: 999990; background: rgba(255,255,255,.94); border-radius: .5rem;"
    " padding: .15rem .25rem}",
    ".st-key-rd_pres_bar button {font-size: .9rem !important; min-height: 2rem; padding: .1rem .7rem}",
    ".st-key-rd_exit_presentation button {border: 2px solid #b2182b !important; color: #b2182b"
    " !important; font-weight: 700}",
    ".rd-step-heading {font-size: 1.6rem !important; margin: 0 !important}",
    ".rd-step-sentence {font-size: 1.05rem !important; margin: .1rem 0 .3rem !important}",
    ".rd-step-counter {font-size: 1.1rem; font-weight: 700; white-space: nowrap}",
    ".st-key-rd_step_nav button {font-size: .95rem !important; min-height: 2.6rem;"
    " padding: .1rem .6rem}",
]
"""Presentation mode: no sidebar or chrome, large type, a screen-filling map, the fixed toolbar."""


def page_setup(presentation: bool = False, contrast: bool = False, tour: bool = False) -> None:
    """Global CSS: larger type and hidden chrome in presentation mode, high contrast on request.

    In presentation mode a fixed toolbar (exit, contrast and, with ``tour``, the walk along the
    five facets: see :mod:`ruraldash.ui.views.presentation`) replaces the hidden sidebar.
    """
    css = [
        "[data-testid='stSidebarNav'] {font-size: 1rem}",
        ".block-container {padding-top: 2.2rem !important}",
        "h2 {font-size: 1.7rem !important}",
        ".rd-badge {display:inline-block;padding:0 .45em;border-radius:.3em;color:#fff;"
        "font-size:.8em;font-weight:600;margin-left:.3em;vertical-align:middle}",
        ".rd-footer {color:#444;font-size:.85rem;border-top:1px solid #ddd;padding-top:.4rem}",
        LEGEND_CSS,  # the map legend is class-styled (render.legend): its rows carry no styles
        *CONTRAST_CSS,
    ]
    if presentation:
        css += PRESENTATION_CSS
    if contrast:
        css += [
            ".stApp {background:#fff !important; color:#000 !important}",
            ".stMarkdown, .stMarkdown p, label {color:#000 !important; font-weight:500}",
            ".rd-footer {color:#000 !important}",
        ]
    st.markdown(f"<style>{''.join(css)}</style>", unsafe_allow_html=True)
    if presentation:
        toolbar(tour)


def status_badge(status: str, lang: str = "nl") -> str:
    """An inline HTML badge for a data status (official, proxy, derived, low confidence, approx)."""
    colour = STATUS_COLOURS.get(status, "#555")
    label = html.escape(t(f"status_{status}", lang))
    return f"<span class='rd-badge' style='background:{colour}'>{label}</span>"


def _link(url: str, text: str) -> str:
    """An escaped external link, or plain text when there is no http(s) URL (own uploads)."""
    if not url.startswith(("https://", "http://")):
        return html.escape(text)
    return f"<a href='{html.escape(url, quote=True)}' target='_blank' rel='noopener'>{html.escape(text)}</a>"


def footer(
    indicator: Indicator, dataset: Dataset, year: object, lang: str = "nl", n_approx: int = 0
) -> None:
    """Source (original publisher and date first, then the route to the bundle), licence and
    status badge under every map, chart and table; an unknown year is said once, in the source."""
    year = year or indicator.year
    parts = [
        f"<b>{html.escape(t('source_label', lang))}:</b> {html.escape(dataset.origin(lang, year))}"
        f" – {_link(dataset.url, dataset.label(lang))}",
        *([html.escape(dataset.route_text(lang))] if dataset.route else []),
        f"<b>{html.escape(t('licence_label', lang))}:</b> {html.escape(dataset.licence)}",
    ]
    badge = status_badge(indicator.status, lang) if indicator.status != "official" else ""
    note = ""
    if n_approx:
        note = (
            f"<br>{status_badge('approx', lang)} {html.escape(t('approx_note', lang, n=n_approx))}"
        )
    caveat = dataset.caveat_text(lang)
    caveat = f"<br><i>{html.escape(caveat)}</i>" if caveat else ""
    st.markdown(
        f"<div class='rd-footer'>{' · '.join(parts)} {badge}{note}{caveat}</div>",
        unsafe_allow_html=True,
    )
