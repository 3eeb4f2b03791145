"""The end screen of the walk along the five facets: the five maps at a glance and the way to the notes.

Shown after facet 5 (``?presentatie=1&stap=6``). Each facet card names the indicator its map
showed, the sentence the facilitator read out, and the source and year of the data; a button
goes back to that map. A link opens the notes of the atelier's session (``sessie`` in the URL).
"""

from __future__ import annotations

import html

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.selection import Selection
from ruraldash.features.steps import END, TOTAL, Step, StepError, steps
from ruraldash.ui.base import status_badge
from ruraldash.ui.toolbar import set_step
from ruraldash.ui.tourkeys import keys
from ruraldash.ui.views.notessession import PARAM, session_title

CSS = """<style>
.rd-end-card {font-size: 1rem; line-height: 1.35}
.st-key-rd_stage .rd-end-card h2, .rd-end-card h2 {font-size: 1.15rem !important; margin: 0 0 .3rem !important; padding: 0 !important}
.rd-end-ind {font-weight: 700; margin: 0 0 .25rem}
.rd-end-src {color: #333; font-size: .9rem; margin-top: .35rem}
.st-key-rd_step_nav a {font-size: 1.05rem; font-weight: 700}
</style>"""


def _card(step: Step, atlas: Atlas, lang: str) -> str:
    """Facet, the indicator its map showed (with its status), publisher and year of the data."""
    ind = step.indicator
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    name = step.title(lang)  # jargon such as "(a0–a2)" in plain words
    dataset = step.dataset(atlas.datasets)
    source = f"{t('source_label', lang)}: {dataset.publisher}, {ind.year or dataset.year}"
    return (
        f"<div class='rd-end-card'><h2>{html.escape(step.heading(lang))}</h2>"
        f"<p class='rd-end-ind'>{html.escape(t('te_indicator', lang, name=name))} {badge}</p>"
        f"<div class='rd-end-src'>{html.escape(source)}</div></div>"
    )


def _notes_link(sel: Selection) -> None:
    lang, slug = sel.lang, sel.extra.get(PARAM)
    title = session_title(slug) if slug else None
    params = {"presentatie": "1"} if sel.presentation else {}
    if title:
        label = t("te_notes_session", lang, title=title)
        params[PARAM] = slug
    else:
        label = t("te_notes", lang)
    st.page_link("pages/notities.py", label=label, icon=":material/edit_note:", query_params=params)


def render(atlas: Atlas, sel: Selection, prev_key: str) -> bool:
    """Draw the end screen; ``prev_key`` is the walk's "previous" button key (← / PageUp too)."""
    lang = sel.lang
    try:
        walk = steps(atlas.catalogue)
    except StepError:
        st.warning(t("pres_step_unavailable", lang))
        return False
    st.markdown(CSS, unsafe_allow_html=True)
    st.markdown(
        f"<h1 class='rd-step-heading'>{html.escape(t('te_heading', lang))}</h1>"
        f"<p class='rd-step-sentence'>{html.escape(t('te_intro', lang))}</p>",
        unsafe_allow_html=True,
    )
    nav = st.container(
        key="rd_step_nav", horizontal=True, vertical_alignment="center", gap="medium"
    )
    nav.button(t("pres_prev", lang), key=prev_key, on_click=set_step, args=(TOTAL,))
    with nav:
        _notes_link(sel)
    keys(END, END, set_step)
    for column, step in zip(st.columns(len(walk), gap="small"), walk, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(_card(step, atlas, lang), unsafe_allow_html=True)
            st.button(
                t("te_back", lang, n=step.number),
                key=f"rd_end_back_{step.number}",
                on_click=set_step,
                args=(step.number,),
            )
    return True
