"""Profile page: peer-group controls, search, header with the peer group and the locator map.

The page then shows :mod:`.profiletables` (every indicator by facet), :mod:`.profilecharts` and
:mod:`.profileexports` (CSV/XLSX/PDF) from the :class:`Profile` that :func:`render` returns.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import peers
from ruraldash.features.pagestate import PeerState, merge
from ruraldash.features.peertext import explain_with_catalogue
from ruraldash.features.profile import borders, peerinfo
from ruraldash.features.profile import table as profile
from ruraldash.features.profile.facts import facts
from ruraldash.features.profile.why import why
from ruraldash.features.selection import Selection, translate_selected
from ruraldash.features.typenote import typology_status
from ruraldash.render import exports
from ruraldash.ui.base import status_badge
from ruraldash.ui.cache import atlas_key
from ruraldash.ui.mapwidget import search_box
from ruraldash.ui.sharelink import copy_button
from ruraldash.ui.state import set_selection
from ruraldash.ui.views.uploadreport import md_text

METHODS = peers.METHODS
DEFAULT_METHOD = PeerState.method
(K_MIN, K_MAX), K_DEFAULT = PeerState.K_RANGE, PeerState.k
PLAIN_MAX = 30
"""Peer groups up to this size list each peer with its distance and size."""


@st.cache_resource(show_spinner=False)
def neighbours(_atlas: Atlas, border_set: str) -> dict[str, list[str]]:
    """Shared borders per municipality, derived once per border set (≈0,2 s)."""
    return peers.neighbour_table(_atlas.geometry[border_set])


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs={Atlas: atlas_key})
def table(atlas: Atlas, nis: str, border_set: str, members: tuple[str, ...], lang: str):
    """:func:`ruraldash.features.profile.table.profile_table`, cached per municipality, peer group and language."""
    return profile.profile_table(atlas, nis, border_set, list(members), lang)


def valid_k(raw: str | None) -> bool:
    """A k for "similar" from the URL: plain digits within 3..30."""
    return bool(raw) and raw.isascii() and raw.isdigit() and K_MIN <= int(raw) <= K_MAX


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _codes(atlas: Atlas, raw: str, border_set: str) -> tuple[list[str], list[str]]:
    """Own-selection codes from the URL, carried onto ``border_set``; also the refused ones."""
    known = atlas.units(border_set).index
    m = atlas.bundle.mapping
    old_to_new = dict(zip(m["nis_code_2019_2024"], m["nis_code_2025"], strict=True))
    good, bad = [], []
    for code in (c.strip() for c in raw.split(",") if c.strip()):
        moved = code if code in known else translate_selected(code, border_set, old_to_new)
        (good if moved in known else bad).append(moved if moved in known else code)
    return list(dict.fromkeys(good)), bad


def _context_key(border_set: str) -> str:
    return f"pf_context_{border_set}"


def context_ids(atlas: Atlas, border_set: str) -> list[str]:
    """The context indicators chosen for "similar" (the defaults when none is chosen)."""
    chosen = st.session_state.get(_context_key(border_set))
    return [i for i in chosen or profile.CONTEXT[border_set] if i in atlas.catalogue]


def _method(sel: Selection, bad: list[str]) -> str:
    raw = sel.extra.get("methode", DEFAULT_METHOD)
    if raw not in METHODS:
        bad.append("methode")
    _seed("pf_method", raw if raw in METHODS else DEFAULT_METHOD)
    return st.sidebar.radio(
        t("pf_peer_method", sel.lang),
        METHODS,
        key="pf_method",
        format_func=lambda m: t(f"pf_method_{m}", sel.lang),
    )


def _similar_controls(atlas: Atlas, sel: Selection, bad: list[str]) -> int:
    """k (3–30) and the context indicators; the choice survives switching methods."""
    lang, bs, raw = sel.lang, sel.border_set, sel.extra.get("knn", str(K_DEFAULT))
    ok = valid_k(raw)
    if not ok:
        bad.append("knn")
    _seed("pf_k", int(raw) if ok else K_DEFAULT)
    k = st.sidebar.slider(t("pf_k", lang), K_MIN, K_MAX, key="pf_k")
    saved, key = f"pf_context_saved_{bs}", _context_key(bs)
    _seed(key, st.session_state.get(saved, list(profile.CONTEXT[bs])))
    numeric = [i for i, ind in atlas.catalogue.items() if ind.kind != "ordinal"]
    st.session_state[saved] = st.sidebar.multiselect(
        t("pf_context", lang),
        numeric,
        key=key,
        help=t("pf_context_help", lang),
        format_func=lambda i: atlas.catalogue[i].label(lang),
        placeholder=t("px_choose", lang),
    )
    return k


def _own_controls(atlas: Atlas, sel: Selection, codes: list[str]) -> list[str]:
    names = atlas.units(sel.border_set)["name"].sort_values()
    key = f"pf_own_{sel.border_set}"
    _seed(key, codes)
    return st.sidebar.multiselect(
        t("pf_own", sel.lang),
        list(names.index),
        key=key,
        format_func=lambda c: f"{names[c]} ({c})",
        placeholder=t("px_choose", sel.lang),
    )


def peer_controls(atlas: Atlas, sel: Selection) -> Selection:
    """Sidebar: peer method, k and context indicators for "similar", members for "own".

    Method, k and the own members round-trip through the URL (``methode``, ``knn``, ``peers``:
    :class:`~ruraldash.features.pagestate.PeerState`, defaults left out); a value that is not
    understood is ignored with a short notice.
    """
    bad: list[str] = []
    method = _method(sel, bad)
    k = _similar_controls(atlas, sel, bad) if method == "similar" else _url_k(sel)
    codes, refused = _codes(atlas, sel.extra.get("peers", ""), sel.border_set)
    bad += ["peers"] if refused else []
    if method == "own":
        codes = _own_controls(atlas, sel, codes)
    if bad:
        st.toast(t("pf_bad_param", sel.lang, names=", ".join(bad)))
    sel = sel.with_(extra=merge(sel.extra, PeerState(method, k, tuple(codes))))
    set_selection(sel)
    return sel


def _url_k(sel: Selection) -> int:
    """k of the link (kept while another method is shown), else the default."""
    raw = sel.extra.get("knn")
    return int(raw) if valid_k(raw) else K_DEFAULT  # type: ignore[arg-type]


def peer_group(atlas: Atlas, sel: Selection) -> peers.PeerGroup | None:
    """The peer group of the selected municipality for the chosen method (None, with a notice,
    when it cannot be formed)."""
    bs, nis, lang = sel.border_set, sel.selected, sel.lang
    method = sel.extra.get("methode", DEFAULT_METHOD)
    units = atlas.units(bs)
    opts: dict = {"names": units["name"]}
    if method == "type":
        opts["types"] = units["type"]
    elif method == "province":
        opts["provinces"] = units["province"]
    elif method == "neighbours":
        opts["neighbours"] = neighbours(atlas, bs)
    elif method == "similar":
        if st.session_state.get(_context_key(bs)) == []:
            st.info(t("pf_context_empty", lang))
        ids = context_ids(atlas, bs)
        opts["features"] = profile.context_features(atlas, bs, ids)
        opts["log"] = profile.log_features(atlas, ids)
    else:
        opts["members"] = [c for c in sel.extra.get("peers", "").split(",") if c]
        opts["known"] = set(units.index)
    k = int(sel.extra["knn"]) if valid_k(sel.extra.get("knn")) else K_DEFAULT
    try:
        return peers.peers(nis, method, k=k, **opts)
    except peers.PeerError as exc:
        st.warning(t("pf_peer_error", lang, msg=exc.message(lang)))
        return None


def similar_lines(atlas: Atlas, group: peers.PeerGroup, border_set: str, lang: str) -> list[str]:
    """One line per "similar" peer: name, distance and the indicators that differ most, then its
    distance in km and its size (flagged when > 2× or < ½ the municipality's)."""
    names, cat = atlas.units(border_set)["name"], atlas.catalogue
    where = peerinfo.peer_facts(atlas, border_set, group.nis, group.members)
    out = []
    for code in group.members:
        diffs = [cat[i].label(lang) if i in cat else i for i in group.differences.get(code, ())]
        line = t(
            "pf_peer_similar",
            lang,
            name=str(names.get(code, code)),
            d=number(group.distances[code], 2, lang),
            diffs=", ".join(diffs) or "–",
        )
        out.append(f"{line} · {peerinfo.peer_text(where.loc[code], lang)}")
    return out


def plain_lines(atlas: Atlas, group: peers.PeerGroup, border_set: str, lang: str) -> list[str]:
    """``Name: 12 km, 4.412 inw.`` per peer (neighbours, own selection)."""
    where = peerinfo.peer_facts(atlas, border_set, group.nis, group.members)
    return [
        f"{where.at[c, 'name']}: {peerinfo.peer_text(where.loc[c], lang)}" for c in group.members
    ]


def _peers_block(atlas: Atlas, sel: Selection, group: peers.PeerGroup | None) -> None:
    lang = sel.lang
    st.markdown(
        f"<h2 style='margin:.6rem 0 0'>{html.escape(t('pf_peers', lang))}"
        f" ({len(group.members) if group else 0})</h2>",
        unsafe_allow_html=True,
    )
    if group is None:
        return
    st.caption(explain_with_catalogue(group, atlas.catalogue, lang))
    if group.method == "own" and not group.members:
        st.info(t("pf_own_empty", lang))
    names = atlas.units(sel.border_set)["name"]
    if group.distances or 0 < len(group.members) <= PLAIN_MAX:
        lines = (similar_lines if group.distances else plain_lines)(
            atlas, group, sel.border_set, lang
        )
        rows = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        items = f"<ol style='margin:0;font-size:.9rem'>{rows}</ol>"
    else:
        items = ", ".join(html.escape(str(names.get(c, c))) for c in group.members)
    st.markdown(f"<div data-testid='rd-peers'>{items}</div>", unsafe_allow_html=True)
    if 0 < len(group.members) <= PLAIN_MAX:
        where = peerinfo.peer_facts(atlas, sel.border_set, sel.selected, group.members)
        summary = peerinfo.size_summary(where, lang)
        if summary:
            st.caption(summary)


def why_block(atlas: Atlas, nis: str, border_set: str, lang: str) -> None:
    """ "Waarom platteland?": density and ruimtebeslag against their thresholds, the verdict."""
    w = why(atlas, nis, border_set, lang)
    lines = "".join(f"<li>{html.escape(x)}</li>" for x in w.lines)
    notes = "".join(f"<br><i>{html.escape(x)}</i>" for x in w.notes)
    st.markdown(
        f"<div data-testid='rd-why' style='font-size:.9rem;margin:.4rem 0'>"
        f"<b>{html.escape(w.title)}</b> {html.escape(w.verdict)}"
        f"<ul style='margin:.1rem 0 0 0'>{lines}</ul>{notes}</div>",
        unsafe_allow_html=True,
    )


def types_block(atlas: Atlas, nis: str, border_set: str, lang: str) -> None:
    """The type on both border sets with the rule's inputs, and which set the report used."""
    lines = borders.both_types(atlas, border_set, nis, lang)
    items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
    st.markdown(
        f"<div data-testid='rd-types' style='font-size:.9rem;margin:.2rem 0'>"
        f"<b>{html.escape(t('pf_types_heading', lang))}</b><ul style='margin:.1rem 0 0 0'>"
        f"{items}</ul></div>",
        unsafe_allow_html=True,
    )
    changes = borders.type_changes_text(atlas, lang)
    with st.expander(t("pf_type_changes_all", lang, n=len(changes))):
        st.markdown("\n".join(f"- {md_text(x)}" for x in changes))


def header(atlas: Atlas, sel: Selection, group: peers.PeerGroup | None) -> None:
    """Name, NIS code, type (and the typology behind it), province, population, service class,
    the merger note, the peer group; the locator map on the right."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    head = facts(atlas, nis, bs, lang)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(
            f"<h1 data-testid='rd-profile-name' style='margin-bottom:0;padding-bottom:0'>"
            f"{html.escape(head['name'])}</h1>",
            unsafe_allow_html=True,
        )
        service = html.escape(head["service"]) + (
            f" <span style='color:#555'>({html.escape(head['service_2019'])})</span>"
            if head["service_2019"]
            else ""
        )
        lines = [
            (t("pf_nis", lang), f"<b data-testid='rd-profile-nis'>{html.escape(nis)}</b>"),
            (t("pf_type", lang), f"<b>{html.escape(head['type'])}</b>"),
            (t("pf_province", lang), html.escape(head["province"])),
            (t("pf_population", lang), html.escape(head["population"])),
            (t("pf_service", lang), service),
        ]
        st.markdown(
            "<br>".join(f"{html.escape(k)}: {v}" for k, v in lines)
            + (f"<br><i>{html.escape(head['merger'])}</i>" if head["merger"] else ""),
            unsafe_allow_html=True,
        )
        badge = status_badge(typology_status(atlas, bs), lang) + " "
        st.markdown(
            f"<div style='font-size:.85rem;color:#444'>{badge}"
            f"{html.escape(head['typology_note'])}</div>",
            unsafe_allow_html=True,
        )
        why_block(atlas, nis, bs, lang)
        types_block(atlas, nis, bs, lang)
        _peers_block(atlas, sel, group)
    with right:
        members = group.members if group else []
        svg = _locator(atlas, bs, nis, tuple(members))
        label = html.escape(t("pf_locator_note", lang, name=head["name"], n=len(members)))
        figure = f"<div class='rd-locator' role='img' aria-label='{label}'>{svg}</div>"
        st.markdown(figure, unsafe_allow_html=True)
        st.caption(t("pf_locator_note", lang, name=head["name"], n=len(members)))
        sources = [atlas.datasets[d] for d in head["sources"].split(",") if d in atlas.datasets]
        short = "; ".join(f"{d.origin(lang)}: {d.label(lang)}" for d in sources)
        st.caption(t("pf_header_source", lang, sources=short))


def _locator(atlas: Atlas, bs: str, nis: str, members: tuple[str, ...]) -> str:
    """The small static SVG locator (no interactive map needed), kept per session."""
    key = (bs, nis, members)
    made = st.session_state.get("rd_locator")
    if not made or made[0] != key:
        gdf = atlas.geometry[bs]
        geoms = dict(zip(gdf["nis_code"], gdf.geometry, strict=True))
        svg = exports.locator_svg(geoms, nis, list(members), width=360)
        svg = svg.replace("<svg ", "<svg style='width:100%;height:auto' ", 1)
        st.session_state["rd_locator"] = made = (key, svg)
    return made[1]


@dataclass(frozen=True)
class Profile:
    """What the rest of the page needs once a municipality is shown."""

    group: peers.PeerGroup | None
    members: list[str]
    table: pd.DataFrame


def render(atlas: Atlas, sel: Selection) -> Profile | None:
    """Search box, header (with the peer group and the locator map); the profile table for the
    tables, charts and exports below. None (with a hint) when no municipality is chosen."""
    left, right = st.columns([3, 2], gap="large", vertical_alignment="bottom")
    shown = bool(sel.selected) and sel.selected in atlas.units(sel.border_set).index
    if shown:  # the municipality's name is the page's one h1 (in the header below)
        left.markdown(f"**{html.escape(t('pf_title', sel.lang))}**")
    else:
        left.title(t("pf_title", sel.lang))
    search_box(atlas, sel, right)
    if not shown:
        st.info(t("pf_pick", sel.lang))
        return None
    group = peer_group(atlas, sel)
    header(atlas, sel, group)
    copy_button(sel.lang, key="rd_profile_copy_link")  # the link restores this profile
    members = list(group.members) if group else []
    data = table(atlas, sel.selected, sel.border_set, tuple(members), sel.lang)
    return Profile(group, members, data)
