"""A municipality's type on both border sets, the list of type changes, peers' distance and size,
the own layer's median label and the one-page briefing: on the real bundle (skips when not synced)."""

from __future__ import annotations

import os

import pytest

from ruraldash.domain import peers
from ruraldash.features.profile import borders, briefing, peerinfo
from ruraldash.features.profile import table as profile
from ruraldash.render import exports
from tests.test_exports import _pdf_pages, _pdf_text

needs_chromium = pytest.mark.skipif(
    not os.access(exports.CHROMIUM, os.X_OK), reason="needs /usr/bin/chromium"
)


def test_lochristi_type_on_both_border_sets_with_the_reason(real_atlas):
    old = borders.type_on(real_atlas, "2019", "44034")
    new = borders.type_on(real_atlas, "2025", "44087")
    assert (old.type, round(old.density), round(old.ruimtebeslag, 1)) == (
        "verstedelijkt",
        375,
        33.3,
    )
    assert (new.type, round(new.density), round(new.ruimtebeslag, 1)) == ("platteland", 324, 29.3)
    lines = borders.both_types(real_atlas, "2019", "44034", "nl")
    assert "verstedelijkte gemeente (375 inw./km², ruimtebeslag gekalibreerd 33,3 %)" in lines[0]
    assert "plattelandsgemeente (324 inw./km², ruimtebeslag gekalibreerd 29,3 %)" in lines[1]
    assert "verschilt" in lines[2] and "2019–2024" in lines[3]  # the report's border set


def test_every_type_change_is_listed(real_atlas):
    changes = borders.type_changes(real_atlas, "nl")
    assert "44034" in set(changes.iloc[:, 0]) and "73109" not in set(changes.iloc[:, 0])
    old, new = real_atlas.units("2019"), real_atlas.units("2025")
    succ = old["nis_code_2025"]
    expected = int((old["type"].astype(str) != succ.map(new["type"]).astype(str)).sum())
    assert len(changes) == expected == len(borders.type_changes_text(real_atlas, "nl"))


def test_voeren_has_no_neighbours_because_it_is_an_exclave(real_atlas):
    from ruraldash.domain.peers import neighbour_table

    table = neighbour_table(real_atlas.geometry["2019"])
    group = peers.peers("73109", "neighbours", names=real_atlas.units("2019")["name"],
                        neighbours=table)  # fmt: skip
    from ruraldash.features.peertext import explain

    assert group.members == [] and "exclave" in explain(group, "nl")


def test_peers_far_larger_are_flagged_with_distance_and_size(real_atlas):
    facts = peerinfo.peer_facts(real_atlas, "2019", "73109", ["13014", "72030", "73083"])
    hoogstraten = facts.loc["13014"]
    assert hoogstraten["flag"] == "larger" and hoogstraten["km"] > 80
    text = peerinfo.peer_text(hoogstraten, "nl")
    assert "km" in text and "× zo groot" in text
    assert "zijn meer dan twee keer zo groot" in peerinfo.size_summary(facts, "nl")
    assert peerinfo.size_flag(1.5) == "" and peerinfo.size_flag(0.4) == "smaller"


def test_english_profile_shows_service_classes_in_english(real_atlas):
    from ruraldash.features.profile.facts import facts

    head = facts(real_atlas, "73109", "2025", "en")
    assert "equipped" in head["service"] and "uitgerust" not in head["service"]
    table = profile.profile_table(real_atlas, "73109", "2025", [], "en")
    row = table.set_index("indicator").loc["service_class_2025"]
    assert "equipped" in row["value_text"]


@needs_chromium
@pytest.mark.parametrize("nis,bs,lang", [("73109", "2019", "nl"), ("44034", "2019", "nl"),
                                         ("31042", "2025", "en")])  # fmt: skip
def test_briefing_pdf_fits_one_page_and_gives_the_orf_amount(real_atlas, nis, bs, lang):
    members = ["13014", "72030"] if bs == "2019" else ["31006"]
    table = profile.profile_table(real_atlas, nis, bs, members, lang)
    info = briefing.build(real_atlas, table, nis, bs, members, "m", lang, "2026-12-06")
    pdf = exports.briefing_pdf(info, lang)
    assert _pdf_pages(pdf) == 1
    text = _pdf_text(pdf).replace("\u00a0", " ")
    assert " euro" in text and ("Openruimtefonds" in text or "Open Ruimtefonds" in text)
    assert "recentst" not in text and "latest" not in text
