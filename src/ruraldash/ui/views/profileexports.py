"""Profile page exports: the profile table as CSV (Belgian) and XLSX, and the one-page briefing PDF."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain.peers import PeerGroup
from ruraldash.features.peertext import explain_with_catalogue
from ruraldash.features.profile import briefing
from ruraldash.features.profile import table as profile
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import exports
from ruraldash.ui.downloads import XLSX_MIME

PDF_KEY = "pf_pdf_made"
"""Session key of the latest briefing: (what it was made from, PDF bytes); only one is kept."""


def _explain(atlas: Atlas, group: PeerGroup | None, lang: str) -> str:
    return explain_with_catalogue(group, atlas.catalogue, lang) if group else ""


def _pdf(container, atlas: Atlas, sel: Selection, data: pd.DataFrame, group, stem) -> None:
    """Make the briefing on request (system chromium, 1–3 s), then offer it for download.

    A missing or failing chromium (:class:`ruraldash.render.exports.ExportError`) gives a Dutch error
    next to the button; the rest of the page keeps working.
    """
    lang, members = sel.lang, tuple(group.members) if group else ()
    made_from = (sel.selected, sel.border_set, members, lang, _explain(atlas, group, lang))
    made = st.session_state.get(PDF_KEY)
    if not made or made[0] != made_from:
        if not container.button(t("pf_pdf", lang), key="pf_pdf_make"):
            return
        info = briefing.build(
            atlas,
            data,
            sel.selected,
            sel.border_set,
            members,
            made_from[-1],
            lang,
            date.today().isoformat(),
        )
        try:
            with st.spinner(t("pf_pdf_busy", lang)):
                made = (made_from, exports.briefing_pdf(info, lang))
        except exports.ExportError as exc:
            container.error(t("pf_pdf_failed", lang, msg=exc.message(lang)))
            return
        st.session_state[PDF_KEY] = made
    container.download_button(
        t("pf_pdf_ready", lang),
        made[1],
        exports.filename("briefing", *stem, ext="pdf", lang=sel.lang),
        "application/pdf",
        key="pf_pdf_download",
        type="primary",
    )


def render(atlas: Atlas, sel: Selection, data: pd.DataFrame, group: PeerGroup | None) -> None:
    """CSV and XLSX of the profile table (numbers stay numbers, source line below) and the PDF."""
    lang, nis = sel.lang, sel.selected
    name = str(atlas.units(sel.border_set).at[nis, "name"])
    sources = profile.source_lines(atlas, list(data["source"]), lang)
    source_line = " | ".join([*sources, typology_note(atlas, sel.border_set, lang)])
    table = profile.export_table(data, lang)
    stem = [name, nis, sel.border_set, date.today().isoformat()]
    title = f"{name} ({nis}) – {t('pf_title', lang)}"
    st.header(t("pf_export", lang))
    a, b, c = st.columns(3)
    a.download_button(
        t("download_csv", lang),
        lambda: exports.table_csv(table, "be", source_line, lang=lang),
        exports.filename("profiel", *stem, ext="csv", lang=sel.lang),
        "text/csv",
        on_click="ignore",
        key="pf_csv",
    )
    b.download_button(
        t("download_xlsx", lang),
        lambda: exports.table_xlsx(table, name, source_line, title=title, lang=lang),
        exports.filename("profiel", *stem, ext="xlsx", lang=sel.lang),
        XLSX_MIME,
        on_click="ignore",
        key="pf_xlsx",
    )
    _pdf(c, atlas, sel, data, group, stem)
    with st.expander(t("pf_sources", lang)):
        st.markdown("\n".join(f"- {html.escape(line)}" for line in sources))
