"""The Sources page: every dataset and indicator, the conversion rules, the typology, full download.

The tables are cached per atlas (the shared one, or a session's atlas with its own layers) and
language; the checksum check is cached for a minute.
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st
from markupsafe import Markup

from ruraldash.core.config import settings
from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.provenance import read_manifest
from ruraldash.core.sync import verify_all
from ruraldash.core.vocab import BORDER_SETS, STATUSES
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import RULES
from ruraldash.features import sources, typenote
from ruraldash.features.profile import borders
from ruraldash.features.selection import Selection
from ruraldash.render import exports
from ruraldash.render.templates import snippet
from ruraldash.ui.base import status_badge
from ruraldash.ui.cache import atlas_key
from ruraldash.ui.views.uploadreport import md_text


@st.cache_data(ttl=60, show_spinner=False)
def checksums() -> tuple[dict[str, str], str]:
    """Dataset id -> ok / mismatch / missing for every file of the manifest, and the time checked."""
    cfg = settings()
    results = verify_all(read_manifest(cfg.manifest), cfg.data_dir)
    return {r.dataset.id: r.state for r in results}, time.strftime("%H:%M")


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs={Atlas: atlas_key})
def _tables(atlas: Atlas, checks: dict[str, str], lang: str) -> dict[str, pd.DataFrame]:
    official = settings().section("typology").get("official_counts", {})
    return {
        "datasets": sources.dataset_table(atlas, checks, lang),
        "indicators": sources.indicator_table(atlas, lang),
        "typology": sources.typology_table(atlas, dict(official), lang),
    }


def _widths(lang: str, large: tuple[str, ...], medium: tuple[str, ...] = ()) -> dict:
    """Wide columns for long texts (hover a cell to read all of it)."""
    sizes = {name: "large" for name in large} | {name: "medium" for name in medium}
    return {t(f"sources_col_{n}", lang): st.column_config.Column(width=w) for n, w in sizes.items()}


def _height(table: pd.DataFrame, rows: int = 25) -> int:
    """Room for every row up to ``rows`` (then the table scrolls)."""
    return 38 + 35 * min(len(table), rows)


def _badges(lang: str) -> None:
    badges = [(s, Markup(status_badge(s, lang))) for s in STATUSES]  # built by the badge template
    st.markdown(snippet("status_legend", lang, badges=badges), unsafe_allow_html=True)


def datasets(atlas: Atlas, tables: dict, checked: str, lang: str) -> None:
    """The dataset table (sortable; links clickable) with the checksum state."""
    st.header(t("sources_datasets", lang))
    table = tables["datasets"]
    st.caption(t("sources_datasets_note", lang, n=len(table), time=checked))
    col = t("sources_col_checksum", lang)
    bad = table[col].isin([t("sources_check_mismatch", lang), t("sources_check_missing", lang)])
    if bad.any():
        st.error(t("sources_check_problems", lang, n=int(bad.sum())))
    link = t("sources_col_link", lang)
    config = _widths(lang, large=("title", "caveat", "licence"), medium=("publisher",))
    config[link] = st.column_config.LinkColumn(link, display_text="↗", width="small")
    st.dataframe(
        table, hide_index=True, width="stretch", height=_height(table), column_config=config
    )
    _badges(lang)


def indicators(tables: dict, lang: str) -> None:
    """The indicator table and the conversion rules in words."""
    st.header(t("sources_indicators", lang))
    table = tables["indicators"]
    st.caption(t("sources_indicators_note", lang, n=len(table)))
    config = _widths(lang, large=("indicator", "rule", "definition", "source"), medium=("facets",))
    st.dataframe(
        table, hide_index=True, width="stretch", height=_height(table, 16), column_config=config
    )
    with st.expander(t("sources_rules", lang)):
        lines = [f"- {t(f'sources_rule_{r}', lang)}" for r in RULES]
        lines.append(f"- {t('sources_rule_from_2025', lang)}")
        st.markdown(t("sources_rules_body", lang) + "\n\n" + "\n".join(lines))


def typology(atlas: Atlas, tables: dict, lang: str) -> None:
    """The Plattelandsrapport rule, and our counts next to the official 140 / 147 / 13."""
    st.header(t("sources_typology", lang))
    st.markdown(typenote.typology_method(atlas, "2019", lang))
    for bs in BORDER_SETS:
        st.caption(typenote.typology_note(atlas, bs, lang))
    if (atlas.units("2019")["type_source"] == "official").all():
        st.info(t("sources_typology_official", lang))
    st.dataframe(tables["typology"], hide_index=True, width="content")
    changes = borders.type_changes(atlas, lang)
    st.markdown(f"**{t('pf_type_changes_heading', lang)} ({len(changes)})**")
    st.caption(t("pf_type_changes", lang) + " " + t("pf_type_report_borders", lang))
    cols = changes.columns
    decimals = {cols[3]: 0, cols[8]: 0, cols[4]: 1, cols[9]: 1}  # density, ruimtebeslag
    formats = {c: (lambda v, d=d: number(v, d, lang)) for c, d in decimals.items()}
    st.dataframe(changes.style.format(formats), hide_index=True)


def download(atlas: Atlas, lang: str) -> None:
    """The full tidy table as CSV (Belgian, international) and XLSX, made when clicked."""
    st.header(t("sources_download", lang))
    st.caption(t("sources_download_note", lang, rows=number(len(atlas.tidy), 0, lang)))
    line = sources.licence_line(atlas, lang)
    st.caption(md_text(f"{t('source_label', lang)} ({t('licence_label', lang).lower()}): {line}"))
    stem = ("alle-indicatoren", date.today().isoformat())

    def csv_be() -> bytes:
        return exports.table_csv(sources.tidy_table(atlas, lang), "be", line, lang=lang)

    def csv_intl() -> bytes:
        return exports.table_csv(sources.tidy_table(atlas, lang), "intl", line, lang=lang)

    def xlsx() -> bytes:
        sheet = t("sources_sheet", lang)
        return exports.table_xlsx(
            sources.tidy_table(atlas, lang), sheet, line, title=sheet, lang=lang
        )

    cols = st.columns(3)
    cols[0].download_button(
        t("sources_download_csv", lang),
        csv_be,
        exports.filename("tabel", *stem, ext="csv", lang=lang),
        "text/csv",
        key="rd_src_csv",
    )
    cols[1].download_button(
        t("sources_download_csv_intl", lang),
        csv_intl,
        exports.filename("tabel", stem[0], "intl", stem[1], ext="csv", lang=lang),
        "text/csv",
        key="rd_src_csv_intl",
    )
    cols[2].download_button(
        t("sources_download_xlsx", lang),
        xlsx,
        exports.filename("tabel", *stem, ext="xlsx", lang=lang),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="rd_src_xlsx",
    )


def render(atlas: Atlas, sel: Selection) -> None:
    """The whole Sources page body."""
    lang = sel.lang
    st.title(t("sources_title", lang))
    st.markdown(t("sources_intro", lang))
    checks, checked = checksums()
    tables = _tables(atlas, checks, lang)
    datasets(atlas, tables, checked, lang)
    indicators(tables, lang)
    typology(atlas, tables, lang)
    download(atlas, lang)
