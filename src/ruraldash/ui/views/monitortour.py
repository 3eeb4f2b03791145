"""The tour's option to show a facet's map of change (the monitor) instead of its level map.

``presentation.render_step`` calls :func:`toggle` beside the step navigation and, when the option is
on, :func:`render` instead of the level map. The option travels in the URL (``verandering=1``). A
facet without a series of two years keeps its level map (with a short note).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.monitor import changemap
from ruraldash.features.monitor.indicators import by_facet
from ruraldash.features.selection import Selection
from ruraldash.ui import mapsection
from ruraldash.ui.base import status_badge
from ruraldash.ui.state import KEY, set_selection

PARAM = "verandering"


def wanted(sel: Selection) -> bool:
    """True when the tour shows maps of change."""
    return sel.extra.get(PARAM) == "1"


def _switch() -> None:
    sel: Selection | None = st.session_state.get(KEY)
    if sel is None:
        return
    extra = {k: v for k, v in sel.extra.items() if k != PARAM}
    if st.session_state.get("w_tour_change"):
        extra[PARAM] = "1"
    set_selection(sel.with_(extra=extra))


def toggle(sel: Selection) -> None:
    """The tour's switch "Toon de verandering" (kept in the URL)."""
    st.session_state["w_tour_change"] = wanted(sel)
    st.toggle(t("mon_tour_toggle", sel.lang), key="w_tour_change", on_change=_switch)


def render(atlas: Atlas, sel: Selection, facet: int, heading: str, nav: Callable[[], None]) -> bool:
    """The facet's map of change at projector size; False when the facet has no series."""
    from ruraldash.ui.views.monitor import cached_result

    lang, inds = sel.lang, by_facet(facet)
    if not inds:
        st.caption(t("mon_tour_none", lang))
        return False
    res = cached_result(atlas, inds[0].id, *_years(inds[0]), sel.border_set, sel.typology)
    layer = changemap.change_layer(res, atlas, sel)
    badge = status_badge(res.indicator.status, lang) if res.indicator.status != "official" else ""
    st.markdown(
        f"<h1 class='rd-step-heading'>{html.escape(heading)}</h1>"
        f"<p class='rd-step-sentence'>{html.escape(layer.title)} {badge}</p>",
        unsafe_allow_html=True,
    )
    left, right = st.columns([5, 2], gap="medium")
    with left:
        mapsection.show_map(atlas, layer, sel, key="rd_tour_change_map")
        st.caption(
            f"{t('mon_source_years', lang, b=res.baseline_year, e=res.end_year)}: {layer.source}"
        )
    with right:
        nav()
        st.markdown(mapsection.legend_html(layer, sel), unsafe_allow_html=True)
        toggle(sel)
    return True


def _years(ind) -> tuple[int | None, int | None]:
    return ind.default if ind.default else (None, None)
