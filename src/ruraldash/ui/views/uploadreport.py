"""The upload report on screen: a clear summary first, then expandable details.

Everything taken from the file (names, cells, column and file names) is user data: in Markdown it
goes through :func:`md_text`; tables (``st.dataframe``) show it as plain text.
"""

from __future__ import annotations

import hashlib
import html
import re

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.features import upload
from ruraldash.features.upload import ERROR, INFO, WARNING, UploadReport, check
from ruraldash.features.upload.layers import layer_values

REPORTS_KEY = "rd_up_reports"
SUGGEST_BUTTONS = 12
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows (cp1252)",
    "cp850": "DOS (cp850)",
    "mac_roman": "Mac (Mac Roman)",
    "utf-8+cp1252": "UTF-8 + Windows (cp1252)",
}
KEEP_REPORTS = 8
SHOWN_ROWS = 200
PREVIEW_ROWS = 10
CELL_PROBLEMS = ("not_a_number", "special_value")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^])")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def md_text(text: object) -> str:
    """Inert Markdown for user data: markup characters get a backslash, HTML becomes entities.

    Streamlit's Markdown turns ``http://…``, ``www.…`` and ``a@b.c`` in *text* into links, even
    behind a backslash or a character reference; an invisible word joiner (U+2060) after ``http``,
    ``www`` and before ``@`` keeps them text (the visible characters stay the same).
    """
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, str(text))
    return html.escape(_MD_SPECIAL.sub(r"\\\1", unlinked), quote=False)


def reference_units(atlas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, mapping) as :func:`ruraldash.features.upload.prepare_layer` wants them, from the atlas."""
    return check.reference_frames(atlas)


def inspect(
    raw: bytes,
    filename: str,
    units: pd.DataFrame,
    mapping: pd.DataFrame,
    target: str,
    code_column: str | None = None,
    value_column: str | None = None,
    lang: str = "nl",
    sheet: str | None = None,
    fixes: dict[str, str] | None = None,
    separator: str | None = None,
) -> UploadReport:
    """:func:`ruraldash.features.upload.prepare_layer`, remembered in the session (a rerun costs nothing).

    ``fixes`` are the suggestions the user accepted (cell text -> municipality name).
    """
    digest = hashlib.sha256(raw).hexdigest()
    fixed = tuple(sorted((fixes or {}).items()))
    key = (digest, filename, target, code_column, value_column, lang, len(units), sheet, fixed)
    key += (separator,)
    cache = st.session_state.setdefault(REPORTS_KEY, {})
    if key not in cache:
        while len(cache) >= KEEP_REPORTS:
            cache.pop(next(iter(cache)))
        values = [value_column] if value_column is not None else None
        cache[key] = upload.prepare_layer(
            raw,
            filename,
            units,
            mapping,
            target,
            code_column,
            values,
            lang,
            sheet=sheet,
            corrections=dict(fixed),
            separator=separator,
        )
    return cache[key]


def bullets(messages: list[upload.Message]) -> str:
    """A Markdown list of message texts (escaped)."""
    return "\n".join(f"- {md_text(m.text)}" for m in messages)


def _cell_issues(report: UploadReport) -> list[tuple[str, upload.CellIssue]]:
    return [
        (column, issue)
        for column, parsed in report.values.items()
        for issue in parsed.issues
        if issue.code in CELL_PROBLEMS
    ]


def _facts(report: UploadReport, lang: str) -> str:
    read, frame = report.read, report.read.frame
    if read.encoding == "xlsx":
        kind, extra = "Excel (.xlsx)", ""
    else:
        sep = t("upv_tab", lang) if read.separator == "\t" else read.separator
        encoding = ENCODINGS.get(read.encoding, read.encoding)
        if read.table is not None and read.table.confidence < 1:
            sure = number(100 * read.table.confidence, 0, lang, "%")
            encoding = t("upv_encoding_sure", lang, encoding=encoding, sure=sure)
        extra = t("upv_read_csv_extra", lang, sep=sep, decimal=read.decimal, encoding=encoding)
        kind = "CSV"
    rows, columns = number(frame.shape[0], 0, lang), number(frame.shape[1], 0, lang)
    return t("upv_read_facts", lang, kind=kind, rows=rows, columns=columns, extra=extra)


def _metrics(report: UploadReport, lang: str) -> None:
    match = report.match
    cols = st.columns(6)
    found = f"{number(match.matched, 0, lang)} / {number(match.total, 0, lang)}"
    cols[0].metric(t("upv_m_matched", lang), found)
    cols[1].metric(t("upv_m_coverage", lang), number(100 * match.coverage, 1, lang, "%"))
    unmatched = [
        u for u in match.unmatched if u.code not in ("empty_municipality", "aggregate_row")
    ]
    cols[2].metric(t("upv_m_unmatched", lang), number(len(unmatched), 0, lang))
    cols[3].metric(t("upv_m_duplicates", lang), number(len(match.duplicates), 0, lang))
    cols[4].metric(t("upv_m_not_numeric", lang), number(len(_cell_issues(report)), 0, lang))
    if report.ok and len(report.value_columns) == 1:
        on_map = int(layer_values(report, report.value_columns[0]).notna().sum())
        cols[5].metric(t("upv_m_on_map", lang), number(on_map, 0, lang))


def summary(report: UploadReport, lang: str = "nl") -> None:
    """The verdict first (errors, then what to check), then the counts and how the file was read."""
    errors = [m for m in report.messages if m.level == ERROR]
    warnings = [m for m in report.messages if m.level == WARNING]
    if errors:
        st.error(f"**{t('upv_errors', lang)}**\n\n{bullets(errors)}")
    if warnings:
        st.warning(f"**{t('upv_warnings', lang)}**\n\n{bullets(warnings)}")
    if check.outcome(report) == check.ACCEPT:  # the verdict of 'ruraldash upload check'
        st.success(t("upv_all_good", lang))
    if report.match is not None:
        _metrics(report, lang)
    if report.read.frame is not None:
        st.caption(md_text(_facts(report, lang)))


def suggestions(report: UploadReport, on_accept, lang: str = "nl") -> None:
    """One button per unknown name with a close match: a click reads it as that municipality."""
    if report.match is None or on_accept is None:
        return
    offers = {}
    for item in report.match.unmatched:
        if item.code == "name_unknown" and item.suggestions:
            offers.setdefault(upload.clean_text(item.value), item.suggestions[0])
    if not offers:
        return
    st.markdown(f"**{t('upv_suggest_title', lang)}**")
    cols = st.columns(min(4, len(offers)))
    for i, (value, name) in enumerate(list(offers.items())[:SUGGEST_BUTTONS]):
        digest = hashlib.sha1(value.encode()).hexdigest()[:10]
        cols[i % len(cols)].button(
            md_text(t("upv_suggest_button", lang, value=value[:40], name=name)),
            key=f"rd_up_accept_{digest}",
            on_click=on_accept,
            args=(value, name),
            help=t("upv_suggest_help", lang),
        )


def _table(rows: list[dict], lang: str) -> None:
    st.dataframe(pd.DataFrame(rows[:SHOWN_ROWS]), hide_index=True, width="stretch")
    if len(rows) > SHOWN_ROWS:
        st.caption(t("upv_more_rows", lang, n=number(SHOWN_ROWS, 0, lang)))


def _unmatched_rows(report: UploadReport, lang: str) -> list[dict]:
    return [
        {
            t("upv_col_row", lang): u.row,
            t("upv_col_value", lang): upload.clean_text(u.value)[:120],
            t("upv_col_reason", lang): t(f"upv_why_{u.code}", lang),
            t("upv_col_suggestions", lang): " / ".join(u.suggestions),
        }
        for u in report.match.unmatched
    ]


def _duplicate_rows(report: UploadReport, units: pd.DataFrame | None, lang: str) -> list[dict]:
    names = {}
    if units is not None:
        part = units[units["border_set"] == report.target_border_set]
        names = dict(zip(part["nis_code"], part["name"], strict=True))
    return [
        {
            t("upv_col_municipality", lang): names.get(code, code),
            t("upv_col_nis", lang): code,
            t("upv_col_rows", lang): ", ".join(str(r) for r in rows),
        }
        for code, rows in report.match.duplicates.items()
    ]


def _cell_rows(report: UploadReport, column: str, lang: str) -> list[dict]:
    return [
        {
            t("upv_col_row", lang): issue.row,
            t("upv_col_value", lang): upload.clean_text(issue.value)[:120],
            t("upv_col_reason", lang): t(f"upv_issue_{issue.code}", lang),
        }
        for issue in report.values[column].issues
    ]


def details(report: UploadReport, units: pd.DataFrame | None = None, lang: str = "nl") -> None:
    """Every message, then tables of unmatched rows, duplicates, bad cells and the file's start.

    Nothing when the file could not be read (the summary already says why).
    """
    if report.read.frame is None:
        return
    with st.expander(t("upv_details", lang), expanded=False):
        notes = [m for m in report.messages if m.level in (INFO, WARNING, ERROR)]
        st.markdown(f"**{t('upv_all_messages', lang)}**\n\n{bullets(notes)}")
        if report.match is not None and report.match.unmatched:
            st.markdown(f"**{t('upv_t_unmatched', lang, n=len(report.match.unmatched))}**")
            _table(_unmatched_rows(report, lang), lang)
        if report.match is not None and report.match.duplicates:
            st.markdown(f"**{t('upv_t_duplicates', lang, n=len(report.match.duplicates))}**")
            _table(_duplicate_rows(report, units, lang), lang)
        for column, parsed in report.values.items():
            if parsed.issues:
                title = t("upv_t_cells", lang, column=column, n=len(parsed.issues))
                st.markdown(f"**{md_text(title)}**")
                _table(_cell_rows(report, column, lang), lang)
        frame = report.read.frame
        if frame is not None:
            st.markdown(f"**{t('upv_t_preview', lang, n=min(PREVIEW_ROWS, len(frame)))}**")
            row = t("upv_col_row", lang)
            while row in frame.columns:
                row = f"({row})"
            preview = frame.head(PREVIEW_ROWS).map(upload.clean_text)  # bidi controls too
            preview = preview.rename_axis(row).reset_index()
            st.dataframe(preview, hide_index=True, width="stretch")


def show(
    report: UploadReport, units: pd.DataFrame | None = None, lang: str = "nl", on_accept=None
) -> None:
    """The whole report: summary, suggestions to accept, then details."""
    summary(report, lang)
    suggestions(report, on_accept, lang)
    details(report, units, lang)


def report_for_upload(
    raw: bytes,
    filename: str,
    units: pd.DataFrame,
    mapping: pd.DataFrame,
    target: str = "2019",
    lang: str = "nl",
) -> UploadReport:
    """Check an uploaded file with the guessed columns and render its report (never raises)."""
    report = inspect(raw, filename, units, mapping, target, lang=lang)
    show(report, units, lang)
    return report
