"""The shared sidebar: language, borders, theme/indicator, facets, filters, classes, presentation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.memo import Memo
from ruraldash.core.vocab import (
    BORDER_SETS,
    FACETS,
    TYPOLOGIES,
    border_label,
    facet_label,
    type_label,
)
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import LAYERS
from ruraldash.features import search
from ruraldash.features.choropleth import group_values
from ruraldash.features.selection import (
    SCHEMES,
    Selection,
    breaks_text,
    parse_breaks,
    translate_selected,
)
from ruraldash.ui.state import LANG_KEY, language_switched, set_selection

F = TypeVar("F", bound=Callable[..., Selection])


def _not_presenting(draw: F) -> F:
    """No sidebar widgets in presentation mode: the selection passes through unchanged."""

    @wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Selection:
        sel = next((a for a in (*args, *kwargs.values()) if isinstance(a, Selection)), None)
        if sel is not None and sel.presentation:
            return sel
        return draw(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _seed(key: str, value) -> None:
    """Give a widget its value from the selection unless the user already set it this session."""
    if key not in st.session_state:
        st.session_state[key] = value


def _force(key: str, value, options) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = value


@_not_presenting
def language(sel: Selection) -> Selection:
    """Language switch (NL first); every other choice keeps its value across the switch."""
    _seed("w_lang", sel.lang)
    lang = st.sidebar.radio(
        t("lang_label", st.session_state["w_lang"]),  # the new language right after a switch
        ["nl", "en"],
        key="w_lang",
        horizontal=True,
        format_func=lambda v: {"nl": "Nederlands", "en": "English"}[v],
        on_change=language_switched,
    )
    st.session_state[LANG_KEY] = lang
    return sel.with_(lang=lang)


@_not_presenting
def border_set(atlas: Atlas, sel: Selection) -> Selection:
    """2019–2024 (300) or 2025 (285); the selected municipality is carried across."""
    _seed("w_border", sel.border_set)
    border = st.sidebar.radio(
        t("sb_border_set", sel.lang),
        list(BORDER_SETS),
        key="w_border",
        format_func=lambda v: border_label(v, sel.lang),
    )
    selected = sel.selected
    if border != sel.border_set:
        mapping = atlas.bundle.mapping
        old_to_new = dict(zip(mapping["nis_code_2019_2024"], mapping["nis_code_2025"], strict=True))
        selected = translate_selected(sel.selected, border, old_to_new)
        if border == "2019" and old_to_new.get(sel.merged_from or "") == sel.selected:
            selected = sel.merged_from  # back to the old municipality the user came from
        elif (
            border == "2019"
            and not selected
            and sel.selected in (parts := search.largest_parts(atlas))
        ):
            selected = parts[sel.selected]  # a merged municipality: its largest part, with a note
        if border == "2019":
            split = sel.selected in search.parts_of(atlas)
            return sel.with_(
                border_set=border, selected=selected, merged_from=sel.selected if split else None
            )
        merged = sel.selected if selected != sel.selected else None
        return sel.with_(border_set=border, selected=selected, merged_from=merged)
    return sel.with_(border_set=border, selected=selected)


@_not_presenting
def indicator_picker(atlas: Atlas, sel: Selection) -> Selection:
    """Borders, facets, theme, indicator and year."""
    lang, sb = sel.lang, st.sidebar
    sel = border_set(atlas, sel)
    _seed("w_facets", list(sel.facets))
    facets = sb.multiselect(
        t("sb_facets", lang),
        list(FACETS),
        key="w_facets",
        help=t("sb_facets_help", lang),
        placeholder=t("sb_all", lang),
        format_func=lambda f: f"{f} {facet_label(f, lang)}",
    )
    usable = [i for i in atlas.catalogue.values() if not facets or set(i.facets) & set(facets)]
    layers = [la for la in LAYERS if any(i.layer == la for i in usable)] or list(LAYERS)
    _seed("w_layer", sel.layer)
    _force("w_layer", layers[0], layers)
    layer = sb.selectbox(
        t("sb_layer", lang),
        layers,
        key="w_layer",
        format_func=lambda v: t(f"layer_{v}", lang),
        placeholder=t("sb_choose", lang),
    )
    options = [i.id for i in usable if i.layer == layer]
    _seed("w_indicator", sel.indicator)
    _force("w_indicator", options[0], options)
    shown = atlas.catalogue[st.session_state["w_indicator"]]
    ind_id = sb.selectbox(
        t("sb_indicator", lang),
        options,
        key="w_indicator",
        format_func=lambda i: atlas.catalogue[i].label(lang),
        placeholder=t("sb_choose", lang),
        help=t("sb_indicator_help", lang, label=shown.label(lang), what=shown.definition(lang)),
    )  # the help names the chosen indicator in full (a narrow sidebar cuts the box's text)
    ind, year = atlas.catalogue[ind_id], None
    if ind.years:
        _seed("w_year", sel.year or ind.default_year)
        _force("w_year", ind.default_year, list(ind.years))
        year = sb.select_slider(t("sb_year", lang), list(ind.years), key="w_year")
    return sel.with_(facets=tuple(facets), layer=layer, indicator=ind_id, year=year)


_OPTIONS = Memo(32)


def _options(atlas: Atlas, kind: str, border_set: str, typology: str = "") -> list:
    """The type or province options of a border set, once per atlas (not on every rerun)."""

    def make() -> list:
        if kind == "groups":
            return sorted(group_values(atlas, border_set, typology).dropna().unique())
        return sorted(atlas.units(border_set)["province"].unique())

    return _OPTIONS.get((kind, id(atlas), border_set, typology), (atlas,), make)


@_not_presenting
def filters(atlas: Atlas, sel: Selection) -> Selection:
    """Typology, municipality types and provinces."""
    st.sidebar.markdown(f"**{t('sb_filter', sel.lang)}**")
    return filter_widgets(atlas, sel, (st.sidebar, st.sidebar, st.sidebar))


def filter_widgets(atlas: Atlas, sel: Selection, places: tuple[Any, Any, Any]) -> Selection:
    """Typology, its types and the provinces in ``places`` (three containers: the sidebar's, or the
    Open Ruimtefonds page's filter row). The keys are shared, so a filter set on one page is the
    filter on the other; types and provinces outside the border set are dropped."""
    lang, (at_typology, at_types, at_provinces) = sel.lang, places
    _seed("w_typology", sel.typology)
    typology = at_typology.selectbox(
        t("sb_typology", lang),
        list(TYPOLOGIES),
        key="w_typology",
        format_func=lambda v: TYPOLOGIES[v].label(lang),
        placeholder=t("sb_choose", lang),
    )
    groups = _options(atlas, "groups", sel.border_set, typology)
    _seed("w_types", [g for g in sel.types if g in groups])
    st.session_state["w_types"] = [g for g in st.session_state["w_types"] if g in groups]
    types = at_types.multiselect(
        t("sb_types", lang),
        groups,
        key="w_types",
        help=t("sb_types_help", lang),
        placeholder=t("sb_all", lang),
        format_func=lambda v: type_label(v, lang),
    )
    provinces = _options(atlas, "provinces", sel.border_set)
    _seed("w_prov", [p for p in sel.provinces if p in provinces])
    prov = at_provinces.multiselect(
        t("sb_provinces", lang), provinces, key="w_prov", placeholder=t("sb_all", lang)
    )
    return sel.with_(typology=typology, types=tuple(types), provinces=tuple(prov))


@_not_presenting
def classes(sel: Selection) -> Selection:
    """Classification scheme, number of classes, manual breaks."""
    lang, sb = sel.lang, st.sidebar
    sb.markdown(f"**{t('sb_classes', lang)}**")
    _seed("w_scheme", sel.scheme)
    scheme = sb.selectbox(
        t("sb_scheme", lang),
        list(SCHEMES),
        key="w_scheme",
        format_func=lambda v: t(f"scheme_{v}", lang),
        placeholder=t("sb_choose", lang),
    )
    _seed("w_k", sel.k)
    k = sb.slider(t("sb_k", lang), 3, 7, key="w_k", disabled=scheme == "manual")
    breaks = sel.breaks
    if scheme == "manual":
        _seed("w_breaks", breaks_text(sel.breaks, lang))
        parsed = parse_breaks(sb.text_input(t("sb_breaks", lang), key="w_breaks"), lang)
        if parsed is None:
            sb.warning(t("sb_breaks_bad", lang))
            scheme = "quantiles"
        else:
            breaks = parsed
    return sel.with_(scheme=scheme, k=k, breaks=breaks)


@_not_presenting
def view_options(sel: Selection) -> Selection:
    """Presentation mode and high contrast."""
    lang, sb = sel.lang, st.sidebar
    sb.markdown(f"**{t('sb_view', lang)}**")
    _seed("w_presentation", sel.presentation)
    _seed("w_contrast", sel.contrast)
    pres = sb.toggle(t("sb_presentation", lang), key="w_presentation")
    contrast = sb.toggle(t("sb_contrast", lang), key="w_contrast")
    return sel.with_(presentation=pres, contrast=contrast)


@_not_presenting
def full(atlas: Atlas, sel: Selection, with_classes: bool = True) -> Selection:
    """The whole sidebar of the map pages; stores and returns the new selection."""
    sel = language(sel)
    sel = indicator_picker(atlas, sel)
    sel = filters(atlas, sel)
    if with_classes:
        sel = classes(sel)
    sel = view_options(sel)
    set_selection(sel)
    return sel
