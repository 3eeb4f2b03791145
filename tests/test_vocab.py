"""One vocabulary: the selector, the URL, the type filter, the sidebar and the CLI offer the same
typologies, border sets, polarities, statuses and facets, each named in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ruraldash import cli
from ruraldash.core import vocab
from ruraldash.core.locale import t
from ruraldash.features import choropleth
from ruraldash.features.selection import Selection, from_query, to_query
from tests.factories import tiny_atlas


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_code_has_words_in_both_languages(lang):
    names = [ty.label(lang) for ty in vocab.TYPOLOGIES.values()]
    names += [vocab.border_label(bs, lang) for bs in vocab.BORDER_SETS]
    names += [t(f"status_{s}", lang) for s in vocab.STATUSES]
    names += [vocab.type_label(ty, lang) for ty in vocab.MUNICIPALITY_TYPES]
    names += [vocab.facet_label(f, lang) for f in vocab.FACETS]
    assert all(names) and len(set(names)) == len(names)


@pytest.mark.parametrize("typology", vocab.TYPOLOGY_IDS)
def test_every_typology_gives_groups_and_survives_a_link(atlas, typology):
    groups = choropleth.group_values(atlas, "2019", typology)
    assert groups.notna().any(), f"{typology}: the type filter would offer nothing"
    sel = Selection(typology=typology)
    types = {
        ty: set(choropleth.group_values(atlas, "2019", ty).dropna()) for ty in vocab.TYPOLOGIES
    }
    back, refused = from_query(to_query(sel), {"built_share": None}, {}, set(), types)
    assert (back.typology, refused) == (typology, [])


def test_the_cli_lists_every_typology_on_both_border_sets(atlas, capsys):
    cli._print_typologies(atlas)
    out = capsys.readouterr().out
    for typology in vocab.TYPOLOGY_IDS:
        assert out.count(f"{typology:25} ") == len(vocab.BORDER_SETS)


def test_an_unnamed_group_keeps_its_code_and_a_missing_one_is_said():
    assert vocab.type_label("platteland", "nl") == "Plattelandsgemeente"
    assert vocab.type_label("a0", "nl") == "a0"  # PinC classes have no separate name
    assert vocab.type_label(None, "en") == t("type_unknown", "en")


SRC = Path(__file__).parents[1] / "src" / "ruraldash"
SECOND_LISTS = [
    re.compile(r"""\(\s*["']2019["'],\s*["']2025["']\s*\)"""),
    re.compile(r"""\(\s*["']higher_better["'],\s*["']higher_worse["'],\s*["']neutral["']\s*\)"""),
    re.compile(r"""\(\s*["']platteland["'],\s*["']verstedelijkt["'],\s*["']centrumstad["']\s*\)"""),
    re.compile(r"""\(\s*["']official["'],\s*["']proxy["']"""),
    re.compile(r"""["']plattelandsrapport_proxy["'],\s*["']uitrusting["']"""),
]


def test_no_second_list_of_a_vocabulary_outside_core_vocab():
    found = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in SRC.rglob("*.py")
        if path.name != "vocab.py"
        for pattern in SECOND_LISTS
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
