"""PowerPoint export (python-pptx): one 16:9 slide per view, ready to paste into a briefing deck.

Layout: title and subtitle (filter, typology) on top; the print map (map and legend) on the
left; on the right the top and bottom of the ranking, or the selected municipality's figures;
the status badge, source line and export date at the bottom. The speaker notes repeat title,
filter, source, status and date, so the provenance travels with the slide.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ruraldash.core.i18n import t
from ruraldash.core.provenance import STATUS_COLOURS

WIDE, HIGH = Inches(13.333), Inches(7.5)
INK, SOFT = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x40, 0x40, 0x40)
FONT = "Calibri"


@dataclass(frozen=True)
class SlideSpec:
    """One slide's content (plain text and a PNG)."""

    title: str
    subtitle: str
    picture: bytes
    heading: str = ""
    top: list[tuple[str, str, str]] = field(default_factory=list)
    bottom: list[tuple[str, str, str]] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""
    status: str = ""
    status_key: str = "official"
    date_line: str = ""
    notes: str = ""
    lang: str = "nl"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, lines, size=12, bold=False, colour=INK, align=None):
    """A text box with one paragraph per line (no autofit: sizes are chosen to fit)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.02)
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = colour
    return box


def _table(slide, left, top, width, heading, rows, lang) -> int:
    """A small ranking table (rank, name, value) under a bold heading; returns its height (EMU)."""
    _text(slide, left, top, width, Inches(0.35), [heading], size=13, bold=True)
    height = Inches(0.27) * len(rows)
    shape = slide.shapes.add_table(len(rows), 3, left, top + Inches(0.36), width, height)
    table = shape.table
    table.first_row = False
    widths = (Inches(0.5), width - Inches(0.5) - Inches(1.55), Inches(1.55))
    for col, w in enumerate(widths):
        table.columns[col].width = Emu(int(w))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = (
                RGBColor(0xF4, 0xF4, 0xF4) if r % 2 else RGBColor(0xFF, 0xFF, 0xFF)
            )
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            para = cell.text_frame.paragraphs[0]
            para.alignment = PP_ALIGN.RIGHT if c != 1 else PP_ALIGN.LEFT
            run = para.add_run()
            run.text = value
            run.font.size, run.font.name, run.font.color.rgb = Pt(10.5), FONT, INK
            cell.text_frame.word_wrap = False
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    return Inches(0.36) + height


def _panel(slide, spec: SlideSpec, left, top, width) -> None:
    """Right column: the selected municipality's figures, or the top and bottom of the ranking."""
    if spec.facts:
        _text(slide, left, top, width, Inches(0.5), [spec.heading], size=18, bold=True)
        y = top + Inches(0.6)
        for label, value in spec.facts:
            _text(slide, left, y, width, Inches(0.3), [label], size=11, colour=SOFT)
            _text(slide, left, y + Inches(0.26), width, Inches(0.4), [value], size=16, bold=True)
            y += Inches(0.8)
        return
    used = _table(
        slide, left, top, width, t("px_slide_top", spec.lang, n=len(spec.top)), spec.top, spec.lang
    )
    if spec.bottom:
        heading = t("px_slide_bottom", spec.lang, n=len(spec.bottom))
        _table(slide, left, top + used + Inches(0.25), width, heading, spec.bottom, spec.lang)


def _footer(slide, spec: SlideSpec) -> None:
    """Status badge, source line and export date along the bottom edge."""
    lines = max(1, math.ceil(len(spec.source) / 150))  # ~150 characters per 9 pt line
    top = HIGH - Inches(0.55 + 0.17 * lines)
    left = Inches(0.5)
    if spec.status:
        badge = slide.shapes.add_shape(
            1, left, top, Inches(0.2 + 0.085 * len(spec.status)), Inches(0.3)
        )
        badge.fill.solid()
        badge.fill.fore_color.rgb = _rgb(STATUS_COLOURS.get(spec.status_key, "#4d4d4d"))
        badge.line.fill.background()
        badge.shadow.inherit = False
        frame = badge.text_frame
        frame.margin_top = frame.margin_bottom = Inches(0)
        run = frame.paragraphs[0].add_run()
        run.text = spec.status
        run.font.size, run.font.bold, run.font.name = Pt(10), True, FONT
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    _text(
        slide,
        left,
        top + Inches(0.34),
        WIDE - Inches(3.4),
        Inches(0.6),
        [spec.source],
        size=9,
        colour=SOFT,
    )
    _text(slide, WIDE - Inches(2.8), top + Inches(0.34), Inches(2.3), Inches(0.3), [spec.date_line],
          size=9, colour=SOFT, align=PP_ALIGN.RIGHT)  # fmt: skip


TITLE_CHARS = {26: 58, 20: 76}
"""Characters per line of the slide title box (12.3 inches wide) at 26 and 20 pt bold."""


def title_size(title: str) -> tuple[int, int]:
    """(font size, lines) that keep the title inside its box: 26 pt on one line, else 20 pt on
    up to two lines (above the subtitle and the picture), else 16 pt."""
    if len(title) <= TITLE_CHARS[26]:
        return 26, 1
    if len(title) <= 2 * TITLE_CHARS[20]:
        return 20, 2
    return 16, 2


def add_slide(prs: Presentation, spec: SlideSpec) -> None:
    """Append one slide for ``spec`` to ``prs``."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank layout
    size, lines = title_size(spec.title)
    _text(
        slide,
        Inches(0.5),
        Inches(0.3),
        WIDE - Inches(1),
        Inches(0.6 if lines == 1 else 0.8),
        [spec.title],
        size=size,
        bold=True,
    )
    _text(
        slide,
        Inches(0.5),
        Inches(0.92 if lines == 1 else 1.12),
        WIDE - Inches(1),
        Inches(0.7),
        [spec.subtitle],
        size=11,
        colour=SOFT,
    )
    slide.shapes.add_picture(io.BytesIO(spec.picture), Inches(0.35), Inches(1.9), width=Inches(8.9))
    _panel(slide, spec, Inches(9.45), Inches(1.9), Inches(3.4))
    _footer(slide, spec)
    slide.notes_slide.notes_text_frame.text = spec.notes


def deck(specs: list[SlideSpec]) -> bytes:
    """A 16:9 presentation with one slide per spec, as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE, HIGH
    for spec in specs:
        add_slide(prs, spec)
    if specs:
        prs.core_properties.title = specs[0].title
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
