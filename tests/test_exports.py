"""Exports: CSV (be/intl), XLSX, locator SVG, briefing HTML/PDF, PNG screenshots, file names."""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import Point, box

from ruraldash.render import exports
from ruraldash.render.exports import ExportError

ROOT = Path(__file__).resolve().parents[1]
LEAFLET = ROOT / "static" / "vendor" / "leaflet"
SOURCE = "Statbel; Bevolking per gemeente, 2024, Licentie open data"
HOSTILE = ["=SUM(A1)", "+1", "@x", "-cmd", "\tx"]

# Chromium tests run wherever /usr/bin/chromium exists (CI installs it in `make test`); ~1 s each.
needs_chromium = pytest.mark.skipif(
    not os.access(exports.CHROMIUM, os.X_OK), reason="needs /usr/bin/chromium (make chromium)"
)


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gemeente": ["Aalst", "Mesen", None] + HOSTILE,
            "aandeel": [12.5, -3.25, np.nan, 0.125, 1.0, 2.0, 3.0, 4.0],
            "inwoners": pd.array([89_000, -7, None, 1, 2, 3, 4, 5], dtype="Int64"),
        }
    )


def _profile(name: str = "Sint-Truiden", n_rows: int = 6) -> dict:
    rows = [
        {
            "label": f"Indicator {i} bebouwde percelen",
            "value_text": "1.234,5",
            "unit": "%",
            "year": "2023",
            "status": ["official", "proxy", "derived", "low_confidence"][i % 4],
            "rank_text": f"{i + 1} / 300",
            "peer_median_text": "1.100,0",
            "flanders_median_text": "987,6",
        }
        for i in range(n_rows)
    ]
    return {
        "name": name,
        "nis_code": "71053",
        "type": "plattelandsgemeente",
        "typology": "Plattelandsrapport VLM",
        "province": "Limburg",
        "population": 41234,
        "border_set": "2019",
        "rows": rows,
        "sources": ["Statbel, Bevolking per gemeente, 2024, Licentie open data"],
        "peers": ["Borgloon", "Heers & Gingelom"],
        "peer_method": "k-nearest",
        "generated": "2026-11-28",
        "locator_svg": exports.locator_svg(
            {"71053": box(0, 0, 10, 10), "73022": box(10, 0, 20, 10)}, "71053", ["73022"]
        ),
    }


# --- neutralise -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE + ["\rx"])
def test_neutralise_prefixes_formula_text(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -2.5, np.float64(-1.5), "Aalst", "", None])
def test_neutralise_leaves_numbers_and_plain_text(value):
    assert exports.neutralise(value) is value


# --- CSV --------------------------------------------------------------------------------------


def test_csv_be_round_trips_with_bom_semicolon_and_decimal_comma():
    data = exports.table_csv(_table(), "be", SOURCE)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "12,5" in text and "12.5" not in text
    back = pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", skipfooter=1, engine="python", encoding="utf-8-sig"
    )
    assert back["aandeel"].tolist()[:2] == [12.5, -3.25]
    assert back["inwoners"].tolist()[:2] == [89_000, -7]
    assert back["aandeel"].isna().tolist()[2] and back["gemeente"].isna().tolist()[2]
    assert back["gemeente"].tolist()[3:] == ["'" + h for h in HOSTILE]


def test_csv_intl_round_trips_without_bom():
    data = exports.table_csv(_table(), "intl")
    assert not data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=",", decimal=".")
    assert back["aandeel"].tolist()[:2] == [12.5, -3.25]
    assert back["inwoners"].tolist()[1] == -7
    assert back["gemeente"].tolist()[3:] == ["'" + h for h in HOSTILE]


def test_csv_missing_is_empty_cell_and_source_is_last_single_cell():
    data = exports.table_csv(_table(), "be", SOURCE).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[3] == ["", "", ""]
    assert rows[2][1:] == ["-3,25", "-7"]  # negative numbers stay numbers, not "'-..."
    assert rows[-1] == ["# Bron: " + SOURCE]
    english = exports.table_csv(_table(), "intl", SOURCE, lang="en").decode()
    assert list(csv.reader(io.StringIO(english)))[-1] == ["# Source: " + SOURCE]


def test_csv_mixed_column_uses_variant_decimal_mark():
    df = pd.DataFrame({"x": [1.5, "=1+1", None]})
    rows = list(csv.reader(io.StringIO(exports.table_csv(df).decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["1,5", "'=1+1", ""]


def test_csv_unknown_variant_is_refused():
    with pytest.raises(ValueError):
        exports.table_csv(_table(), "fr")


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_keeps_numbers_and_carries_title_and_source():
    data = exports.table_xlsx(_table(), "Bevolking", SOURCE, title="Bevolking 2024")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.title == "Bevolking"
    assert ws["A1"].value == "Bevolking 2024" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["gemeente", "aandeel", "inwoners"]
    assert ws["B3"].value == 12.5 and ws["B3"].data_type == "n"
    assert ws["B4"].value == -3.25 and ws["C4"].value == -7 and ws["C4"].data_type == "n"
    assert ws["A5"].value is None and ws["B5"].value is None
    assert ws.cell(row=ws.max_row, column=1).value == "Bron: " + SOURCE


def test_xlsx_neutralises_formula_text():
    ws = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(_table(), "x"))).active
    cells = [ws.cell(row=r, column=1) for r in range(5, 5 + len(HOSTILE))]
    assert [c.value for c in cells] == ["'" + h for h in HOSTILE]
    assert all(c.data_type == "s" for c in cells)  # stored as text, never as a formula


@pytest.mark.parametrize(
    "name", ["Bebouwde [percelen]: a/b*c?d\\e met een veel te lange naam", "''", "", "History"]
)
def test_xlsx_sheet_names_are_legal(name):
    title = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(_table(), name))).active.title
    assert 0 < len(title) <= 31
    assert not set(title) & set("[]:*?/\\") and not title.startswith("'")
    assert title.lower() != "history"


# --- locator SVG ------------------------------------------------------------------------------


def test_locator_svg_colours_groups_and_flips_y():
    geoms = {
        "1": box(0, 0, 1000, 1000),
        "2": box(0, 1000, 1000, 2000),
        "3": box(1000, 0, 2000, 1000),
    }
    svg = exports.locator_svg(geoms, "2", ["3"], width=200)
    root = ElementTree.fromstring(svg)
    paths = {p.get("fill"): p.get("d") for p in root.iter("{http://www.w3.org/2000/svg}path")}
    assert len(paths) == 3  # grey, peers, selected
    selected = next(d for fill, d in paths.items() if fill == "#08306b")
    y0 = int(re.match(r"M-?\d+ (-?\d+)", selected).group(1))
    assert y0 <= 100  # the northern square is drawn at the top half of a 200 x 200 image


def test_locator_svg_is_small_and_keeps_lon_lat_aspect():
    detailed = {str(i): Point(4 + i * 0.1, 51).buffer(0.04, quad_segs=256) for i in range(300)}
    svg = exports.locator_svg(detailed, "0", width=400)
    assert len(svg) < 150_000  # 300 shapes of ~1000 vertices each, simplified and rounded
    degrees = {"a": box(4.0, 51.0, 5.0, 52.0)}
    root = ElementTree.fromstring(exports.locator_svg(degrees, "a", width=400))
    assert 580 < int(root.get("height")) < 680  # 1 degree of latitude ~ 1.6 x 1 degree of longitude


# --- briefing HTML ----------------------------------------------------------------------------


def test_briefing_html_holds_facts_table_sources_and_date():
    page = exports.briefing_html(_profile())
    for text in ("Sint-Truiden", "71053", "Limburg", "41.234", "Indicator 5 bebouwde percelen"):
        assert text in page
    assert "officieel" in page and "lage betrouwbaarheid" in page
    assert "Statbel, Bevolking per gemeente, 2024, Licentie open data" in page
    assert "28 november 2026" in page and "Heers &amp; Gingelom" in page
    assert "size: A4" in page and "data:image/svg+xml;base64," in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from outside


def test_briefing_html_escapes_names_and_speaks_english():
    profile = _profile(name="<script>alert(1)</script>Gent")
    profile["rows"][0]["label"] = "<img src=x onerror=alert(1)>"
    page = exports.briefing_html(profile, lang="en")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;Gent" in page
    assert "<img src=x" not in page
    assert "Sources" in page and "Peer median" in page and "28 November 2026" in page


# --- Chromium: PDF and PNG --------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _pdf_text(pdf: bytes) -> str:
    """Text of a Chromium (Skia) PDF: inflate the streams, map glyph ids through the ToUnicode maps."""
    streams = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            streams.append(zlib.decompressobj().decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    glyphs: dict[str, str] = {}
    for s in (s for s in streams if b"begincmap" in s):
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S):
            for src, dst in re.findall(rb"<(\w+)>\s*<(\w+)>", block):
                glyphs[src.decode().upper()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", s, re.S):
            for lo, hi, dst in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                first = int.from_bytes(bytes.fromhex(dst.decode()), "big")
                for k, gid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    glyphs[f"{gid:04X}"] = chr(first + k)
    text = []
    for s in (s for s in streams if b"BT" in s and b"begincmap" not in s):
        for block in re.findall(rb"BT(.*?)ET", s, re.S):
            codes = b"".join(re.findall(rb"<([0-9A-Fa-f]+)>", block)).decode().upper()
            text.append("".join(glyphs.get(codes[i : i + 4], "?") for i in range(0, len(codes), 4)))
    return "\n".join(text)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


@needs_chromium
def test_briefing_pdf_is_one_page_with_name_and_source():
    pdf = exports.briefing_pdf(_profile(name="Sint-Truiden <script>x</script>", n_rows=32))
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert _pdf_pages(pdf) == 1
    text = _pdf_text(pdf)
    assert "Sint-Truiden <script>x</script>" in text  # shown as text, not run as a script
    assert "Statbel, Bevolking per gemeente" in text and "Indicator 31" in text


@needs_chromium
def test_html_to_png_has_requested_size():
    png = exports.html_to_png("<p>Kaart</p>", width=640, height=360, settle_ms=0)
    assert _png_size(png) == (640, 360)


@needs_chromium
def test_html_to_png_waits_for_late_drawing():
    image = pytest.importorskip("PIL.Image")
    page = (
        '<body style="margin:0;background:#fff"><script>setTimeout(function(){'
        "document.body.style.background='#ff00ff'}, 3000)</script></body>"
    )
    png = exports.html_to_png(page, width=200, height=100, settle_ms=5000)
    assert image.open(io.BytesIO(png)).convert("RGB").getpixel((100, 50)) == (255, 0, 255)


@needs_chromium
@pytest.mark.skipif(not (LEAFLET / "leaflet.js").exists(), reason="vendored Leaflet missing")
def test_html_to_png_draws_self_contained_leaflet_map():
    image = pytest.importorskip("PIL.Image")
    css, js = (LEAFLET / "leaflet.css").read_text(), (LEAFLET / "leaflet.js").read_text()
    polygon = '{"type":"Polygon","coordinates":[[[4,50.8],[5,50.8],[5,51.2],[4,51.2],[4,50.8]]]}'
    page = (
        f"<html><head><style>{css} html,body,#m{{margin:0;height:100%}}</style>"
        f'<script>{js}</script></head><body><div id="m"></div><script>'
        "var m=L.map('m',{zoomControl:false,attributionControl:false});"
        f"var g=L.geoJSON({polygon},{{style:{{color:'#ff00ff',fillColor:'#ff00ff',fillOpacity:1}}}})"
        ".addTo(m);m.fitBounds(g.getBounds());</script></body></html>"
    )
    png = exports.html_to_png(page, width=400, height=300)
    assert _png_size(png) == (400, 300)
    assert image.open(io.BytesIO(png)).convert("RGB").getpixel((200, 150)) == (255, 0, 255)


# --- Chromium failures (no browser needed) -----------------------------------------------------


def test_missing_chromium_raises_dutch_error(tmp_path):
    with pytest.raises(ExportError, match="niet gevonden") as caught:
        exports.html_to_pdf("<p>x</p>", chromium=str(tmp_path / "geen-chromium"))
    assert "not found" in caught.value.message("en")
    with pytest.raises(ExportError):
        exports.html_to_png("<p>x</p>", chromium=str(tmp_path / "geen-chromium"))


def _fake_browser(tmp_path: Path, body: str) -> str:
    script = tmp_path / "chromium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_hanging_chromium_is_stopped_at_the_timeout(tmp_path):
    pid_file = tmp_path / "pid"
    fake = _fake_browser(tmp_path, f"echo $$ > {pid_file}\nexec sleep 30")
    with pytest.raises(ExportError, match="afgebroken"):
        exports.html_to_pdf("<p>x</p>", timeout_s=1, chromium=fake)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_failing_chromium_raises_with_its_message(tmp_path):
    fake = _fake_browser(tmp_path, "echo 'kapot: geen scherm' >&2\nexit 3")
    with pytest.raises(ExportError, match="code 3.*kapot: geen scherm"):
        exports.html_to_png("<p>x</p>", chromium=fake)


# --- file names -------------------------------------------------------------------------------


def test_filename_is_safe_ascii():
    assert (
        exports.filename("kaart", "Bebouwde percelen", "2019", "2026-11-28", ext="csv")
        == "ruraldash_kaart_bebouwde-percelen_2019_2026-11-28.csv"
    )
    risky = exports.filename(
        "briefing", "../../etc/passwd", "<b>Sint-Genesius-Rode</b>", ext=".PDF"
    )
    assert risky == "ruraldash_briefing_etc-passwd_sint-genesius-rode.pdf"
    assert exports.filename("tabel", "Élévation d’Ièper", "", ext="xlsx") == (
        "ruraldash_tabel_elevation-d-ieper.xlsx"
    )


def test_file_names_say_the_apps_words_in_the_ui_language():
    args = ("kaart", "Bebouwde percelen", "2019", "drukkaart")
    assert exports.filename(*args, ext="png") == (
        "ruraldash_kaart_bebouwde-percelen_2019_drukkaart.png"
    )
    assert exports.filename(*args, ext="png", lang="en") == (
        "ruraldash_map_bebouwde-percelen_2019_print-map.png"
    )


def test_every_indicator_has_a_short_unique_file_name_piece_in_both_languages():
    import tomllib

    from ruraldash.core.config import ROOT

    indicators = tomllib.loads((ROOT / "indicators.toml").read_text("utf-8"))["indicator"]
    for lang in ("nl", "en"):
        pieces = [exports.label_slug(i[f"label_{lang}"]) for i in indicators]
        assert len(set(pieces)) == len(pieces), lang
        assert all(re.fullmatch(r"[a-z0-9-]{3,40}", p) for p in pieces), pieces
    assert exports.label_slug("Bebouwde percelen (aandeel oppervlakte)") == "bebouwde-percelen"
    assert exports.label_slug("Geplande sociale huurwoningen per 1.000 huishoudens (pijplijn)") == (
        "geplande-sociale-huurwoningen-per-1000"
    )
