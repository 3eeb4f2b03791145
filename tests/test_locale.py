"""The locale service: Belgian numbers (1.234,5) and English (1,234.5), dates in words without the system
locale, plurals, string lookups that fail under tests when a key is missing, one localised error."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ruraldash.core import fmt, locale
from ruraldash.core.locale import LocalisedError, MissingKey, Term

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


def test_day_does_not_depend_on_the_system_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "fr_BE.UTF-8")
    assert fmt.day(date(2026, 12, 6), "nl") == "6 december 2026"
    assert fmt.day(date(2026, 12, 6), "en") == "6 December 2026"


def test_a_moment_is_shown_in_brussels_time():
    assert locale.stamp(datetime(2026, 12, 6, 13, 5, tzinfo=UTC), "nl") == "06/12/2026 14:05"


# --- strings ----------------------------------------------------------------------------------


@pytest.fixture
def locale_dir(tmp_path, monkeypatch):
    """Point the catalogue at a temporary locale folder (and rebuild the cache before and after)."""
    monkeypatch.setattr(locale, "_DIR", tmp_path)
    locale.catalogue.cache_clear()
    yield tmp_path
    locale.catalogue.cache_clear()


def test_lookup_falls_back_to_dutch(locale_dir):
    (locale_dir / "a.toml").write_text(
        '[hello]\nnl = "Hallo {name}"\nen = "Hello {name}"\n\n[only_nl]\nnl = "Alleen Nederlands"\n',
        encoding="utf-8",
    )
    assert locale.t("hello", "nl", name="Mesen") == "Hallo Mesen"
    assert locale.t("hello", "en", name="Mesen") == "Hello Mesen"
    assert locale.t("hello", "fr", name="Mesen") == "Hallo Mesen"
    assert locale.t("only_nl", "en") == "Alleen Nederlands"


def test_a_missing_key_fails_under_tests_and_shows_the_key_in_the_app(locale_dir, monkeypatch):
    with pytest.raises(MissingKey):
        locale.t("no_such_key", "en")
    monkeypatch.delenv(locale.STRICT_ENV)
    assert locale.t("no_such_key", "en") == "no_such_key"
    assert locale.label("type_new", "nl", default="new") == "new"  # open-ended codes say so


def test_duplicate_key_across_files_raises(locale_dir):
    (locale_dir / "a.toml").write_text('[same]\nnl = "een"\nen = "one"\n', encoding="utf-8")
    (locale_dir / "b.toml").write_text('[same]\nnl = "twee"\nen = "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="same"):
        locale.catalogue()


def test_every_real_string_is_in_dutch_and_in_english():
    locale.catalogue.cache_clear()
    missing = [
        k for k, entry in locale.catalogue().items() if not (entry.get("nl") and entry.get("en"))
    ]
    assert missing == []


def test_plurals_follow_the_language(locale_dir):
    (locale_dir / "a.toml").write_text(
        '[muni_one]\nnl = "{n} gemeente"\nen = "{n} municipality"\n'
        '[muni_other]\nnl = "{n} gemeenten"\nen = "{n} municipalities"\n',
        encoding="utf-8",
    )
    assert locale.tn("muni", 1, "nl") == "1 gemeente"
    assert locale.tn("muni", 0, "nl") == "0 gemeenten"
    assert locale.tn("muni", 1234, "nl") == "1.234 gemeenten"
    assert locale.tn("muni", 2, "en") == "2 municipalities"


def test_a_localised_error_says_itself_in_both_languages(locale_dir):
    (locale_dir / "a.toml").write_text(
        '[err_long]\nnl = "{field} is te lang (max. {max} tekens)."\n'
        'en = "{field} is too long (max. {max} characters)."\n'
        '[f_body]\nnl = "De tekst"\nen = "The text"\n',
        encoding="utf-8",
    )
    err = LocalisedError("err_long", field=Term("f_body"), max=2000)
    assert str(err) == "De tekst is te lang (max. 2.000 tekens)."
    assert err.message("en") == "The text is too long (max. 2,000 characters)."
