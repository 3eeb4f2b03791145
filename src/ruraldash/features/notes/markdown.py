"""Notes as Markdown for a session report: grouped by facet and municipality, user text made inert."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruraldash.core.fmt import day
from ruraldash.core.i18n import t
from ruraldash.core.safetext import strip_bidi
from ruraldash.data.catalog import FACETS
from ruraldash.features.notes.model import Note

_INLINE = re.compile(
    r"\\(?=[!-/:-@\[-`{-~])"  # a backslash that would escape the next character
    r"|[`\[\]]"  # code spans, link brackets
    r"|(?<=\])\("  # ](url)
    r"|~~"  # strike-through
    r"|(?<!\s)[*_]|[*_](?!\s)"  # emphasis: a * or _ that touches a word
)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK = re.compile(r"^(\s*\d*)([#>+=|-]|(?<=\d)[.)]|```|~~~)")


def md_escape(value: str) -> str:
    """Make ``value`` inert Markdown that still reads as plain text.

    Only what Markdown would act on is changed: a backslash before emphasis, link, code and line-start
    markers (``# > - + 1.``), ``&lt;`` before what could be an HTML tag, ``&amp;`` before an
    entity. Full stops, hyphens, colons and parentheses in running text stay as typed.
    """
    text = _INLINE.sub(lambda m: "\\" + "\\".join(m.group()), strip_bidi(value))
    text = _TAG.sub("&lt;", _ENTITY.sub("&amp;", text))
    return _BLOCK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _local_time(stamp: str, lang: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
        moment = moment.astimezone(ZoneInfo("Europe/Brussels"))
    except (ValueError, ZoneInfoNotFoundError):
        return md_escape(stamp)
    return f"{day(moment, lang)}, {moment:%H:%M}"


def _md_item(note: Note, lang: str) -> str:
    body = "  \n  ".join(md_escape(line.strip()) for line in note.body.split("\n"))
    meta = [t("notes_md_group", lang, name=md_escape(note.group_name))] if note.group_name else []
    return f"- {body} — _{', '.join([*meta, _local_time(note.created_at, lang)])}_"


def _md_place(nis: str | None, names: dict[str, str], lang: str) -> str:
    if nis is None:
        return t("notes_md_general", lang)
    name = names.get(nis)
    return f"{md_escape(name)} ({md_escape(nis)})" if name else md_escape(nis)


def _md_facet(facet: int | None, lang: str) -> str:
    if facet is None:
        return t("notes_md_no_facet", lang)
    labels = FACETS.get(facet, (str(facet), str(facet)))
    return t("notes_md_facet", lang, n=facet, name=labels[0 if lang == "nl" else 1])


def notes_to_markdown(
    session: str, notes: Iterable[Note], names: dict[str, str] | None = None, lang: str = "nl"
) -> str:
    """A session report: per municipality (general notes first, then by name), per facet, oldest first.

    All text from users or data is escaped, so ``<script>`` or ``[x](javascript:...)`` stays text.
    """
    names = names or {}
    lines = [f"# {t('notes_md_title', lang, session=md_escape(session))}", ""]
    groups: dict[str | None, dict[int | None, list[Note]]] = {}
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        groups.setdefault(note.nis_code, {}).setdefault(note.facet, []).append(note)
    if not groups:
        lines.append(t("notes_md_none", lang))
    for nis in sorted(
        groups, key=lambda c: (c is not None, names.get(c or "", c or "").casefold())
    ):
        lines += [f"## {_md_place(nis, names, lang)}", ""]
        for facet in sorted(groups[nis], key=lambda f: (f is None, f or 0)):
            lines += [f"### {_md_facet(facet, lang)}", ""]
            lines += [_md_item(note, lang) for note in groups[nis][facet]] + [""]
    return "\n".join(lines).rstrip() + "\n"
