"""A printable report of a notes session: self-contained HTML (A4) for :func:`chromium.html_to_pdf`.

Grouped by facet (in facet order, notes without a facet last), then by municipality (general
notes first, then by name), oldest note first. Every text from users or data is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from ruraldash.core.fmt import day, number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label

BRUSSELS = ZoneInfo("Europe/Brussels")
_CSS = """
@page {size: A4; margin: 16mm 15mm}
body {font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; line-height: 1.4}
h1 {font-size: 18pt; margin: 0 0 2mm} .meta {color: #444; margin: 0 0 6mm}
h2 {font-size: 14pt; border-bottom: 1.5pt solid #1b4f72; padding-bottom: 1mm; margin: 7mm 0 2mm;
    break-after: avoid}
h3 {font-size: 11.5pt; margin: 4mm 0 1mm; break-after: avoid}
ul {margin: 0 0 2mm 5mm; padding: 0} li {margin: 0 0 2mm; break-inside: avoid}
.when {color: #444; font-size: 9pt}
"""


class NoteLike(Protocol):
    """What the report reads of a note (``ruraldash.features.notes.Note`` fits)."""

    nis_code: str | None
    facet: int | None
    group_name: str | None
    body: str
    created_at: str


def _facet(facet: int | None, lang: str) -> str:
    if facet is None:
        return t("notes_md_no_facet", lang)
    return t("notes_md_facet", lang, n=facet, name=facet_label(facet, lang))


def _place(nis: str | None, names: Mapping[str, str], lang: str) -> str:
    if nis is None:
        return t("notes_md_general", lang)
    return f"{names[nis]} ({nis})" if nis in names else nis


def _item(note: NoteLike, lang: str) -> str:
    moment = datetime.fromisoformat(note.created_at).astimezone(BRUSSELS)
    when = f"{day(moment, lang)}, {moment:%H:%M}"
    if note.group_name:
        when = f"{t('notes_md_group', lang, name=note.group_name)} · {when}"
    body = html.escape(note.body).replace("\n", "<br>")
    return f"<li>{body}<br><span class='when'>{html.escape(when)}</span></li>"


def report_html(
    title: str,
    notes: Iterable[NoteLike],
    names: Mapping[str, str],
    lang: str = "nl",
    printed: date | None = None,
) -> str:
    """The session report as one HTML document (no external resources).

    Parameters
    ----------
    title : str
        The session title (free text; escaped).
    notes : iterable
        The session's notes, oldest first.
    names : mapping
        NIS code -> municipality name.
    lang : str
        ``"nl"`` or ``"en"``.
    printed : date, optional
        The date shown as "printed on" (default today).
    """
    notes = list(notes)
    groups: dict[int | None, dict[str | None, list[NoteLike]]] = {}
    for note in notes:
        groups.setdefault(note.facet, {}).setdefault(note.nis_code, []).append(note)
    count = t(
        "nr_count", lang, n=number(len(notes), 0, lang), date=day(printed or date.today(), lang)
    )
    parts = [
        f"<h1>{html.escape(t('notes_md_title', lang, session=title))}</h1>",
        f"<p class='meta'>{html.escape(count)}</p>",
    ]
    if not notes:
        parts.append(f"<p>{html.escape(t('notes_md_none', lang))}</p>")
    for facet in sorted(groups, key=lambda f: (f is None, f or 0)):
        parts.append(f"<h2>{html.escape(_facet(facet, lang))}</h2>")
        places = groups[facet]
        for nis in sorted(
            places, key=lambda c: (c is not None, names.get(c or "", c or "").casefold())
        ):
            parts.append(f"<h3>{html.escape(_place(nis, names, lang))}</h3>")
            parts.append("<ul>" + "".join(_item(n, lang) for n in places[nis]) + "</ul>")
    return (
        f"<!DOCTYPE html><html lang='{html.escape(lang)}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
