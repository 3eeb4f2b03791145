"""The string catalogue: Dutch first, English second, fall back to Dutch then to the key."""

from __future__ import annotations

import pytest

from ruraldash.core import i18n


@pytest.fixture
def locale_dir(tmp_path, monkeypatch):
    """Point the catalogue at a temporary locale folder (and rebuild the cache before and after)."""
    monkeypatch.setattr(i18n, "_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    yield tmp_path
    i18n.catalogue.cache_clear()


def test_lookup_with_fallbacks(locale_dir):
    (locale_dir / "a.toml").write_text(
        '[hello]\nnl = "Hallo {name}"\nen = "Hello {name}"\n\n[only_nl]\nnl = "Alleen Nederlands"\n',
        encoding="utf-8",
    )
    assert i18n.t("hello", "nl", name="Mesen") == "Hallo Mesen"
    assert i18n.t("hello", "en", name="Mesen") == "Hello Mesen"
    assert i18n.t("hello", "fr", name="Mesen") == "Hallo Mesen"
    assert i18n.t("only_nl", "en") == "Alleen Nederlands"
    assert i18n.t("no_such_key", "en") == "no_such_key"


def test_duplicate_key_across_files_raises(locale_dir):
    (locale_dir / "a.toml").write_text('[same]\nnl = "een"\nen = "one"\n', encoding="utf-8")
    (locale_dir / "b.toml").write_text('[same]\nnl = "twee"\nen = "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="same"):
        i18n.catalogue()


def test_the_real_locale_files_load_without_clashes():
    i18n.catalogue.cache_clear()
    strings = i18n.catalogue()
    assert strings
    assert all("nl" in entry for entry in strings.values()), "every string needs a Dutch text"
