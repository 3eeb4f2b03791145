"""The toetsrapport (rural proofing report) as HTML from a Jinja2 template, printed to PDF by Chromium.

Everything put into the page is autoescaped; the map comes in as PNG bytes, the Lorenz curve is
drawn here as an inline SVG polyline (no plotly image export needed).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pandas as pd
from jinja2 import Environment, select_autoescape

from ruraldash.render.chromium import html_to_pdf

_TEMPLATE = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ r.title }}</title><style>
@page { size: A4; margin: 14mm }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { font: 9pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 }
h1 { font-size: 17pt; margin: 0 0 1mm } h2 { font-size: 11pt; margin: 4mm 0 1.5mm }
.sub { color: #444 } .badge { display:inline-block; padding:0 1.4mm; border-radius:1mm;
  background:#e6e6e6; font-size:.85em } .own { background:#4d4d4d; color:#fff }
table { width:100%; border-collapse:collapse; margin-top:1.5mm }
th, td { padding:.7mm 1.2mm; border-bottom:.2mm solid #ccc; text-align:left; vertical-align:top }
th { background:#eef3f8; font-size:.85em; hyphens:auto; overflow-wrap:anywhere }
td.n { text-align:right; white-space:nowrap } table.wide { table-layout:fixed; font-size:7.6pt }
table.wide td:first-child, table.wide th:first-child { width:20mm }
ol.src { margin:1mm 0 0; padding-left:5mm; font-size:.9em }
.row { display:flex; gap:5mm; align-items:flex-start } .row > div { flex:1 }
img.map { width:100%; max-height:95mm; object-fit:contain }
.answer { white-space: pre-wrap } .empty { color:#777; font-style: italic }
footer { margin-top:4mm; color:#333; font-size:.9em }
</style></head><body>
<p class="sub">{{ r.kicker }}</p>
<h1>{{ r.title }}</h1>
<p class="sub">{{ r.subtitle }} {% for b in r.badges %}<span class="badge{% if b[1] %} own{% endif %}">{{ b[0] }}</span> {% endfor %}</p>
<dl>{% for k, v in r.definition %}<dt><b>{{ k }}</b></dt><dd>{{ v }}</dd>{% endfor %}</dl>
<h2>{{ r.h_findings }}</h2><ul>{% for s in r.sentences %}<li>{{ s }}</li>{% endfor %}</ul>
{% if r.reach_rows %}<h2>{{ r.h_reach }}</h2>
<table><tr>{% for c in r.reach_head %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in r.reach_rows %}<tr>{% for v in row %}<td class="{{ 'n' if not loop.first }}">{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>{% endif %}
<h2>{{ r.h_table }}</h2>
<table class="wide"><tr>{% for c in r.table_head %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in r.table_rows %}<tr>{% for v in row %}<td class="{{ 'n' if not loop.first }}">{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>
<div class="row">
<div><h2>{{ r.h_lorenz }}</h2>{{ lorenz_svg | safe }}<p>{{ r.lorenz_note }}</p></div>
<div>{% if map_src %}<h2>{{ r.h_map }}</h2><img class="map" alt="{{ r.h_map }}" src="{{ map_src }}">{% endif %}</div>
</div>
<h2>{{ r.h_figures }}</h2>
<table><tr>{% for c in r.figures_head %}<th>{{ c }}</th>{% endfor %}</tr>
{% for f in r.figures %}<tr><td>{{ f[0] }}</td><td class="n">{{ f[1] }}</td><td>{{ f[2] }}</td><td>{{ f[3] }}</td><td>{{ f[4] }}</td></tr>{% endfor %}</table>
<ol class="src">{% for s in r.sources %}<li>{{ s }}</li>{% endfor %}</ol>
<h2>{{ r.h_questions }}</h2>
<table><tr>{% for c in r.questions_head %}<th>{{ c }}</th>{% endfor %}</tr>
{% for q in r.questions %}<tr><td>{{ q[0] }}</td><td>{{ q[1] }}</td><td class="answer{% if not q[2] %} empty{% endif %}">{{ q[2] or r.no_answer }}</td><td>{{ q[3] }}</td></tr>{% endfor %}</table>
<footer>{% for line in r.footer %}<p>{{ line }}</p>{% endfor %}</footer>
</body></html>"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


@dataclass
class Report:
    """Plain texts of the toetsrapport (made by features/toets/report.py)."""

    kicker: str
    title: str
    subtitle: str
    badges: list[tuple[str, bool]]
    definition: list[tuple[str, str]]
    h_findings: str
    sentences: list[str]
    h_table: str
    table_head: list[str]
    table_rows: list[list[str]]
    h_lorenz: str
    lorenz_note: str
    h_map: str
    h_figures: str
    figures_head: list[str]
    figures: list[tuple[str, str, str, str, str]]
    h_questions: str
    questions_head: list[str]
    questions: list[tuple[str, str, str, str]]
    no_answer: str
    footer: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    h_reach: str = ""
    reach_head: list[str] = field(default_factory=list)
    reach_rows: list[list[str]] = field(default_factory=list)
    """The sources the figures table refers to by number ([1], [2])."""
    lorenz: list[tuple[float, float]] = field(default_factory=list)
    """Curve points (population share, amount share), both 0–1."""


def lorenz_svg(points: list[tuple[float, float]], size: int = 220) -> str:
    """An inline SVG of the Lorenz curve with the line of equality (numbers only: nothing to escape)."""
    pad = 24
    span = size - 2 * pad

    def xy(px: float, py: float) -> str:
        return f"{pad + px * span:.1f},{size - pad - py * span:.1f}"

    line = " ".join(xy(x, y) for x, y in [(0.0, 0.0), *points])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img">'
        f'<rect x="{pad}" y="{pad}" width="{span}" height="{span}" fill="none" stroke="#999"/>'
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - pad}" y2="{pad}" stroke="#777" stroke-dasharray="4 3"/>'
        f'<polyline points="{line}" fill="none" stroke="#009E73" stroke-width="2"/></svg>'
    )


def report_html(report: Report, map_png: bytes | None = None, lang: str = "nl") -> str:
    """The toetsrapport as one self-contained HTML page."""
    src = "data:image/png;base64," + base64.b64encode(map_png).decode() if map_png else ""
    return _ENV.from_string(_TEMPLATE).render(
        r=report, lang=lang, map_src=src, lorenz_svg=lorenz_svg(report.lorenz)
    )


def report_pdf(report: Report, map_png: bytes | None = None, lang: str = "nl") -> bytes:
    """The toetsrapport printed to A4 PDF by headless Chromium."""
    return html_to_pdf(report_html(report, map_png, lang))


def report_xlsx(
    sheets: list[tuple[str, pd.DataFrame, dict[str, int]]],
    meta: list[tuple[str, str]],
    source: str,
    lang: str = "nl",
) -> bytes:
    """A workbook of several tables (numbers stay numbers, text neutralised) and a metadata sheet.

    ``sheets``: (name, table, decimals per column); every table ends with the source line.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ruraldash.render.tables import (
        _meta_sheet,
        _xlsx_value,
        number_format,
        rounded,
        sheet_title,
    )

    wb = Workbook()
    wb.remove(wb.active)
    for name, table, decimals in sheets:
        ws = wb.create_sheet(sheet_title(name, lang))
        table = rounded(table, decimals)
        ws.append([_xlsx_value(str(c)) for c in table.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.itertuples(index=False, name=None):
            ws.append([_xlsx_value(v) for v in row])
        for i, col in enumerate(table.columns, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            ws.column_dimensions[letter].width = min(max(len(str(col)) + 2, 10), 60)
            if str(col) in decimals:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = number_format(decimals[str(col)])
        ws.freeze_panes = "A2"
        ws.append([])
        ws.append([_xlsx_value(source)])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    _meta_sheet(wb, meta, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
