"""The app's own stylesheet: headings, status badges, the source footer and the map legend.

Served once as ``static/gen/app-<hash>.css`` (:func:`ruraldash.render.staticgen.app_css`) and
linked by the page's first element (:mod:`ruraldash.ui.ready`), so a rerun does not send it again
(it was 1.2 kB of every rerun as a ``<style>`` block). Only the app's own classes and the headings
its Markdown writes; nothing of Streamlit's internal DOM.
"""

from __future__ import annotations

from ruraldash.render.legend import LEGEND_CSS

PAGE_CSS = "".join(
    [
        "h2 {font-size: 1.7rem !important}",
        ".rd-badge {display:inline-block;padding:0 .45em;border-radius:.3em;color:#fff;"
        "font-size:.8em;font-weight:600;margin-left:.3em;vertical-align:middle}",
        ".rd-footer {color:#444;font-size:.85rem;border-top:1px solid #ddd;padding-top:.4rem}",
        LEGEND_CSS,  # the map legend is class-styled (render.legend): its rows carry no styles
    ]
)
