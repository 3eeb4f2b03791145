"""The page 'Eigen gegevens': upload (or paste) a table, see the report, make and use the layer.

The file lives only in this session (``rd_up_file``); nothing is used before the user presses
"Gebruik deze laag", and nothing is written to disk before "Bewaar voor later".
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import upload
from ruraldash.features.selection import Selection
from ruraldash.features.upload import LIMITS, UploadReport, check
from ruraldash.ui.views import uploadreport, userlayerlist
from ruraldash.ui.views.uploadreport import md_text

FILE_KEY = "rd_up_file"
ERRORS_KEY = "rd_up_layer_errors"
SEPARATORS = ("", ";", ",", "\t", "|")  # "" = recognised (the reader's guess)
SEPARATOR_KEYS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
WIDGETS = (
    "w_up_sep",
    "w_up_target",
    "w_up_sheet",
    "w_up_code",
    "w_up_value",
    "w_up_label",
    "w_up_unit",
    "w_up_year",
    "w_up_polarity",
    "w_up_facet",
    "w_up_merge",
)
PER_COLUMN = ("w_up_label", "w_up_unit", "w_up_year")  # asked again for every chosen column
CORRECTIONS_KEY = "rd_up_corrections"


def _uploader_key() -> str:
    return f"w_up_file_{st.session_state.get('rd_up_file_n', 0)}"


def _new_file(raw: bytes | None, name: str | None) -> None:
    for key in WIDGETS:
        st.session_state.pop(key, None)
    st.session_state.pop(ERRORS_KEY, None)
    st.session_state.pop(CORRECTIONS_KEY, None)
    if raw is None:
        st.session_state.pop(FILE_KEY, None)
    else:
        st.session_state[FILE_KEY] = {"raw": raw, "name": name}


def _on_upload() -> None:
    file = st.session_state.get(_uploader_key())
    _new_file(file.getvalue() if file is not None else None, file.name if file else None)


def _on_paste(lang: str) -> None:
    text = st.session_state.get("w_up_paste") or ""
    _new_file(text.encode("utf-8") if text.strip() else None, t("upv_pasted_name", lang))


def _inputs(lang: str) -> None:
    size = number(LIMITS.max_bytes / 1_048_576, 0, lang, "MB")
    st.caption(
        t(
            "upv_limits",
            lang,
            size=size,
            rows=number(LIMITS.max_rows, 0, lang),
            columns=LIMITS.max_columns,
        )
    )
    left, right = st.columns([3, 2])
    left.file_uploader(  # the size limit is server.maxUploadSize = LIMITS.max_bytes (config.toml)
        t("upv_uploader", lang, size=size),
        type=["csv", "txt", "tsv", "xlsx"],
        key=_uploader_key(),
        on_change=_on_upload,
    )
    left.caption(t("uploader_hint", lang))  # the box's own words are Streamlit's, in English
    right.text_area(
        t("upv_paste", lang), key="w_up_paste", on_change=_on_paste, args=(lang,), height=110
    )


def _seed(key: str, value, options=None) -> None:
    """Give a widget its first value (and a valid one when its options changed)."""
    if key not in st.session_state or (
        options is not None and st.session_state[key] not in options
    ):
        st.session_state[key] = value


def _on_value_change() -> None:
    """A newly chosen value column gets its own name, unit and year (not the previous column's)."""
    for key in (*PER_COLUMN, ERRORS_KEY):
        st.session_state.pop(key, None)


def accept_suggestion(value: str, name: str) -> None:
    """Callback: read the cell ``value`` as the municipality ``name`` from now on."""
    corrections = dict(st.session_state.get(CORRECTIONS_KEY) or {})
    corrections[value.strip()] = name
    st.session_state[CORRECTIONS_KEY] = corrections


def _choose(raw: bytes, name: str, units, mapping, lang: str) -> tuple[UploadReport, str | None]:
    """Borders, sheet, municipality column and value column; the report for that choice."""
    st.markdown(f"## {t('upv_settings', lang)}")
    fixes = st.session_state.get(CORRECTIONS_KEY) or {}
    sep = st.session_state.get("w_up_sep") or None
    auto = uploadreport.inspect(raw, name, units, mapping, "2019", fixes=fixes, separator=sep)
    picked = st.session_state.get("w_up_sheet")
    sheet = picked if auto.read.table and picked != auto.read.table.sheet else None
    detected = uploadreport.inspect(
        raw, name, units, mapping, "2019", sheet=sheet, fixes=fixes, separator=sep
    )
    if auto.read.table is not None and auto.read.table.kind == "csv":
        _separator_choice(auto, lang)
    _seed("w_up_target", check.border_set_of(detected), upload.BORDER_SETS)
    cols = st.columns(4 if len(_sheets(detected)) > 1 else 3)
    target = cols[0].radio(
        t("upv_border_set", lang),
        list(upload.BORDER_SETS),
        key="w_up_target",
        format_func=lambda v: t(f"border_{v}", lang),
        help=t("upv_border_set_help", lang),
    )
    if len(sheets := _sheets(detected)) > 1:
        _seed("w_up_sheet", auto.read.table.sheet, sheets)
        picked = cols.pop().selectbox(
            t("upv_sheet", lang), sheets, key="w_up_sheet", placeholder=t("sb_choose", lang)
        )
        sheet = picked if picked != auto.read.table.sheet else None
    guess = uploadreport.inspect(
        raw, name, units, mapping, target, sheet=sheet, fixes=fixes, separator=sep
    )
    if not guess.columns:
        return guess, None
    _seed("w_up_code", guess.code_column or guess.columns[0], guess.columns)
    code = cols[1].selectbox(
        t("upv_code_column", lang), guess.columns, key="w_up_code", placeholder=t("sb_choose", lang)
    )
    options = [c for c in guess.columns if c != code]
    if not options:
        return guess, None
    guessed = [c for c in guess.value_columns if c in options] if code == guess.code_column else []
    _seed("w_up_value", (guessed or options)[0], options)
    value = cols[2].selectbox(
        t("upv_value_column", lang),
        options,
        key="w_up_value",
        on_change=_on_value_change,
        placeholder=t("sb_choose", lang),
    )
    report = uploadreport.inspect(
        raw,
        name,
        units,
        mapping,
        target,
        code,
        value,
        lang,
        sheet=sheet,
        fixes=fixes,
        separator=sep,
    )
    return report, value


def _separator_choice(report: UploadReport, lang: str) -> None:
    """The CSV separator: recognised by default, or the user's choice (read again with it)."""
    found = report.read.separator

    def label(sep: str) -> str:
        if not sep:
            return t("upv_separator_auto", lang, found=label(found) if found else "?")
        return t(f"upv_separator_{SEPARATOR_KEYS[sep]}", lang)

    _seed("w_up_sep", "", SEPARATORS)
    st.selectbox(
        t("upv_separator", lang),
        SEPARATORS,
        key="w_up_sep",
        format_func=label,
        help=t("upv_separator_help", lang),
        on_change=_on_separator_change,
        placeholder=t("sb_choose", lang),
    )


def _on_separator_change() -> None:
    """Columns read with another separator are other columns: choose them again."""
    for key in ("w_up_code", "w_up_value", *PER_COLUMN, ERRORS_KEY):
        st.session_state.pop(key, None)


def _sheets(report: UploadReport) -> list[str]:
    table = report.read.table
    return list(table.sheets) if table is not None else []


def _on_use(report: UploadReport, column: str, lang: str) -> None:
    state = st.session_state
    try:
        layer = upload.to_layer(
            report,
            column,
            state.get("w_up_label") or "",
            state.get("w_up_unit") or "",
            state.get("w_up_polarity"),
            state.get("w_up_facet"),
            state.get("w_up_merge"),
            lang,
            year=state.get("w_up_year") or "",
        )
    except upload.LayerError as err:
        state[ERRORS_KEY] = [m.text for m in err.messages]
        return
    state.pop(ERRORS_KEY, None)
    if userlayerlist.add(layer, lang, where="form"):
        userlayerlist.notice("success", t("upv_used", lang, label=md_text(layer.label)), "form")


def _layer_form(report: UploadReport, column: str, sel: Selection) -> None:
    """Label, unit, polarity, facet (and the merge rule): then 'Gebruik deze laag'."""
    lang = sel.lang
    st.markdown(f"## {t('upv_make', lang)}")
    if not report.ok:
        st.info(t("upv_fix_first", lang))
        return
    parsed = report.values[column]
    label = check.split_unit(upload.clean_text(column))[0]
    _seed("w_up_label", label[: LIMITS.max_label_length])
    _seed("w_up_unit", check.suggested_unit(report, column))
    _seed("w_up_year", "")
    _seed("w_up_polarity", "neutral", upload.POLARITIES)
    _seed("w_up_facet", sel.facets[0] if sel.facets else 1, list(FACETS))
    st.caption(md_text(t("upv_for_column", lang, column=upload.clean_text(column))))
    cols = st.columns([3, 2, 1.2])  # two rows, so labels do not wrap at 1280 px
    cols[0].text_input(t("upv_label", lang), key="w_up_label", max_chars=LIMITS.max_label_length)
    unit = cols[1].text_input(
        t("upv_unit", lang), key="w_up_unit", max_chars=LIMITS.max_unit_length
    )
    cols[2].text_input(
        t("upv_year", lang), key="w_up_year", max_chars=4, help=t("upv_year_help", lang)
    )
    cols = st.columns([2, 2.2])
    cols[0].selectbox(
        t("upv_polarity", lang),
        list(upload.POLARITIES),
        key="w_up_polarity",
        format_func=lambda p: t(f"upv_polarity_{p}", lang),
        placeholder=t("sb_choose", lang),
    )
    cols[1].selectbox(
        t("upv_facet", lang),
        list(FACETS),
        key="w_up_facet",
        format_func=lambda f: f"{f} {facet_label(f, lang)}",
        placeholder=t("sb_choose", lang),
    )
    if report.match.merged:
        st.radio(
            t("upv_merge", lang),
            list(upload.MERGE_RULES),
            key="w_up_merge",
            index=None,
            horizontal=True,
            format_func=lambda m: t(f"upv_merge_{m}", lang),
            help=t("upv_merge_help", lang),
        )
    else:
        st.session_state.pop("w_up_merge", None)
    if checks := upload.check_values(parsed.values, unit or "", lang):
        st.warning(f"**{t('upv_check_unit', lang)}**\n\n" + uploadreport.bullets(checks))
    for text in st.session_state.get(ERRORS_KEY) or []:
        st.error(md_text(text))
    st.button(
        t("upv_use", lang),
        type="primary",
        key="rd_up_use",
        on_click=_on_use,
        args=(report, column, lang),
    )
    if userlayerlist.show_notice("form"):
        st.button(t("upv_to_map", lang), key="rd_up_to_map", on_click=userlayerlist.request_map)


def render(atlas: Atlas, sel: Selection) -> None:
    """The page body: inputs, report, layer form, this session's layers, saved layers."""
    lang = sel.lang
    st.title(t("upv_title", lang))
    st.markdown(t("upv_intro", lang))
    userlayerlist.follow_map_request()
    _inputs(lang)
    file = st.session_state.get(FILE_KEY)
    if file is None:
        st.info(t("upv_no_file", lang))
    else:
        st.caption(md_text(t("upv_file_label", lang, name=file["name"])))
        units, mapping = uploadreport.reference_units(atlas)
        report, column = _choose(file["raw"], file["name"], units, mapping, lang)
        st.markdown(f"## {t('upv_report', lang)}")
        uploadreport.show(report, units, lang, on_accept=accept_suggestion)
        if column is not None:
            _layer_form(report, column, sel)
    st.divider()
    userlayerlist.active(lang)
    userlayerlist.saved(lang)
