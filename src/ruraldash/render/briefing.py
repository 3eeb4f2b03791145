"""The one-page municipality briefing as HTML (template ``templates/briefing.html``, autoescaped),
printed to an A4 PDF by Chromium."""

from __future__ import annotations

import base64
from datetime import date

import numpy as np
from markupsafe import Markup

from ruraldash.core import fmt
from ruraldash.render.chromium import html_to_pdf
from ruraldash.render.templates import render

# Shrinks the text until the page is one A4 (269 mm of content height, measured on the content,
# not on the window) or the text reaches 8.5 px; then scales the whole page down (CSS zoom), so the
# briefing is always one page.
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


def _locator_uri(profile: dict) -> str:
    """The locator map as a data URI (nothing is fetched when printing); empty without a map."""
    svg, png = profile.get("locator_svg"), profile.get("locator_png")
    if svg:
        data, mime = (svg.encode("utf-8") if isinstance(svg, str) else svg), "image/svg+xml"
    elif png:
        data, mime = png, "image/png"
    else:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _facts(profile: dict, lang: str) -> list[tuple[str, object]]:
    """(string key, value) of the facts beside the map; empty values are left out."""
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
    return [(k, v) for k, v in facts if v]


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
    A small inline script shrinks the text (9 pt down to 8.5 px) and then zooms the page out until
    it fits one A4: the briefing is always one page.
    """
    return render(
        "briefing.html",
        lang,
        name=profile.get("name") or "",
        nis=profile.get("nis_code") or "",
        facts=_facts(profile, lang),
        locator_uri=_locator_uri(profile),
        peers=[str(p) for p in profile.get("peers") or []],
        peer_method=profile.get("peer_method") or "",
        rows=list(profile.get("rows") or []),
        columns=_COLS,
        cells=_CELLS,
        sources=list(profile.get("sources") or []),
        generated=profile.get("generated") or date.today().isoformat(),
        fit_script=Markup(_FIT_JS),
    )


def briefing_pdf(
    profile: dict, lang: str = "nl", *, timeout_s: float = 60, chromium: str | None = None
) -> bytes:
    """The briefing of :func:`briefing_html` printed to a one-page A4 PDF."""
    return html_to_pdf(briefing_html(profile, lang=lang), timeout_s=timeout_s, chromium=chromium)
