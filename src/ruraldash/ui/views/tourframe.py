"""The frame every screen of the walk shares: heading and sentence top left, navigation top right.

The sentence box is two lines high even for a one-line sentence, so what comes under it (the map)
does not move from step to step; the navigation sits at the top of the right-hand column, beside
the heading, so it stays put whatever the length of the texts: a facilitator clicking "Volgende"
finds it where it was. The walk's five maps and their map of change (ui.views.presentation,
ui.views.monitortour) and the end screen (ui.views.tourend) draw their top through here.
"""

from __future__ import annotations

import html

import streamlit as st

MAP_HEIGHT = "max(260px, calc(100vh - 17.5rem))"
"""The walk's map: what is left at 1280×720 under the heading, the two-line sentence and a source
line of up to five lines (facet 4's: source, licence, status badge, two lines of caveat)."""
RATIO = (5, 2)
"""Left (heading, sentence, map, source) and right (navigation, legend, tip) column widths."""
CSS = (
    "<style>.rd-step-sentence {min-height: 3.2em}"  # two lines (line height 1.6)
    ".rd-step-note {font-size: .85em; color: #444}"
    # the look of the stage's heading (ui.base.PRESENTATION_CSS sets its size too)
    ".st-key-rd_stage .rd-step-heading {font-size: 1.45rem !important; font-weight: 600;"
    " line-height: 1.2; padding: 0 0 .15rem}"
    ".st-key-rd_step_nav {margin-top: .25rem}</style>"  # clear of the fixed toolbar at 1920 wide
)


def columns():
    """The two columns of a screen of the walk (left, right)."""
    return st.columns(RATIO, gap="medium")


def heading(text: str, sentence_html: str, css: str = "") -> None:
    """The heading (escaped here) and the sentence (``sentence_html``, escaped by the caller).

    The page's one level-1 heading (tests/app/test_headings.py), as a ``role="heading"``
    element, not ``<h1>``: Streamlit gives a Markdown heading a "Link to heading" anchor, an
    invisible stop for the Tab key on every screen of the walk.

    ``css``: a screen's own ``<style>`` block, drawn in the same element (a separate one would
    add a gap above the columns and move the navigation down).
    """
    css = " ".join(css.split())  # one line: a line break would end Markdown's raw HTML block
    st.markdown(
        f"{CSS}{css}<div role='heading' aria-level='1' class='rd-step-heading'>"
        f"{html.escape(text)}</div>"
        f"<p class='rd-step-sentence'>{sentence_html}</p>",
        unsafe_allow_html=True,
    )
