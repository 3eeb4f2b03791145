"""Reading a user's Gemeentefonds CSV: formats, bad rows reported (never raised), language."""

from __future__ import annotations

import pytest

from ruraldash.data import gemeentefonds as gf
from ruraldash.domain import allocation

KNOWN = {"11001", "11004", "11005", "35029"}


def test_upload_semicolon_decimal_comma_and_bom():
    raw = "\ufeffnis_code;gemeentefonds\n11001;1.234.567,89\n11004;12345,5\n".encode()
    upload = gf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.to_dict() == {"11001": 1_234_567.89, "11004": 12_345.5}
    assert not upload.invalid_rows and not upload.unknown_codes


def test_upload_cp1252_with_extra_text_column():
    text = "Gemeentefonds 2024\nNIS-code;Gemeente;Bedrag (€)\n11001;Aartselaar;7 654 321\n"
    text += "11005;Boom (geïnd);2.500.000\n"
    upload = gf.parse_gemeentefonds_table(text.encode("cp1252"), KNOWN)
    assert upload.values.to_dict() == {"11001": 7_654_321.0, "11005": 2_500_000.0}


def test_upload_comma_separator_with_decimal_point_and_only_numeric_column():
    raw = b'nis,naam,waarde\n11001,Aartselaar,"1,234,567.5"\n11004,Boechout,98765.25\n'
    upload = gf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.to_dict() == {"11001": 1_234_567.5, "11004": 98_765.25}


def test_upload_reports_and_leaves_out_bad_rows():
    raw = b"niscode;bedrag\n11001;100\n21004;500\n11004;1\n11004;2\n11005;veel\n35029;-40\nabc;3\n"
    upload = gf.parse_gemeentefonds_table(raw, KNOWN, names={"11004": "Boechout"})
    assert upload.values.to_dict() == {"11001": 100.0}
    assert upload.unknown_codes == ["21004"]
    assert upload.duplicates == ["11004"]
    assert [line for line, _ in upload.invalid_rows] == [6, 7, 8]
    text = " ".join(upload.messages)
    assert "21004" in text and "11004 (Boechout)" in text
    assert "geen getal ‘veel’" in text and "negatief bedrag ‘-40’" in text


@pytest.mark.parametrize(
    "raw",
    [b"", b"  \n\n", b"PK\x03\x04xlsx", bytes(range(256)), b"gemeente;bedrag\nBoom;3\n"],
)
def test_upload_never_raises_and_explains(raw):
    upload = gf.parse_gemeentefonds_table(raw, KNOWN)
    assert upload.values.empty
    assert upload.messages


def test_upload_messages_follow_the_language():
    assert gf.parse_gemeentefonds_table(b"", KNOWN).messages == ["Het bestand is leeg."]
    assert gf.parse_gemeentefonds_table(b"", KNOWN, lang="en").messages == ["The file is empty."]


def test_the_parser_is_still_reachable_from_allocation():
    assert allocation.parse_gemeentefonds_table is gf.parse_gemeentefonds_table
    assert allocation.GemeentefondsUpload is gf.GemeentefondsUpload
