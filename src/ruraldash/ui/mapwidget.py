"""The one map widget: a Streamlit custom component (v2) driving the locally served Leaflet.

Every page with an interactive map calls :func:`show_map` with a payload from
:mod:`ruraldash.render.maplayer`. The component is mounted with a fixed ``key`` so it is never
remounted: a rerun restyles the polygons in place (zoom and pan survive). Its real JavaScript is a
content-hashed static module (``static/gen/mapwidget-<hash>.js``) behind a tiny inline loader, so
a rerun sends only the payload. A click on a municipality comes back as the ``click`` trigger and
selects it on every page (:func:`select`); :func:`search_box` finds one by name or NIS code.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from functools import cache
from pathlib import Path

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.memo import Memo
from ruraldash.data.atlas import Atlas
from ruraldash.features import search
from ruraldash.features.selection import Selection
from ruraldash.render import maplayer, staticgen
from ruraldash.ui import jsmodule
from ruraldash.ui.jsmodule import squeeze, static_url
from ruraldash.ui.state import KEY, set_selection

MAP_KEY = "rd_map"
SEARCH_KEY = "w_search"
_ASSET = Path(__file__).with_name("assets") / "mapwidget.js"

SCHEMA = _ASSET.with_name("mapwidget.schema.json")
"""The payload's JSON schema, shared with the JavaScript (tests/test_mapwidget_contract.py)."""

_LOADER = """
export default function (args) {
  const raw = args.data, g = globalThis;
  const d = raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)
    ? JSON.parse(new TextDecoder().decode(raw)) : raw;
  const mods = g.__rdMods || (g.__rdMods = {});
  const mod = mods[d.module] || (mods[d.module] = g.__rdLoad ? g.__rdLoad("module", d.module) : import(location.origin + d.module));
  mod.catch(() => { delete mods[d.module]; });
  let cleanup = null, gone = false;
  mod.then(
    (m) => {
      if (!gone) cleanup = m.default({data: d, parentElement: args.parentElement, setTriggerValue: args.setTriggerValue});
    },
    () => {
      if (gone || args.parentElement.querySelector(".rd-map-error")) return;
      const p = Object.assign(document.createElement("div"), {className: "rd-map-error", textContent: d.err});
      p.setAttribute("role", "alert");
      args.parentElement.appendChild(p);
    },
  );
  return () => { gone = true; if (cleanup) cleanup(); };
}
"""
"""Reads the payload (compact UTF-8 JSON bytes, see :func:`packed`), imports the module (through
the one loader when the preload defined it, else directly: a failed import is tried again on the
next rerun) and hands it the payload and the component's callbacks; when the module
cannot be loaded (twice), says so in the widget's own text node. A cleanup called while a newer
call is still loading only cancels this call (the module tears the map down itself once its root is
detached)."""


_PRELOAD = """<script>(() => {
  const d = DATA, g = globalThis;
  const load = g.__rdLoad || (g.__rdLoad = LOAD_JS);
  for (const [kind, url] of [["geo", d.geo], ["script", d.leaflet], ["module", d.module]]) {
    load(kind, url).catch(() => {});  // a failure is dropped: the widget tries again
  }
  const css = Object.assign(document.createElement("link"), {rel: "preload", as: "style", href: d.css});
  document.head.appendChild(css);
})();</script>""".replace("LOAD_JS", staticgen.LOAD_JS)
"""Starts the widget's files through the one loader (the same promises the widget then awaits)."""


def preload(geo: maplayer.MapGeometry) -> None:
    """Start loading the widget's module, Leaflet and the geometry while Streamlit is still
    drawing the page, through the one loader (the widget then finds them in flight or done).

    The element is drawn on every run (an empty one after the session's first run, so a rerun
    sends no script): removing it would shift the map's place on the page and remount it.
    """
    first = not st.session_state.get("rd_map_preloaded")
    st.session_state["rd_map_preloaded"] = True
    body = _PRELOAD.replace("DATA", json.dumps(_urls(geo)), 1) if first else "<span></span>"
    st.html(body, unsafe_allow_javascript=True)


def _urls(geo: maplayer.MapGeometry) -> dict[str, str]:
    base = static_url()
    return {
        "geo": f"{base}/{geo.url_path}",
        "module": f"{base}/{_module_path()}",
        "leaflet": f"{base}/vendor/leaflet/leaflet.js",
        "css": f"{base}/vendor/leaflet/leaflet.css",
    }


def module_code() -> bytes:
    """The widget's module: the generated constants (the style table, its hatch and the payload's
    keys from the schema) above ``assets/mapwidget.js`` (built in :mod:`ruraldash.render.staticgen`,
    so that ``ruraldash data sync`` writes the same file without importing streamlit)."""
    return staticgen.widget_code()


@cache
def _module_path() -> str:
    """Copy the widget's JavaScript to ``static/gen/mapwidget-<hash>.js`` (once per process)."""
    return staticgen.widget_module()  # the same file `ruraldash data sync` writes


@cache
def _component():
    return st.components.v2.component("ruraldash_map", js=squeeze(_LOADER))


def labels(lang: str) -> maplayer.Labels:
    """The tooltip words in one language."""
    return maplayer.Labels(
        value=t("map_tooltip_value", lang),
        rank=t("map_tooltip_rank", lang),
        outside=t("map_outside_filter", lang),
        rank_sel=t("map_rank_selection", lang),
        rank_vl=t("map_rank_flanders", lang),
    )


def geometry(atlas: Atlas, border_set: str) -> maplayer.MapGeometry:
    """The border set's geometry as served to the browser (written once per process)."""
    return maplayer.geometry(atlas.geojson(border_set), border_set)


def show_map(
    geo: maplayer.MapGeometry,
    data: dict,
    *,
    key: str = MAP_KEY,
    height: str = "540px",
    label: str = "",
    on_click=None,
    lang: str = "nl",
) -> None:
    """Mount (first run) or update (later runs) the map widget.

    ``data`` comes from :func:`ruraldash.render.maplayer.payload`; ``height`` is a CSS length
    (e.g. ``"max(320px, calc(100vh - 15rem))"`` in presentation mode). ``on_click`` runs before
    the rerun when a municipality is clicked (default: :func:`select_clicked` for this ``key``).
    """
    full = widget_data(
        geo,
        data,
        urls=_urls(geo),
        key=key,
        height=height,
        label=label,
        tiles=bool(st.session_state.get("rd_tiles")),
        err=t("map_load_failed", lang),
    )
    _component()(
        key=key,
        data=packed(_unless_sent(full, key)),
        on_click_change=on_click or select_clicked(key),
        on_hover_change=lambda: None,
        on_tips_change=lambda: st.session_state.pop(_SENT + key, None),
    )


TIP_KEYS = ("v", "vu", "vx", "why", "rk", "rt", "meta", "lab")
"""The payload's tooltip texts: the same for every colour change of one indicator and filter."""
_SENT = "rd_tips_sent_"


def tips_digest(data: dict) -> str:
    """A digest of the payload's tooltip texts (:data:`TIP_KEYS`)."""
    return maplayer.version({k: data[k] for k in TIP_KEYS if k in data})


def _unless_sent(data: dict, key: str) -> dict:
    """The widget's object without its tooltip texts when this session already sent the same
    ones to this map (``tip`` names them; the widget keeps them per page, by digest): a colour
    change then sends the colours, not 300 values and ranks again. When the widget lacks them
    (a new page, a lost message) it asks (``tips``) and the next run sends them whole."""
    tip = data.get("tip") or tips_digest(data)
    if st.session_state.get(_SENT + key) == tip:
        return {k: v for k, v in data.items() if k not in TIP_KEYS} | {"tip": tip}
    st.session_state[_SENT + key] = tip
    return data | {"tip": tip}


def widget_data(
    geo: maplayer.MapGeometry,
    data: dict,
    *,
    urls: dict[str, str],
    key: str,
    height: str,
    label: str,
    tiles: bool,
    err: str,
) -> dict:
    """The whole object the widget receives (``assets/mapwidget.schema.json``): the payload, its
    digest, the files' URLs and the widget's options."""
    return {
        **data,
        "ver": data.get("ver") or maplayer.version(data),
        **urls,
        "tiles": tiles,
        "bounds": maplayer.FLANDERS_BOUNDS,
        "height": height,
        "label": label,
        "key": key,
        "err": err,
    }


def packed(data: dict) -> bytes:
    """The widget's object as compact UTF-8 JSON bytes, sent as they are.

    A dict goes through Streamlit's ``json.dumps`` with its defaults: ``", "`` between the 300
    colours, values and ranks and ``\\u00a0`` for every non-breaking space before a unit, about a
    third more bytes on every rerun (``bench/browser_bench.py``)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def clicked(key: str = MAP_KEY) -> str | None:
    """The NIS code of the municipality clicked in the map ``key`` (this rerun only)."""
    value = st.session_state.get(key)
    code = value.get("click") if value is not None else None
    return str(code) if code else None


def select_clicked(key: str = MAP_KEY):
    """A click callback: the clicked municipality becomes the selection of every page."""

    def callback() -> None:
        select(clicked(key))

    return callback


_SEARCH_ASSET = _ASSET.with_name("searchbox.js")


@cache
def _search_module_path() -> str:
    """Copy the search box's JavaScript to ``static/gen/searchbox-<hash>.js`` (once per process)."""
    return staticgen.search_module()  # the same file `ruraldash data sync` writes


_SEARCH = Memo(16)


def _search_options(atlas: Atlas, border_set: str) -> tuple[dict, dict, str]:
    """Labels, targets and the static option file (``gen/search-<set>-<hash>.json``, sorted by
    label) of the search box, once per atlas and border set."""

    def make() -> tuple[dict, dict, str]:
        labels = search.labels(atlas, border_set)
        options = staticgen.search_options(labels)
        rel = staticgen.publish(f"search-{border_set}", options, ".json")
        return labels, search.targets(atlas, border_set), rel

    return _SEARCH.get((id(atlas), border_set), (atlas,), make)


def _on_search(targets: dict[str, str]) -> None:
    sel: Selection | None = st.session_state.get(KEY)
    value = st.session_state.get(SEARCH_KEY)
    option = value.get("pick") if value is not None else None
    if sel is not None and option:
        set_selection(sel.with_(selected=targets.get(option, option), merged_from=option))


def search_box(atlas: Atlas, sel: Selection, container=st) -> None:
    """Find a municipality by name (2019–2024 or 2025 name) or NIS code.

    A small component (``assets/searchbox.js``) over a static option list: a rerun sends the
    current value and the words, not the ~300 options.
    """
    labels, targets, rel = _search_options(atlas, sel.border_set)
    kept = sel.merged_from if targets.get(sel.merged_from) == sel.selected else sel.selected
    value = kept if kept in labels else None
    base = static_url()
    with container if container is not st else nullcontext():
        jsmodule.component("ruraldash_search")(
            key=SEARCH_KEY,
            data={
                "module": f"{base}/{_search_module_path()}",
                "options": f"{base}/{rel}",
                "label": t("sb_search", sel.lang),
                "placeholder": t("sb_search_placeholder", sel.lang),
                "value": value or "",
                "valueLabel": labels[value] if value else "",
            },
            on_pick_change=lambda: _on_search(targets),
        )
    note = search.merger_note(atlas, sel.border_set, sel.selected, sel.merged_from, sel.lang)
    if note:
        container.info(note)


def select(code: object) -> None:
    """Make ``code`` the selected municipality of every page (callbacks call this)."""
    sel: Selection | None = st.session_state.get(KEY)
    if code and sel is not None:
        set_selection(sel.with_(selected=str(code)))
