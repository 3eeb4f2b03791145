"""Exports for briefings, one front door: tables (CSV, XLSX), Chromium (PDF, PNG), SVG, the briefing.

The work lives in :mod:`.tables`, :mod:`.chromium`, :mod:`.svg` and :mod:`.briefing`; callers use
these names from here.
"""

from ruraldash.core.cells import neutralise
from ruraldash.render.briefing import briefing_html, briefing_pdf
from ruraldash.render.chromium import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    ExportError,
    html_to_pdf,
    html_to_png,
)
from ruraldash.render.svg import locator_svg
from ruraldash.render.tables import filename, label_slug, sheet_title, table_csv, table_xlsx

__all__ = [
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "ExportError",
    "briefing_html",
    "briefing_pdf",
    "filename",
    "html_to_pdf",
    "html_to_png",
    "label_slug",
    "locator_svg",
    "neutralise",
    "sheet_title",
    "table_csv",
    "table_xlsx",
]
