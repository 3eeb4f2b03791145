"""Profile page: header, locator map with the peer group, every indicator by facet, charts, exports."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from .. import charts, exports, maps, peers, profile
from ..atlas import Atlas
from ..catalog import FACETS
from ..fmt import number
from ..i18n import t
from ..selection import Selection
from .mapview import _static_url, search_box
from .state import set_selection

METHODS = ("type", "province", "neighbours", "similar", "own")


@st.cache_resource(show_spinner=False)
def _neighbours(_atlas: Atlas, border_set: str) -> dict[str, list[str]]:
    return peers.neighbour_table(_atlas.geometry[border_set])


@st.cache_data(show_spinner=False, max_entries=64)
def _table(
    _atlas: Atlas, nis: str, border_set: str, members: tuple[str, ...], lang: str
) -> pd.DataFrame:
    return profile.profile_table(_atlas, nis, border_set, list(members), lang)


def peer_controls(atlas: Atlas, sel: Selection) -> Selection:
    """Sidebar: peer method, k and context indicators for 'similar', members for 'own' (in the URL)."""
    lang, sb, extra = sel.lang, st.sidebar, dict(sel.extra)
    method = extra.get("methode", "similar")
    if method not in METHODS:
        st.toast(t("pf_unknown_param", lang))
        method = "similar"
    method = sb.radio(t("pf_peer_method", lang), METHODS, index=METHODS.index(method),
                      format_func=lambda m: t(f"pf_method_{m}", lang), key="pf_method")  # fmt: skip
    extra["methode"] = method
    if method == "similar":
        k = int(extra["knn"]) if extra.get("knn", "").isdigit() else 10
        extra["knn"] = str(sb.slider(t("pf_k", lang), 3, 20, min(max(k, 3), 20), key="pf_k"))
        default = profile.CONTEXT if sel.border_set == "2019" else profile.CONTEXT_2025
        sb.multiselect(t("pf_context", lang), list(default), default=list(default), key="pf_context",
                       format_func=lambda i: atlas.catalogue[i].label(lang))  # fmt: skip
    if method == "own":
        names = atlas.units(sel.border_set)["name"].sort_values()
        wanted = [c for c in extra.get("peers", "").split(",") if c in names.index]
        chosen = sb.multiselect(t("pf_own", lang), list(names.index), default=wanted, key="pf_own",
                                format_func=lambda c: f"{names[c]} ({c})")  # fmt: skip
        extra["peers"] = ",".join(chosen)
    sel = sel.with_(extra=extra)
    set_selection(sel)
    return sel


def peer_group(atlas: Atlas, sel: Selection) -> peers.PeerGroup | None:
    """The peer group of the selected municipality for the chosen method."""
    bs, nis, lang, method = (
        sel.border_set,
        sel.selected,
        sel.lang,
        sel.extra.get("methode", "similar"),
    )
    units = atlas.units(bs)
    opts: dict = {"names": units["name"]}
    if method == "type":
        opts["types"] = units["type"]
    elif method == "province":
        opts["provinces"] = units["province"]
    elif method == "neighbours":
        opts["neighbours"] = _neighbours(atlas, bs)
    elif method == "similar":
        ids = st.session_state.get("pf_context") or list(profile.CONTEXT)
        opts["features"] = profile.context_features(atlas, bs, ids)
        opts["labels"] = {i: atlas.catalogue[i].label(lang) for i in ids if i in atlas.catalogue}
    else:
        opts["members"] = [c for c in sel.extra.get("peers", "").split(",") if c]
        opts["known"] = set(units.index)
    k = int(sel.extra.get("knn", "10")) if sel.extra.get("knn", "").isdigit() else 10
    try:
        return peers.peers(nis, method, k=k, lang=lang, **opts)
    except ValueError as exc:
        st.warning(t("pf_peer_error", lang, msg=str(exc)))
        return None


def _service_label(atlas: Atlas, bs: str, nis: str) -> str:
    """The service class with its label (2019–2024: archived uitrustingsniveau; 2025: uitrustingsgraad)."""
    table = atlas.bundle.tables["typology_pinc_2019" if bs == "2019" else "typology_pinc_2025"]
    prefix = "uitrustingsniveau" if bs == "2019" else "uitrustingsgraad"
    if nis not in table.index:
        return t("no_data", "nl")
    return f"{table.at[nis, prefix + '_code']} {table.at[nis, prefix + '_label']}"


def header(atlas: Atlas, sel: Selection, group: peers.PeerGroup | None) -> None:
    """Name, NIS code, type, province, population, service class, and the locator map."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    unit, wide = atlas.units(bs).loc[nis], atlas.wide(bs)
    pop_id = "population_2025" if pd.notna(wide.at[nis, "population_2025"]) else "population_2020"
    pop = number(wide.at[nis, pop_id], 0, lang) + f" ({atlas.catalogue[pop_id].year})"
    counts = atlas.type_counts(bs)
    ours = " / ".join(str(counts[k]) for k in ("platteland", "verstedelijkt", "centrumstad"))
    left, right = st.columns([3, 2])
    with left:
        st.markdown(
            f"<h1 data-testid='rd-profile-name' style='margin-bottom:0'>{html.escape(str(unit['name']))}</h1>",
            unsafe_allow_html=True,
        )
        facts = [
            (t("pf_nis", lang), f"<b data-testid='rd-profile-nis'>{html.escape(nis)}</b>"),
            (
                t("pf_type", lang),
                html.escape(
                    t(f"type_{unit['type']}", lang)
                    if pd.notna(unit["type"])
                    else t("type_unknown", lang)
                ),
            ),
            (t("pf_province", lang), html.escape(str(unit["province"]))),
            (t("pf_population", lang), html.escape(pop)),
            (t("pf_service", lang), html.escape(_service_label(atlas, bs, nis))),
        ]
        st.markdown("<br>".join(f"{html.escape(k)}: {v}" for k, v in facts), unsafe_allow_html=True)
        st.caption(t("pf_typology_note", lang, ours=ours))
        if bs == "2019" and unit.get("name_2025") and unit["name_2025"] != unit["name"]:
            st.caption(t("pf_merged", lang, name=unit["name_2025"], code=unit["nis_code_2025"]))
        if group is not None:
            names = atlas.units(bs)["name"]
            st.markdown(f"**{html.escape(t('pf_peers', lang))}** ({len(group.members)})")
            st.caption(group.explanation)
            st.markdown(
                "<div data-testid='rd-peers'>"
                + ", ".join(html.escape(str(names.get(c, c))) for c in group.members)
                + "</div>",
                unsafe_allow_html=True,
            )
    with right:
        members = group.members if group else []
        m = maps.locator_map(atlas.geojson(bs), nis, members, static_url=_static_url())
        st_folium(m, key="pf_locator", height=300, use_container_width=True, returned_objects=[])


def _shown(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    status = [
        t(f"status_{s}", lang) + (" · " + t("status_approx", lang) if a else "")
        for s, a in zip(table["status"], table["approx"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("pf_col_indicator", lang): table["label"],
            t("pf_col_value", lang): table["value_text"],
            t("pf_col_year", lang): table["year"],
            t("pf_col_status", lang): status,
            t("pf_col_rank", lang): table["rank_text"],
            t("pf_col_pct", lang): [
                number(p, 0, lang) if pd.notna(p) else "" for p in table["percentile"]
            ],
            t("pf_col_flanders", lang): table["median_flanders_text"],
            t("pf_col_type", lang): table["median_type_text"],
            t("pf_col_province", lang): table["median_province_text"],
            t("pf_col_peers", lang): table["median_peers_text"],
        }
    )


def indicator_tables(table: pd.DataFrame, lang: str) -> None:
    """Every indicator, one table per facet (an indicator appears under its first facet)."""
    st.subheader(t("pf_indicators", lang))
    for facet, part in table.groupby("facet", sort=True):
        st.markdown(f"**{facet}. {html.escape(FACETS[int(facet)][0 if lang == 'nl' else 1])}**")
        st.dataframe(_shown(part, lang), hide_index=True, width="stretch")


def charts_section(atlas: Atlas, sel: Selection, members: list[str]) -> None:
    """Strip plot and peer bars for a chosen indicator; trends where several years exist."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    st.subheader(t("pf_charts", lang))
    numeric = [i for i in atlas.catalogue.values() if i.kind != "ordinal"]
    ind = st.selectbox(t("pf_chart_indicator", lang), numeric, key="pf_chart_ind",
                       format_func=lambda i: i.label(lang))  # fmt: skip
    frame = atlas.units(bs)[["name"]].assign(value=atlas.values(ind.id, bs)["value"])
    left, right = st.columns(2)
    unit = ind.unit_label(lang)
    left.plotly_chart(charts.strip_plot(frame, "value", highlight=nis, peers=members, unit=unit,
                                        title=t("pf_strip_title", lang, label=ind.label(lang)), lang=lang),
                      config=charts.PLOTLY_CONFIG, width="stretch")  # fmt: skip
    right.plotly_chart(charts.peer_bars(frame, "value", highlight=nis, peers=members, unit=unit,
                                        title=t("pf_bars_title", lang, label=ind.label(lang)), lang=lang),
                       config=charts.PLOTLY_CONFIG, width="stretch")  # fmt: skip
    st.caption(f"{t('source_label', lang)}: {atlas.datasets[ind.source].source_line(lang)}")
    trends(atlas, sel)


def _series(atlas: Atlas, ids: list[str], bs: str, nis: str) -> pd.Series:
    t_ = atlas.tidy
    part = t_[(t_["indicator"].isin(ids)) & (t_["border_set"] == bs) & (t_["nis_code"] == nis)]
    return part.dropna(subset=["year"]).set_index("year")["value"].sort_index()


def trends(atlas: Atlas, sel: Selection) -> None:
    """Population 2020→2025, permits 2019–2025, establishment units 2018–2023, households 2023→2040."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    st.markdown(f"**{html.escape(t('pf_trends', lang))}**")
    hh_table = atlas.bundle.tables["households_300" if bs == "2019" else "households_285"]
    hh = pd.Series(dtype=float)
    if nis in hh_table.index:
        hh = pd.Series(
            {
                2023: hh_table.at[nis, "households_2023"],
                2040: hh_table.at[nis, "households_2040_projected"],
            },
            dtype=float,
        )
    panels = [
        (
            t("pf_pop_series", lang),
            _series(atlas, ["population_2020", "population_2025"], bs, nis),
            "population_2020",
        ),
        (
            atlas.catalogue["new_dwellings_permitted"].label(lang),
            _series(atlas, ["new_dwellings_permitted"], bs, nis),
            "new_dwellings_permitted",
        ),
        (
            atlas.catalogue["establishment_units"].label(lang),
            _series(atlas, ["establishment_units"], bs, nis),
            "establishment_units",
        ),
        (t("pf_hh_series", lang), hh, "households_2023"),
    ]
    cols = st.columns(2)
    for i, (label, series, ind_id) in enumerate(panels):
        ind = atlas.catalogue[ind_id]
        fig = charts.time_series({label: series}, unit=ind.unit_label(lang), title=label, lang=lang)
        with cols[i % 2]:
            st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch")
            st.caption(f"{t('source_label', lang)}: {atlas.datasets[ind.source].source_line(lang)}")


def exports_section(
    atlas: Atlas, sel: Selection, table: pd.DataFrame, group: peers.PeerGroup | None
) -> None:
    """Profile table as CSV/XLSX and the one-page briefing PDF (system chromium)."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    unit = atlas.units(bs).loc[nis]
    sources = sorted({atlas.datasets[s].source_line(lang) for s in table["source"]})
    source_line = f"{t('source_label', lang)}: " + " | ".join(sources)
    shown = _shown(table, lang)
    stem = [str(unit["name"]), nis, date.today().isoformat()]
    st.subheader(t("pf_export", lang))
    a, b, c = st.columns(3)
    a.download_button(t("download_csv", lang), exports.table_csv(shown, "be", source_line),
                      exports.filename("profiel", *stem, ext="csv"), "text/csv")  # fmt: skip
    b.download_button(t("download_xlsx", lang), exports.table_xlsx(shown, str(unit["name"]), source_line, title=str(unit["name"])),
                      exports.filename("profiel", *stem, ext="xlsx"),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    key = ("pf_pdf", nis, bs, tuple(group.members) if group else (), lang)
    if st.session_state.get("pf_pdf_key") != key and c.button(t("pf_pdf", lang), key="pf_pdf_make"):
        try:
            with st.spinner(t("pf_pdf_busy", lang)):
                st.session_state["pf_pdf_bytes"] = exports.briefing_pdf(
                    _briefing(atlas, sel, table, group, sources), lang
                )
            st.session_state["pf_pdf_key"] = key
        except exports.ExportError as exc:
            c.error(exc.message(lang))
    if st.session_state.get("pf_pdf_key") == key:
        c.download_button(t("pf_pdf_ready", lang), st.session_state["pf_pdf_bytes"],
                          exports.filename("briefing", *stem, ext="pdf"), "application/pdf")  # fmt: skip
    with st.expander(t("pf_sources", lang)):
        for line in sources:
            st.markdown(f"- {html.escape(line)}")


def _briefing(atlas, sel, table, group, sources) -> dict:
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    unit, names = atlas.units(bs).loc[nis], atlas.units(bs)["name"]
    members = group.members if group else []
    geoms = dict(zip(atlas.geometry[bs]["nis_code"], atlas.geometry[bs].geometry, strict=True))
    wide = atlas.wide(bs)
    pop_id = "population_2025" if pd.notna(wide.at[nis, "population_2025"]) else "population_2020"
    rows = [
        {"label": r.label, "value_text": r.value_text, "unit": "", "year": r.year,
         "status": r.status, "rank_text": r.rank_text, "peer_median_text": r.median_peers_text,
         "flanders_median_text": r.median_flanders_text}
        for r in table.itertuples()
    ]  # fmt: skip
    return {
        "name": str(unit["name"]), "nis_code": nis,
        "type": t(f"type_{unit['type']}", lang) if pd.notna(unit["type"]) else t("type_unknown", lang),
        "typology": t("typology_plattelandsrapport", lang), "province": str(unit["province"]),
        "population": number(wide.at[nis, pop_id], 0, lang) + f" ({atlas.catalogue[pop_id].year})",
        "border_set": t(f"border_{bs}", lang), "rows": rows, "sources": sources,
        "peers": [str(names.get(c, c)) for c in members],
        "peer_method": group.explanation if group else "", "generated": date.today().isoformat(),
        "locator_svg": exports.locator_svg(geoms, nis, members),
    }  # fmt: skip


def render(atlas: Atlas, sel: Selection) -> None:
    """The profile page body."""
    lang = sel.lang
    search_box(atlas, sel)
    from .state import current

    sel = current(atlas)
    if not sel.selected or sel.selected not in atlas.units(sel.border_set).index:
        st.info(t("pf_pick", lang))
        return
    group = peer_group(atlas, sel)
    header(atlas, sel, group)
    members = tuple(group.members) if group else ()
    table = _table(atlas, sel.selected, sel.border_set, members, lang)
    indicator_tables(table, lang)
    charts_section(atlas, sel, list(members))
    exports_section(atlas, sel, table, group)
