"""The printable notes report: grouped by facet, then municipality; user text escaped; prints to PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ruraldash.features.notes import NoteStore
from ruraldash.render.chromium import CHROMIUM, html_to_pdf
from ruraldash.render.notes_report import report_html


@pytest.fixture
def notes(tmp_path: Path):
    with NoteStore.from_path(tmp_path / "n.sqlite") as store:
        store.add("Atelier 01/12/2026", "Zonder facet, algemeen")
        store.add("Atelier 01/12/2026", "Bus <script>x</script>", "12021", 4, "Tafel <1>")
        store.add("Atelier 01/12/2026", "Speelplein", "12009", 2)
        store.add("Atelier 01/12/2026", "Nog een in Lier", "12021", 4)
        store.add("Atelier 01/12/2026", "Algemeen over facet 2", None, 2)
        yield list(reversed(store.list()))


NAMES = {"12021": "Lier", "12009": "Herselt"}


def _headings(doc: str) -> list[str]:
    return re.findall(r"<h[23]>(.*?)</h[23]>", doc)


def test_report_is_grouped_by_facet_then_municipality(notes):
    doc = report_html("Atelier 01/12/2026", notes, NAMES, "nl")
    assert _headings(doc) == [
        "Facet 2: Woonomgeving",
        "Algemeen (geen gemeente)",
        "Herselt (12009)",
        "Facet 4: Economische bedrijvigheid",
        "Lier (12021)",
        "Zonder facet",
        "Algemeen (geen gemeente)",
    ]
    lier = doc.split("Lier (12021)")[1].split("<h2>")[0]
    assert lier.index("Bus") < lier.index("Nog een in Lier")  # oldest first
    assert "5 notities" in doc and "Atelier 01/12/2026" in doc


def test_report_escapes_user_text(notes):
    doc = report_html("<b>Atelier</b>", notes, NAMES, "en")
    assert "<script>" not in doc and "&lt;script&gt;" in doc
    assert "<b>Atelier" not in doc and "Tafel &lt;1&gt;" in doc
    assert "5 notes" in doc


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_report_prints_to_pdf(notes):
    pdf = html_to_pdf(report_html("Atelier 01/12/2026", notes, NAMES, "nl"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
