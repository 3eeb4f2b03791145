"""User text made safe to show: bidi controls out, no live Markdown, HTML or links.

Text that users type or bring (session titles, notes, uploaded names, URL values) goes through
here before it reaches the screen or an export. Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and
friends) would show "‮gnp.exe" as "exe.png"; they are removed (the letters stay in their order).
"""

from __future__ import annotations

import html
import re

BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidi marks, embeddings, overrides and isolates."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^])")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def strip_bidi(text: object) -> str:
    """``text`` without bidi control characters (None becomes "")."""
    return BIDI.sub("", "" if text is None else str(text))


def inert_markdown(text: object) -> str:
    """User text for Markdown: no bidi controls, markup escaped, HTML as entities, no autolinks.

    Streamlit's Markdown turns ``http://…``, ``www.…`` and ``a@b.c`` into links even behind a
    backslash; an invisible word joiner (U+2060) after ``http``/``www`` and before ``@`` keeps
    them text.
    """
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, strip_bidi(text))
    return html.escape(_MD_SPECIAL.sub(r"\\\1", unlinked), quote=False)


def inert_html(text: object) -> str:
    """User text inside raw HTML given to Markdown: no bidi controls, escaped, no autolinks.

    Markdown's backslash escapes are not read inside an HTML block (``Walk\\-test`` would show
    its backslash), so here the text is only HTML-escaped.
    """
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, strip_bidi(text))
    return html.escape(unlinked)
