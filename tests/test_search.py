"""Finding municipalities across the 2025 mergers: old names and codes lead to the merged one."""

from __future__ import annotations

import pytest

from ruraldash.features import search
from ruraldash.features.selection import from_query


def test_old_names_and_codes_are_options_on_2025_borders(real_atlas):
    labels = search.labels(real_atlas, "2025")
    assert labels["73040"] == "Kortessem (73040) → Hasselt (71072)"
    assert search.targets(real_atlas, "2025")["73040"] == "71072"
    assert len(labels) == 285 + len(
        search.successors(real_atlas.bundle.mapping, real_atlas.units("2025").index)
    )
    assert search.labels(real_atlas, "2019")["73040"] == "Kortessem (73040) → Hasselt"


def test_merger_note_names_the_old_and_the_new_municipality(real_atlas):
    note = search.merger_note(real_atlas, "2025", "71072", "73040", "nl")
    assert note.startswith("Kortessem (73040) is sinds 1 januari 2025 deel van Hasselt (71072)")
    assert note.endswith("Kies de grenzen 2019–2024 om Kortessem alleen te zien.")
    assert search.merger_note(real_atlas, "2025", "11001", "73040", "nl") == ""  # moved on since
    assert search.merger_note(real_atlas, "2019", "73040", "73040", "nl") == ""


def test_a_link_with_an_old_code_on_2025_borders_selects_the_merged_municipality(real_atlas):
    units = {bs: set(real_atlas.units(bs).index) for bs in ("2019", "2025")}
    succ = search.successors(real_atlas.bundle.mapping, real_atlas.units("2025").index)
    params = {"gemeente": "73040", "grenzen": "2025"}
    sel, refused = from_query(params, real_atlas.catalogue, units, set(), {}, succ)
    assert (sel.selected, sel.merged_from, refused) == ("71072", "73040", [])
    # without the successors (or on 2019 borders with an unknown code) it is still refused
    sel, refused = from_query(
        {"gemeente": "71072", "grenzen": "2019"}, real_atlas.catalogue, units, set(), {}, succ
    )
    assert sel.selected is None and refused == ["gemeente"]


def test_open_ruimtefonds_warns_for_municipalities_that_join_a_centrumstad(real_atlas):
    from ruraldash.features.orf.view import centrumstad_2025_warning, joins_centrumstad_2025

    joins = joins_centrumstad_2025(real_atlas)
    assert joins["name_2025"].to_dict() == {"11007": "Antwerpen", "73040": "Hasselt"}
    text = centrumstad_2025_warning(real_atlas, "2019", "nl")
    assert "Kortessem (73040, vanaf 2025 deel van Hasselt)" in text and "niets" in text
    assert centrumstad_2025_warning(real_atlas, "2025", "nl") == ""


def test_no_2025_only_value_on_a_merged_old_municipality(real_atlas):
    from ruraldash.features.profile.facts import facts

    head = facts(real_atlas, "73040", "2019", "nl")
    assert head["service"] == "geen gegevens" and "a0" not in head["service"]
    dist = real_atlas.values("distance_service_centre", "2019")
    assert dist.loc["73040", "value"] != dist.loc["73040", "value"]  # NaN, not 0,0 km
    assert dist.loc["73040", "missing_reason"] == "no_split"
    assert real_atlas.values("distance_service_centre", "2025").loc["71072", "value"] == 0


@pytest.mark.parametrize("border_set", ["2019", "2025"])
def test_the_search_knows_the_french_and_german_names_the_upload_knows(real_atlas, border_set):
    """Issue 21: "Fourons" gave "No results"; the upload already read it as Voeren."""
    found = search.labels(real_atlas, border_set)
    for typed, code in (("Fourons", "73109"), ("Gand", "44021"), ("Courtrai", "34022")):
        hits = [c for c, label in found.items() if typed.lower() in label.lower()]
        assert hits == [code], (typed, hits)
