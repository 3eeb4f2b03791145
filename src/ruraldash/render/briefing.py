"""The one-page municipality briefing as HTML, printed to an A4 PDF by Chromium."""

from __future__ import annotations

import base64
import html
import re
from datetime import date

import numpy as np

from ruraldash.core import fmt
from ruraldash.core.i18n import t
from ruraldash.render.chromium import html_to_pdf

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
.map { margin: 0; width: 52mm } .map img { width: 100%; max-height: 42mm; object-fit: contain }
.peers { margin: 2mm 0 } .peers span { color: #555 }
table { width: 100%; border-collapse: collapse; margin-top: 2mm }
th, td { padding: .35mm 1.2mm; border-bottom: .2mm solid #ccc; text-align: left; vertical-align: top;
  line-height: 1.2 }
th { background: #eef3f8; font-size: .92em } td.n { text-align: right; white-space: nowrap }
.badge { display: inline-block; padding: 0 1.4mm; border-radius: 1mm; font-size: .85em;
  background: #e6e6e6; white-space: nowrap }
.badge-official { background: #d4ebd6 } .badge-proxy, .badge-derived { background: #fde9c4 }
.badge-low_confidence { background: #f6d0cd }
footer { margin-top: 2mm; font-size: .85em; color: #333 } footer ul { margin: 0; padding-left: 4mm }
footer li { margin: 0 }
.gen { color: #666; margin-top: 1.5mm }
"""
# Shrinks the text until the page is one A4 (269 mm of content height, measured on the body, not on
# the window) or the text reaches 8.5 px; then scales the whole page down (CSS zoom), so the briefing
# is always one page.
_FIT_JS = (
    "<script>(function(){var b=document.body,e=document.documentElement,"
    "s=parseFloat(getComputedStyle(b).fontSize),h=269*96/25.4-8;"
    "function H(){return e.getBoundingClientRect().height;}"
    "while(H()>h&&s>8.5){s-=.25;b.style.fontSize=s+'px';}"
    "if(H()>h){b.style.zoom=(h/H()).toFixed(3);}})();</script>"
)
_CELLS = (
    ("label", ""),
    ("value_text", "n"),
    ("unit", ""),
    ("year", "n"),
    ("status", ""),
    ("rank_text", "n"),
    ("peer_median_text", "n"),
    ("flanders_median_text", "n"),
)
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
        ("exports_why", profile.get("why")),
        ("exports_types", profile.get("types")),
        ("exports_merger", profile.get("merger")),
        ("exports_orf", profile.get("orf")),
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
