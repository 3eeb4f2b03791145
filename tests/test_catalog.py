"""The indicator catalogue: the real one validates; every kind of mistake is refused by name."""

from __future__ import annotations

import pytest

from ruraldash.core.config import ROOT
from ruraldash.core.provenance import read_manifest
from ruraldash.data.catalog import FACETS, CatalogueError, by_layer, load_catalogue
from tests.factories import MINI_INDICATORS, indicator_entry


@pytest.fixture(scope="module")
def real_catalogue():
    return load_catalogue(ROOT / "indicators.toml", read_manifest(ROOT / "data" / "sources.toml"))


def test_real_catalogue_validates_against_the_real_manifest(real_catalogue):
    datasets = read_manifest(ROOT / "data" / "sources.toml")
    assert len(real_catalogue) >= 20
    for ind in real_catalogue.values():
        assert ind.native == datasets[ind.source].border_set
        assert ind.native in ("2019", "2025")
        assert ind.label("nl") and ind.label("en") and ind.definition("nl") and ind.definition("en")


def test_real_catalogue_serves_every_facet(real_catalogue):
    served = {f for ind in real_catalogue.values() for f in ind.facets}
    assert served == set(FACETS)


def test_mini_catalogue_loads(mini_catalogue):
    assert list(mini_catalogue) == [e["id"] for e in MINI_INDICATORS]
    assert mini_catalogue["births"].default_year == 2022
    assert mini_catalogue["households"].default_year is None
    assert mini_catalogue["dwellings"].native == "2025"


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"facets": [1, 6]}, "[1, 6]"),
        ({"facets": []}, "facets"),
        ({"source": "population_2099"}, "population_2099"),
        ({"join": ["nowhere"]}, "nowhere"),
        ({"rule": "average"}, "average"),
        ({"layer": "roads"}, "roads"),
        ({"status": "guessed"}, "guessed"),
        ({"kind": "fuzzy"}, "fuzzy"),
        ({"polarity": "up"}, "up"),
        ({"expr": None}, "expr"),
        ({"compute": "orf_key_share"}, "expr"),  # both expr and compute
        ({"rule": "computed"}, "computed"),  # computed rule without compute
        ({"rule": "weighted_mean"}, "weight"),
        ({"kind": "ordinal"}, "categories"),
        ({"expr": "births_{year}"}, "{year}"),
        ({"lable_nl": "typo"}, "lable_nl"),
    ],
)
def test_bad_entry_is_refused_naming_the_problem(fields, named, write_catalogue, mini_datasets):
    path = write_catalogue([indicator_entry("ok"), indicator_entry("broken", **fields)])
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path, mini_datasets)
    message = str(info.value)
    assert "broken" in message
    assert named in message
    assert "ok:" not in message  # the good entry is not blamed


def test_duplicate_id_is_refused(write_catalogue, mini_datasets):
    path = write_catalogue([indicator_entry("twice"), indicator_entry("twice", expr="population")])
    with pytest.raises(CatalogueError, match="twice: duplicate"):
        load_catalogue(path, mini_datasets)


def test_every_problem_is_listed_at_once(write_catalogue, mini_datasets):
    path = write_catalogue(
        [indicator_entry("one", facets=[9]), indicator_entry("two", source="nope")]
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path, mini_datasets)
    assert "one:" in str(info.value) and "two:" in str(info.value)


def test_by_layer_with_facet_filter_narrows(real_catalogue):
    services = by_layer(real_catalogue, "services")
    assert services and all(i.layer == "services" for i in services)
    narrowed = by_layer(real_catalogue, "services", {2})
    assert narrowed and len(narrowed) < len(services)
    assert all(2 in i.facets for i in narrowed)
    assert {i.id for i in narrowed} <= {i.id for i in services}
    assert by_layer(real_catalogue, "services", set()) == services  # no filter
    assert by_layer(real_catalogue, "nowhere") == []


def test_labels_follow_the_language(real_catalogue):
    ind = real_catalogue["population_2020"]
    assert ind.label("nl") != ind.label("en")
    assert ind.unit_label("en") == ind.unit_en
    assert ind.unit_label("nl") == ind.unit
