"""Belgian number formatting: 1.234,5 in Dutch, 1,234.5 in English, missing is said, not shown as 0."""

from __future__ import annotations

from datetime import date

import pytest

from ruraldash.core import fmt

MINUS = "\u2212"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "nl", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234567, 0, "nl", "1.234.567"),
        (1234567, 0, "en", "1,234,567"),
        (0.5, 2, "nl", "0,50"),
        (-1234.5, 1, "nl", MINUS + "1.234,5"),
        (-1234.5, 1, "en", MINUS + "1,234.5"),
        (-0.04, 1, "nl", "0,0"),  # no "-0,0"
        (-0.4, 0, "en", "0"),
        (-0.0, 0, "nl", "0"),
    ],
)
def test_number(value, decimals, lang, expected):
    assert fmt.number(value, decimals, lang) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), float("inf"), "n.b."])
def test_missing_is_said_in_words(missing):
    assert fmt.number(missing, 1, "nl") == "geen gegevens"
    assert fmt.number(missing, 1, "en") == "no data"
    assert fmt.signed(missing, 1, "nl") == "geen gegevens"


def test_unit_after_a_non_breaking_space():
    assert fmt.number(12.345, 1, "nl", "%") == f"12,3{NBSP}%"
    assert fmt.number(2500, 0, "en", "km") == f"2,500{NBSP}km"


def test_signed_shows_plus_and_minus():
    assert fmt.signed(1234, 0, "nl") == "+1.234"
    assert fmt.signed(-56, 0, "nl") == MINUS + "56"
    assert fmt.signed(0, 0, "nl") == "0"


def test_decimals_for_break_lists():
    assert fmt.decimals_for([10.0, 2500.0]) == 0
    assert fmt.decimals_for([0.1, 0.25]) >= 2
    assert fmt.decimals_for([float("nan")], default=1) == 1


def test_day():
    assert fmt.day(date(2026, 8, 14), "nl") == "14 augustus 2026"
    assert fmt.day("2026-03-01", "en") == "1 March 2026"
