"""A printable report of a notes session: self-contained HTML (A4) for :func:`chromium.html_to_pdf`.

Grouped by facet (in facet order, notes without a facet last), then by municipality (general
notes first, then by name), oldest note first. The page is ``templates/notes_report.html``
(autoescaped: every text from users or data is escaped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from ruraldash.core.fmt import day
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label
from ruraldash.render.templates import render

BRUSSELS = ZoneInfo("Europe/Brussels")


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


def _item(note: NoteLike, lang: str) -> tuple[list[str], str]:
    """The note's lines (shown with line breaks) and when (and by which group) it was written."""
    moment = datetime.fromisoformat(note.created_at).astimezone(BRUSSELS)
    when = f"{day(moment, lang)}, {moment:%H:%M}"
    if note.group_name:
        when = f"{t('notes_md_group', lang, name=note.group_name)} · {when}"
    return note.body.split("\n"), when


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
    sections = []
    for facet in sorted(groups, key=lambda f: (f is None, f or 0)):
        places = groups[facet]
        order = sorted(
            places, key=lambda c: (c is not None, names.get(c or "", c or "").casefold())
        )
        items = [(_place(nis, names, lang), [_item(n, lang) for n in places[nis]]) for nis in order]
        sections.append((_facet(facet, lang), items))
    return render(
        "notes_report.html",
        lang,
        title=title,
        count=len(notes),
        printed=printed or date.today(),
        sections=sections,
    )
