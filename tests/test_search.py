"""Finding municipalities across the 2025 mergers: old names and codes lead to the merged one."""

from __future__ import annotations

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
    assert "Hasselt (71022), Kortessem (73040)" in note
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
