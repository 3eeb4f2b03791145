"""The session's own layers (save, remove, show on the map) and the saved layers (load).

The layers live in ``st.session_state[USER_LAYERS_KEY]`` (a list of :class:`UserLayer`); ``ui.base``
lays them over the shared atlas on every page. Saved layers live in the app's database
(:class:`LayerStore`, ``$RURALDASH_DB_URL``), shared by every app process; layer files of earlier
versions in ``<data dir>/user_layers`` (or ``$RURALDASH_USER_LAYERS_DIR``) are imported once.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.data.sqlstore import default_db_url
from ruraldash.features.selection import Selection
from ruraldash.features.upload import LayerError, LayerStore, UserLayer, load_layers, save_layer
from ruraldash.features.upload.layers import indicator_id
from ruraldash.ui.base import USER_LAYERS_KEY
from ruraldash.ui.state import KEY, set_selection
from ruraldash.ui.views.uploadreport import md_text

NOTICE_KEY = "rd_up_notice"
GO_MAP_KEY = "rd_up_go_map"
MAX_LAYERS = 10
FOLDER_ENV = "RURALDASH_USER_LAYERS_DIR"


def folder() -> Path:
    """Layer files of earlier versions: ``<data dir>/user_layers``, or ``$RURALDASH_USER_LAYERS_DIR``."""
    override = os.environ.get(FOLDER_ENV)
    return Path(override) if override else settings().data_dir / "user_layers"


@st.cache_resource(show_spinner=False)
def _layer_store(url: str, old_files: str) -> LayerStore:
    """One store (connection pool) per database URL, shared by all sessions; old files imported."""
    opened = LayerStore(url)
    opened.import_folder(Path(old_files))
    return opened


def layer_store(lang: str) -> LayerStore | None:
    """The saved layers' store, or None after a clear Dutch message (session layers keep working)."""
    try:
        return _layer_store(default_db_url(), str(folder()))
    except LayerError as err:
        st.warning(" ".join(md_text(m.text) for m in err.messages))
        return None


def session_layers() -> list[UserLayer]:
    """This session's own layers."""
    return list(st.session_state.get(USER_LAYERS_KEY) or [])


def notice(kind: str, text: str, where: str = "list") -> None:
    """Remember a message (Markdown, user data escaped) for the next run: callbacks cannot draw."""
    st.session_state[NOTICE_KEY] = (kind, text, where)


def show_notice(where: str = "list") -> bool:
    """Draw (and forget) the message meant for ``where``; True when it was a success."""
    kind, text, place = st.session_state.get(NOTICE_KEY) or (None, "", None)
    if place != where:
        return False
    st.session_state.pop(NOTICE_KEY, None)
    (st.success if kind == "success" else st.error)(text)
    return kind == "success"


def request_map() -> None:
    """Callback: open the map page on the next run (the selection already points at the layer)."""
    st.session_state[GO_MAP_KEY] = True


def follow_map_request() -> None:
    """Switch to the map page when a button asked for it (call early in the page)."""
    if st.session_state.pop(GO_MAP_KEY, False):
        st.switch_page("pages/kaart.py")


def add(layer: UserLayer, lang: str = "nl", where: str = "list") -> bool:
    """Put a layer on every page (replacing one with the same id) and select it for the map."""
    layers = [la for la in session_layers() if la.id != layer.id]
    if len(layers) >= MAX_LAYERS:
        notice("error", t("upv_too_many_layers", lang, max=MAX_LAYERS), where)
        return False
    st.session_state[USER_LAYERS_KEY] = [*layers, layer]
    sel: Selection | None = st.session_state.get(KEY)
    if sel is not None:  # the map opens on the borders the layer was built for
        own = sel.with_(layer="own", indicator=indicator_id(layer), year=None)
        set_selection(own.with_(border_set=layer.border_set))
    return True


def _find(layer_id: str) -> UserLayer | None:
    return next((la for la in session_layers() if la.id == layer_id), None)


def _on_save(layer_id: str, lang: str) -> None:
    layer = _find(layer_id)
    if layer is None:
        return
    try:
        save_layer(layer, _layer_store(default_db_url(), str(folder())), lang)
    except LayerError as err:
        notice("error", " ".join(md_text(m.text) for m in err.messages))
        return
    notice("success", t("upv_saved_ok", lang, label=md_text(layer.label)))


def _on_remove(layer_id: str, lang: str) -> None:
    layer = _find(layer_id)
    if layer is None:
        return
    st.session_state[USER_LAYERS_KEY] = [la for la in session_layers() if la.id != layer_id]
    sel: Selection | None = st.session_state.get(KEY)
    if sel is not None and sel.indicator == indicator_id(layer):
        default = Selection()
        set_selection(sel.with_(layer=default.layer, indicator=default.indicator, year=None))
    notice("success", t("upv_removed", lang, label=md_text(layer.label)))


def _on_load(layer: UserLayer, lang: str) -> None:
    if add(layer, lang):
        notice("success", t("upv_loaded_ok", lang, label=md_text(layer.label)))


def _on_show(layer_id: str) -> None:
    layer = _find(layer_id)
    sel: Selection | None = st.session_state.get(KEY)
    if layer is not None and sel is not None:
        own = sel.with_(layer="own", indicator=indicator_id(layer), year=None)
        set_selection(own.with_(border_set=layer.border_set))
        request_map()


def _facts(layer: UserLayer, lang: str) -> str:
    n = int(layer.values.notna().sum())
    borders = t(f"border_{layer.border_set}", lang)
    return md_text(t("upv_layer_facts", lang, borders=borders, n=n, note=layer.source_note))


def active(lang: str = "nl") -> None:
    """This session's layers, each with 'show on the map', 'save for later' and 'remove'."""
    st.header(t("upv_active", lang))
    show_notice("list")
    layers = session_layers()
    if not layers:
        st.caption(t("upv_active_none", lang))
    store = layer_store(lang) if layers else None
    try:
        stored = store.ids(lang) if store is not None else set()
    except LayerError:
        stored = set()
    for layer in layers:
        left, *buttons = st.columns([4, 1.2, 1.2, 1.2], vertical_alignment="center")
        left.markdown(f"**{md_text(layer.label)}**  \n{_facts(layer, lang)}")
        buttons[0].button(
            t("upv_to_map", lang), key=f"rd_up_show_{layer.id}", on_click=_on_show, args=(layer.id,)
        )
        saved = layer.id in stored
        buttons[1].button(
            t("upv_saved_already" if saved else "upv_save", lang),
            key=f"rd_up_save_{layer.id}",
            on_click=_on_save,
            args=(layer.id, lang),
            disabled=saved or store is None,
        )
        buttons[2].button(
            t("upv_remove", lang),
            key=f"rd_up_remove_{layer.id}",
            help=t("upv_remove_help", lang),
            on_click=_on_remove,
            args=(layer.id, lang),
        )


def saved(lang: str = "nl") -> None:
    """The saved layers with a 'load' button; damaged ones are listed and skipped."""
    st.header(t("upv_saved", lang))
    st.caption(t("upv_saved_note", lang))
    store = layer_store(lang)
    if store is None:
        return
    layers = load_layers(store, lang)
    for message in layers.messages:
        st.warning(md_text(message.text))
    if not layers:
        st.caption(t("upv_saved_none", lang))
    in_use = {la.id for la in session_layers()}
    for layer in layers:
        left, right = st.columns([4, 1.2], vertical_alignment="center")
        left.markdown(f"**{md_text(layer.label)}**  \n{_facts(layer, lang)}")
        right.button(
            t("upv_loaded" if layer.id in in_use else "upv_load", lang),
            key=f"rd_up_load_{layer.id}",
            on_click=_on_load,
            args=(layer, lang),
            disabled=layer.id in in_use,
        )
