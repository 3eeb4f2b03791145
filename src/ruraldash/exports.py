"""Exports for briefings: CSV (Belgian and international), XLSX, PDF and PNG, and a one-page briefing.

PDF and PNG route: the system Chromium (``/usr/bin/chromium``) in headless mode, run as a
subprocess on a temporary self-contained HTML file (``--print-to-pdf`` / ``--screenshot``). Chromium
is already a test dependency (``make chromium``, the Playwright e2e tests), so no extra heavy
package (weasyprint, kaleido, a second browser download) is needed, and the export is rendered
by the same engine the users see the dashboard in. Every run gets a fresh ``--user-data-dir``,
its own process group and a hard timeout, so a stuck browser raises :class:`ExportError` instead
of hanging the app.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
import os
import re
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ruraldash import fmt
from ruraldash.i18n import t

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_OUT_NAMES = {"--print-to-pdf": "out.pdf", "--screenshot": "out.png"}
_CSV_VARIANTS = {"be": (";", ",", "utf-8-sig"), "intl": (",", ".", "utf-8")}


class ExportError(RuntimeError):
    """An export could not be made; ``str(err)`` is Dutch, :meth:`message` gives another language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(t(key, "nl", **values))

    def message(self, lang: str = "nl") -> str:
        """The error text in ``lang`` (from the string catalogue)."""
        return t(self.key, lang, **self.values)


def neutralise(value: object) -> object:
    """Guard a cell against formula injection; anything that is not text is returned unchanged.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe, so
    Excel/LibreOffice show it as text. Numbers (also negative ones) stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
    )


def _csv_text(value: object, decimal: str) -> object:
    """A cell of a text/mixed column: numbers keep the variant's decimal mark, text is neutralised."""
    if isinstance(value, float | np.floating) and math.isfinite(value):
        return repr(float(value)).replace(".", decimal)
    return neutralise(value)


def _source_text(source_line: str, lang: str) -> str:
    return f"{t('exports_source_prefix', lang)}: {' '.join(source_line.split())}"


def table_csv(
    df: pd.DataFrame, variant: str = "be", source_line: str | None = None, *, lang: str = "nl"
) -> bytes:
    """Write a table as CSV bytes.

    Parameters
    ----------
    df : DataFrame
        The table; numeric columns stay numbers, text cells are passed through :func:`neutralise`,
        missing values become empty cells.
    variant : {"be", "intl"}
        ``be``: ``;`` separator, decimal comma, UTF-8 with BOM (Excel with Belgian settings opens
        it straight into columns). ``intl``: ``,`` separator, decimal point, UTF-8 without BOM.
    source_line : str, optional
        Written as the last row, in the first column: ``# Bron: <source_line>``. Excel shows it
        as one text cell under the table (quoted when it holds the separator, so it never spills
        into other columns). pandas reads the table back with ``skipfooter=1, engine="python"``.
    lang : str
        Language of the ``Bron``/``Source`` prefix.
    """
    if variant not in _CSV_VARIANTS:
        raise ValueError(f"unknown CSV variant {variant!r}; use 'be' or 'intl'")
    sep, decimal, encoding = _CSV_VARIANTS[variant]
    out = df.copy()
    for col in out.columns:
        if _is_text_column(out[col]):
            out[col] = out[col].map(lambda v: _csv_text(v, decimal), na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    buffer = io.StringIO()
    out.to_csv(buffer, sep=sep, decimal=decimal, index=False, na_rep="", lineterminator="\r\n")
    if source_line:
        csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerow(
            ["# " + _source_text(source_line, lang)]
        )
    return buffer.getvalue().encode(encoding)


def _xlsx_value(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if not isinstance(value, int | float | bool | datetime | date):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(value)


def sheet_title(name: str, lang: str = "nl") -> str:
    """Make ``name`` a legal Excel sheet name: no ``[]:*?/\\``, at most 31 characters."""
    clean = re.sub(r"[\[\]:*?/\\]", "-", ILLEGAL_CHARACTERS_RE.sub("", str(name)))
    clean = clean.strip().strip("'").strip()[:31].rstrip("'").strip()
    if not clean or clean.lower() == "history":
        return t("exports_sheet_default", lang)
    return clean


def table_xlsx(
    df: pd.DataFrame,
    sheet_name: str,
    source_line: str | None = None,
    title: str | None = None,
    *,
    lang: str = "nl",
) -> bytes:
    """Write a table as an Excel workbook (one sheet) and return the bytes.

    Layout: an optional bold title row, a bold header row, the data (numbers stay numeric, text is
    neutralised, missing cells stay empty), then an empty row and the source line in italics.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name, lang)
    if title:
        ws.append([_xlsx_value(title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([_xlsx_value(str(c)) for c in df.columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False, name=None):
        ws.append([_xlsx_value(v) for v in row])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:200, i - 1]])
        ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width = min(
            max(width + 2, 8), 50
        )
    if source_line:
        ws.append([])
        ws.append([_xlsx_value(_source_text(source_line, lang))])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _stop(proc: subprocess.Popen) -> None:
    """Kill the process group we started for Chromium (its renderer and helpers included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _render(
    html_text: str, out_flag: str, extra: list[str], timeout_s: float, chromium: str
) -> bytes:
    """Run headless Chromium on ``html_text`` and return the file it writes via ``out_flag``."""
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        raise ExportError("exports_err_no_chromium", path=chromium)
    with tempfile.TemporaryDirectory(prefix="ruraldash-", ignore_cleanup_errors=True) as tmp:
        page, log, out = (
            Path(tmp, "page.html"),
            Path(tmp, "chromium.log"),
            Path(tmp, _OUT_NAMES[out_flag]),
        )
        page.write_text(html_text, encoding="utf-8")
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile"]
        cmd += [f"{out_flag}={out}", *extra, page.as_uri()]
        with log.open("wb") as err:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                start_new_session=True,
            )  # fmt: skip
            try:
                code = proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _stop(proc)
                raise ExportError("exports_err_timeout", seconds=f"{timeout_s:g}") from None
            _stop(proc)
        if code != 0 or not out.is_file() or out.stat().st_size == 0:
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            detail = lines[-1][-300:] if lines else ""
            raise ExportError("exports_err_failed", code=code, detail=detail)
        return out.read_bytes()


def _settle(settle_ms: int) -> list[str]:
    return [f"--virtual-time-budget={int(settle_ms)}"] if settle_ms > 0 else []


def html_to_pdf(
    html: str, *, timeout_s: float = 60, settle_ms: int = 0, chromium: str | None = None
) -> bytes:
    """Print a self-contained HTML document to PDF with headless Chromium (no header/footer).

    ``settle_ms`` > 0 gives scripts that much virtual page time first (see :func:`html_to_png`);
    ``chromium`` overrides :data:`CHROMIUM`.

    Raises
    ------
    ExportError
        Chromium missing, failing, or not finished within ``timeout_s`` seconds.
    """
    extra = ["--no-pdf-header-footer", *_settle(settle_ms)]
    pdf = _render(html, "--print-to-pdf", extra, timeout_s, chromium or CHROMIUM)
    if not pdf.startswith(b"%PDF"):
        raise ExportError("exports_err_failed", code=0, detail="")
    return pdf


def html_to_png(
    html: str,
    width: int = 1600,
    height: int = 1000,
    *,
    timeout_s: float = 60,
    settle_ms: int = 5000,
    chromium: str | None = None,
) -> bytes:
    """Screenshot a self-contained HTML page at ``width`` x ``height`` pixels (PNG bytes).

    ``settle_ms`` is Chromium's virtual time budget: scripts and timers (a Leaflet map drawing its
    layers) get that much page time before the shot, without waiting as long in real time.
    """
    extra = [f"--window-size={int(width)},{int(height)}", "--hide-scrollbars", *_settle(settle_ms)]
    png = _render(html, "--screenshot", extra, timeout_s, chromium or CHROMIUM)
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ExportError("exports_err_failed", code=0, detail="")
    return png


def _ring_path(coords: np.ndarray) -> str:
    """One closed ring as a compact relative SVG path (integer units, repeats dropped)."""
    pts = np.rint(coords).astype(int)
    pts = pts[np.r_[True, np.any(np.diff(pts, axis=0) != 0, axis=1)]]
    if len(pts) < 4:
        return ""
    steps = " ".join(f"{dx} {dy}" for dx, dy in np.diff(pts[:-1], axis=0))
    return f"M{pts[0][0]} {pts[0][1]}l{steps}z".replace(" -", "-")


def _geom_path(geom: shapely.Geometry) -> str:
    parts = shapely.get_parts(geom)
    rings = [r for p in parts if p.geom_type == "Polygon" for r in (p.exterior, *p.interiors)]
    return "".join(_ring_path(np.asarray(r.coords)[:, :2]) for r in rings)


def locator_svg(
    geometries: Mapping[str, shapely.Geometry],
    selected: str,
    peers: Iterable[str] = (),
    *,
    width: int = 400,
    tolerance: float = 0.7,
) -> str:
    """Draw a small locator map: all municipalities grey, peers light blue, the selected one dark.

    Parameters
    ----------
    geometries : mapping of NIS code to shapely geometry
        In EPSG:31370 (metres) or EPSG:4326 (degrees; longitudes are shrunk by cos(latitude)).
    selected : str
        NIS code drawn dark (on top).
    peers : iterable of str
        NIS codes drawn light.
    width : int
        Width of the SVG in user units; coordinates are rounded to whole units after a
        topology-preserving simplification of ``tolerance`` units, which keeps the output small.
    """
    items = [(str(k), g) for k, g in geometries.items() if g is not None and not g.is_empty]
    codes, geoms = [k for k, _ in items], np.array([g for _, g in items], dtype=object)
    if not len(geoms):
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 1"/>'
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    degrees = -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
    kx = math.cos(math.radians((miny + maxy) / 2)) if degrees else 1.0
    scale = width / max((maxx - minx) * kx, 1e-9)
    moved = shapely.transform(geoms, lambda c: (c - [minx, maxy]) * [kx * scale, -scale])
    paths = dict(
        zip(codes, shapely.simplify(moved, tolerance, preserve_topology=True), strict=True)
    )
    peer_set, selected = {str(p) for p in peers} - {str(selected)}, str(selected)
    groups = [
        ("#d9d9d9", "#ffffff", [c for c in codes if c not in peer_set and c != selected]),
        ("#9ecae1", "#ffffff", [c for c in codes if c in peer_set]),
        ("#08306b", "#08306b", [c for c in codes if c == selected]),
    ]
    height = max(1, math.ceil((maxy - miny) * scale))
    body = "".join(
        f'<path fill="{fill}" stroke="{stroke}" d="{"".join(_geom_path(paths[c]) for c in members)}"/>'
        for fill, stroke, members in groups
        if members
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" fill-rule="evenodd" stroke-width="0.4" stroke-linejoin="round">{body}</svg>'
    )


_CSS = """
@page { size: A4; margin: 14mm }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { margin: 0; width: 182mm; font: 9pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: #1a1a1a }
h1 { font-size: 18pt; margin: 0 } h1 small { font-size: 10pt; font-weight: normal; color: #555 }
h2 { font-size: 10pt; margin: 3mm 0 1mm }
.kicker { color: #08519c; text-transform: uppercase; letter-spacing: .05em; font-size: 7.5pt;
  margin: 0 0 1mm }
.top { display: flex; gap: 6mm; align-items: flex-start; margin-top: 3mm }
.top dl { flex: 1; display: grid; grid-template-columns: max-content 1fr; gap: .6mm 4mm; margin: 0 }
dt { color: #555 } dd { margin: 0; font-weight: bold }
.map { margin: 0; width: 75mm } .map img { width: 100%; max-height: 60mm; object-fit: contain }
.peers { margin: 2mm 0 } .peers span { color: #555 }
table { width: 100%; border-collapse: collapse; margin-top: 2mm }
th, td { padding: .7mm 1.2mm; border-bottom: .2mm solid #ccc; text-align: left; vertical-align: top }
th { background: #eef3f8; font-size: .92em } td.n { text-align: right; white-space: nowrap }
.badge { display: inline-block; padding: 0 1.4mm; border-radius: 1mm; font-size: .85em;
  background: #e6e6e6; white-space: nowrap }
.badge-official { background: #d4ebd6 } .badge-proxy, .badge-derived { background: #fde9c4 }
.badge-low_confidence { background: #f6d0cd }
footer { margin-top: 3mm; font-size: .9em; color: #333 } footer ul { margin: 0; padding-left: 4mm }
.gen { color: #666; margin-top: 1.5mm }
"""
# Shrinks the text until the page is one A4 (269 mm of content height) or the text gets too small.
_FIT_JS = (
    "<script>(function(){var b=document.body,e=document.documentElement,"
    "s=parseFloat(getComputedStyle(b).fontSize),h=269*96/25.4-2;"
    "while(e.scrollHeight>h&&s>7.5){s-=.25;b.style.fontSize=s+'px';}})();</script>"
)
_CELLS = (("label", ""), ("value_text", "n"), ("unit", ""), ("year", "n"), ("status", ""),
          ("rank_text", "n"), ("peer_median_text", "n"), ("flanders_median_text", "n"))  # fmt: skip
_COLS = ("indicator", "value", "unit", "year", "status", "rank", "peer_median", "flanders_median")


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _status_badge(status: object, lang: str) -> str:
    key = str(status or "").strip()
    if not key:
        return ""
    label = t(f"exports_status_{key}", lang)
    label = key if label.startswith("exports_status_") else label
    css = re.sub(r"[^a-z0-9_]", "", key.lower())
    return f'<span class="badge badge-{css}">{_esc(label)}</span>'


def _indicator_table(rows: list[dict], lang: str) -> str:
    if not rows:
        return f"<p>{_esc(t('exports_no_rows', lang))}</p>"
    head = "".join(f"<th>{_esc(t(f'exports_col_{c}', lang))}</th>" for c in _COLS)
    body = []
    for row in rows:
        cells = [
            f'<td class="{css}">'
            + (_status_badge(row.get(k), lang) if k == "status" else _esc(row.get(k)))
            + "</td>"
            for k, css in _CELLS
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _locator_img(profile: dict, lang: str) -> str:
    svg, png = profile.get("locator_svg"), profile.get("locator_png")
    if svg:
        data, mime = (svg.encode("utf-8") if isinstance(svg, str) else svg), "image/svg+xml"
    elif png:
        data, mime = png, "image/png"
    else:
        return ""
    alt = _esc(t("exports_map_alt", lang, name=profile.get("name", "")))
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<figure class="map"><img alt="{alt}" src="{uri}"></figure>'


def _facts(profile: dict, lang: str) -> str:
    population = profile.get("population")
    if population is None or isinstance(population, int | float | np.number):
        population = fmt.number(population, 0, lang)
    facts = [
        ("exports_type", profile.get("type")),
        ("exports_typology", profile.get("typology")),
        ("exports_province", profile.get("province")),
        ("exports_population", population),
        ("exports_border_set", profile.get("border_set")),
    ]
    return "".join(f"<dt>{_esc(t(k, lang))}</dt><dd>{_esc(v)}</dd>" for k, v in facts if v)


def briefing_html(profile: dict, *, lang: str = "nl") -> str:
    """Render a one-page A4 municipality briefing as a self-contained HTML document.

    Parameters
    ----------
    profile : dict
        Keys ``name``, ``nis_code``, ``type``, ``typology``, ``province``, ``population``,
        ``border_set``, ``rows`` (dicts with ``label``, ``value_text``, ``unit``, ``year``,
        ``status``, ``rank_text``, ``peer_median_text``, ``flanders_median_text``), ``sources``
        (one formatted line each), ``peers`` (names), ``peer_method``, ``generated`` (ISO date)
        and optionally ``locator_svg`` (str/bytes) or ``locator_png`` (bytes). All text is escaped;
        the map is embedded as a data URI, so nothing is fetched when printing.
    lang : {"nl", "en"}

    Notes
    -----
    A small inline script shrinks the text (9 pt down to about 5.5 pt) until the page fits one A4;
    about 45 single-line indicator rows fit, more spill onto a second page.
    """
    name, nis = _esc(profile.get("name")), _esc(profile.get("nis_code"))
    rows = list(profile.get("rows") or [])
    peers = ", ".join(_esc(p) for p in profile.get("peers") or [])
    method = profile.get("peer_method")
    method = (
        f" <span>({_esc(t('exports_peer_method', lang, method=method))})</span>" if method else ""
    )
    peers_html = (
        f'<p class="peers"><b>{_esc(t("exports_peers", lang))}</b>{method}: {peers}</p>'
        if peers
        else ""
    )
    sources = "".join(f"<li>{_esc(s)}</li>" for s in profile.get("sources") or [])
    generated = profile.get("generated") or date.today().isoformat()
    try:
        generated = fmt.day(generated, lang)
    except (TypeError, ValueError):
        pass
    stamp = _esc(t("exports_generated", lang, date=generated))
    title = _esc(t("exports_briefing_title", lang))
    return (
        f'<!doctype html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
        f"<title>{name} ({nis}) \u2013 {title}</title><style>{_CSS}</style></head>"
        f'<body><p class="kicker">{_esc(t("exports_briefing_kicker", lang))}</p>'
        f"<h1>{name} <small>{_esc(t('exports_nis_code', lang))} {nis}</small></h1>"
        f'<div class="top"><dl>{_facts(profile, lang)}</dl>{_locator_img(profile, lang)}</div>'
        f"{peers_html}{_indicator_table(rows, lang)}"
        f"<footer><h2>{_esc(t('exports_sources', lang))}</h2><ul>{sources}</ul>"
        f'<p class="gen">{stamp}</p></footer>{_FIT_JS}</body></html>'
    )


def briefing_pdf(
    profile: dict, lang: str = "nl", *, timeout_s: float = 60, chromium: str | None = None
) -> bytes:
    """The briefing of :func:`briefing_html` printed to a one-page A4 PDF."""
    return html_to_pdf(briefing_html(profile, lang=lang), timeout_s=timeout_s, chromium=chromium)


def _slug(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]*>", " ", str(text)))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.encode("ascii", "replace").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def filename(kind: str, *parts: str, ext: str) -> str:
    """A safe ASCII file name: ``ruraldash_<kind>_<part>_..._<part>.<ext>``, every piece slugified.

    Example: ``filename("kaart", "Bebouwde percelen", "2019", "2026-11-28", ext="csv")`` gives
    ``ruraldash_kaart_bebouwde-percelen_2019_2026-11-28.csv``. Path separators, HTML tags and
    accents are removed; empty pieces are dropped.
    """
    pieces = [s for s in (_slug(p) for p in ("ruraldash", kind, *parts)) if s]
    suffix = re.sub(r"[^a-z0-9]", "", str(ext).lower())[:10]
    return "_".join(pieces) + (f".{suffix}" if suffix else "")
