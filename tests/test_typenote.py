"""The typology note that travels with every type shown: name, status, our and the official counts."""

from __future__ import annotations

from ruraldash.features.typenote import typology_method, typology_note, typology_status


def test_default_note_is_the_calibrated_model_with_both_counts(real_atlas):
    note = typology_note(real_atlas, "2019", "nl")
    assert note == (
        "Type: Plattelandsrapport-regel, gekalibreerde benadering (139/148/13; officieel "
        "140/147/13) · status: model"
    )
    assert typology_status(real_atlas, "2019") == "model"
    en = typology_note(real_atlas, "2025", "en")
    assert "calibrated approximation (128/144/13 on the 2025 borders" in en and "model" in en


def test_every_typology_of_the_selector_names_itself(real_atlas):
    raw = typology_note(real_atlas, "2019", "nl", "plattelandsrapport_proxy")
    assert "ruwe kadastrale benadering (188/99/13; officieel 140/147/13)" in raw
    assert raw.endswith("status: proxy")
    assert "uitrustingsgraad 2025" in typology_note(real_atlas, "2025", "nl", "uitrusting")
    assert "Vlaamse Rand" in typology_note(real_atlas, "2019", "en", "vlaamse_rand")


def test_method_shows_the_derived_factor_and_its_anchor(real_atlas):
    text = typology_method(real_atlas, "2019", "nl")
    assert "27,25 %" in text and "33 %" in text and "1,211" in text
    assert "Statistiek Vlaanderen" in text


def test_data_info_prints_the_counts_of_every_typology_on_both_border_sets(real_atlas, capsys):
    from ruraldash import cli
    from ruraldash.features.selection import TYPOLOGIES

    assert cli.main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert (
        "plattelandsrapport        2019: centrumstad 13, platteland 139, verstedelijkt 148" in out
    )
    assert (
        "plattelandsrapport        2025: centrumstad 13, platteland 128, verstedelijkt 144" in out
    )
    assert "plattelandsrapport_proxy  2019: centrumstad 13, platteland 188, verstedelijkt 99" in out
    assert "factor 1.2110" in out
    for ty in TYPOLOGIES:
        assert out.count(f"\n{ty} ") == 2  # one line per border set


def test_the_note_follows_the_language_and_border_set_after_a_memoised_one(real_atlas):
    """The note is built once per atlas, border set, language and typology: never the Dutch
    note on the English page, nor the 2019 counts on 2025 borders."""
    nl = typology_note(real_atlas, "2019", "nl")
    en = typology_note(real_atlas, "2019", "en")
    assert en != nl and "Type:" in nl
    assert typology_note(real_atlas, "2019", "nl") == nl
    assert typology_note(real_atlas, "2025", "nl") != nl
