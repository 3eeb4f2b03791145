"""Shareable links: a selection survives the URL round trip; tampered links fall back to defaults."""

from __future__ import annotations

import random
from dataclasses import fields

import pytest

from ruraldash.data.catalog import FACETS, Indicator
from ruraldash.features.selection import (
    PAGE_PARAMS,
    PARAMS,
    SCHEMES,
    Selection,
    breaks_text,
    from_query,
    parse_breaks,
    to_query,
    translate_selected,
)


def _ind(ind_id: str, layer: str, years: tuple[int, ...] = ()) -> Indicator:
    return Indicator(
        id=ind_id, label_nl=ind_id, label_en=ind_id, definition_nl="d", definition_en="d",
        unit="%", decimals=1, facets=(1,), layer=layer, polarity="neutral", kind="numeric",
        source="ds", year="2020", status="official", rule="sum", expr="x", years=years,
    )  # fmt: skip


CATALOGUE = {
    i.id: i
    for i in (
        _ind("built_share", "sealed"),
        _ind("open_space_share", "sealed"),
        _ind("survey_shops", "services"),
        _ind("permits", "context", years=(2019, 2020, 2021)),
    )
}
UNITS = {
    "2019": {"11001", "11002", "11007", "44021", "44012", "44048"},
    "2025": {"11001", "11002", "44021", "44086"},
}
PROVINCES = {"Antwerpen", "Oost-Vlaanderen"}
TYPES = {
    "plattelandsrapport": {"platteland", "verstedelijkt", "centrumstad"},
    "uitrusting": {"a0", "a1", "b2"},
    "vlaamse_rand": {"vlaamse_rand", "buiten_rand"},
}


def parse(params: dict[str, str]) -> tuple[Selection, list[str]]:
    return from_query(params, CATALOGUE, UNITS, PROVINCES, TYPES)


def _random_selection(rng: random.Random) -> Selection:
    """A consistent selection touching every field (what the sidebar can produce)."""
    ind = rng.choice(list(CATALOGUE.values()))
    typology = rng.choice(sorted(TYPES))
    border = rng.choice(["2019", "2025"])
    scheme = rng.choice(SCHEMES)
    breaks = ()
    if scheme == "manual":
        values = [rng.uniform(-1000, 1000)]
        for _ in range(rng.randint(1, 5)):
            values.append(values[-1] + rng.uniform(0.001, 50))
        breaks = tuple(values)
    extra = {"stap": str(rng.randint(1, 5))} if rng.random() < 0.3 else {}
    return Selection(
        layer=ind.layer,
        indicator=ind.id,
        year=rng.choice([None, *ind.years]) if ind.years else None,
        facets=tuple(sorted(rng.sample(list(FACETS), rng.randint(0, 3)))),
        typology=typology,
        types=tuple(rng.sample(sorted(TYPES[typology]), rng.randint(0, 2))),
        provinces=tuple(rng.sample(sorted(PROVINCES), rng.randint(0, 2))),
        border_set=border,
        scheme=scheme,
        k=rng.randint(3, 7),
        breaks=breaks,
        selected=rng.choice([None, *sorted(UNITS[border])]),
        lang=rng.choice(["nl", "en"]),
        presentation=rng.random() < 0.5,
        contrast=rng.random() < 0.5,
        extra=extra,
    )


@pytest.mark.parametrize("seed", range(40))
def test_round_trip_restores_the_same_view(seed):
    rng = random.Random(seed)
    for _ in range(10):
        sel = _random_selection(rng)
        back, refused = parse(to_query(sel))
        assert refused == []
        assert back == sel
        assert back.extra == sel.extra


def test_every_field_has_a_url_parameter_and_changes_the_link():
    names = {f.name for f in fields(Selection)} - {
        "extra",
        "merged_from",
    }  # merged_from: a note only
    assert names == set(PARAMS.values())
    assert to_query(Selection()) == {}, "the default view is the bare link"
    changed = Selection(
        layer="context", indicator="permits", year=2020, facets=(2, 5), typology="uitrusting",
        types=("a1",), provinces=("Antwerpen",), border_set="2025", scheme="manual", k=4,
        breaks=(0.1, 2.5, 1234567.125), selected="44086", lang="en", presentation=True,
        contrast=True,
    )  # fmt: skip
    query = to_query(changed)
    assert set(query) == set(PARAMS)
    assert parse(query) == (changed, [])


def test_manual_breaks_keep_full_precision():
    sel = Selection(scheme="manual", breaks=(0.123456789, 1e-05, 1234567.5)[::2] + (2e6,))
    assert parse(to_query(sel))[0].breaks == sel.breaks


def test_layer_alone_opens_that_layers_first_indicator():
    sel, refused = parse({"laag": "services"})
    assert (sel.layer, sel.indicator, refused) == ("services", "survey_shops", [])


def test_indicator_decides_the_layer():
    sel, _ = parse({"laag": "sealed", "ind": "survey_shops"})
    assert (sel.layer, sel.indicator) == ("services", "survey_shops")


TAMPERED = [
    ("ind", "bogus", "indicator"),
    ("ind", "<script>alert(1)</script>", "indicator"),
    ("k", "99", "k"),
    ("k", "abc", "k"),
    ("k", "2", "k"),
    ("k", "²", "k"),
    ("k", "-5", "k"),
    ("k", "5" * 40, "k"),
    ("facet", "9", "facets"),
    ("facet", "1,9", "facets"),
    ("facet", "¹", "facets"),
    ("gemeente", "21004", "selected"),  # Brussels: not a Flemish municipality
    ("gemeente", "<script>", "selected"),
    ("gemeente", "11001\n", "selected"),
    ("gemeente", "١١٠٠١", "selected"),  # Arabic-Indic digits
    ("breaks", "30,20,10", "breaks"),
    ("breaks", "10,10,20", "breaks"),
    ("breaks", "10,abc", "breaks"),
    ("breaks", "nan,1,2", "breaks"),
    ("breaks", "1,2,3,4,5,6,7", "breaks"),  # 8 classes: more than the legend allows
    ("breaks", "5", "breaks"),
    ("type", "kasteel", "types"),
    ("typologie", "astrologie", "typology"),
    ("prov", "Brussel", "provinces"),
    ("grenzen", "1977", "border_set"),
    ("schema", "random", "scheme"),
    ("taal", "fr", "lang"),
    ("jaar", "1492", "year"),
    ("presentatie", "yes", "presentation"),
    ("contrast", "2", "contrast"),
    ("laag", "secret", "layer"),
]


@pytest.mark.parametrize(("param", "value", "field"), TAMPERED)
def test_tampered_value_falls_back_to_default_and_is_listed(param, value, field):
    default = getattr(Selection(), field)
    witness = ("k", "4") if param != "k" else ("contrast", "1")
    sel, refused = parse({param: value, witness[0]: witness[1]})
    assert getattr(sel, field) == default
    assert refused == [param]
    assert to_query(sel) == dict([witness]), "the valid parameters still apply"


@pytest.mark.parametrize("param", sorted(PARAMS))
def test_ten_thousand_character_values_are_refused_whole(param):
    sel, refused = parse({param: "1," * 5000})
    assert sel == Selection()
    assert refused == [param]


def test_a_long_list_is_not_truncated_into_a_valid_one():
    sel, refused = parse({"facet": ",".join(["1"] * 400)})  # 799 characters of valid facets
    assert sel.facets == () and refused == ["facet"]


def test_unknown_parameter_names_are_listed_and_sanitised():
    sel, refused = parse({"foo": "x", "[klik](http://evil)": "1", "x" * 10_000: "1"})
    assert sel == Selection()
    assert refused[0] == "foo"
    assert all(len(r) <= 30 and all(c.isalnum() or c in "_-?" for c in r) for r in refused)
    assert "(" not in "".join(refused) and "[" not in "".join(refused)


def test_tracking_tags_in_shared_links_are_ignored_without_a_notice():
    sel, refused = parse({"utm_source": "mail", "fbclid": "abc", "k": "4"})
    assert sel.k == 4 and refused == []


def test_type_outside_the_chosen_typology_is_refused():
    sel, refused = parse({"typologie": "uitrusting", "type": "platteland"})
    assert sel.typology == "uitrusting" and sel.types == ()
    assert "type" in refused


def test_year_the_indicator_does_not_have_is_refused():
    sel, refused = parse({"ind": "permits", "jaar": "2024"})
    assert sel.indicator == "permits" and sel.year is None and "jaar" in refused
    sel, refused = parse({"ind": "built_share", "jaar": "2020"})
    assert sel.year is None and "jaar" in refused


def test_municipality_of_the_other_border_set_is_refused():
    sel, refused = parse({"grenzen": "2025", "gemeente": "11007"})  # merged into 11002 in 2025
    assert sel.border_set == "2025" and sel.selected is None and "gemeente" in refused


def test_manual_scheme_without_breaks_falls_back_to_quantiles():
    sel, refused = parse({"schema": "manual"})
    assert sel.scheme == "quantiles" and "schema" in refused
    sel, refused = parse({"schema": "manual", "breaks": "10,20.5,30"})
    assert (sel.scheme, sel.breaks, refused) == ("manual", (10.0, 20.5, 30.0), [])


def test_page_parameters_are_kept_as_text_and_checked_for_characters():
    sel, refused = parse({"stap": "2", "peers": "11001,11002", "inds": "a;b"})
    assert sel.extra == {"stap": "2", "peers": "11001,11002", "inds": "a;b"} and refused == []
    assert set(sel.extra) <= set(PAGE_PARAMS)
    sel, refused = parse({"stap": "<script>", "sessie": "a\nb", "methode": "x\n"})
    assert sel.extra == {} and sorted(refused) == ["methode", "sessie", "stap"]
    sel, refused = parse({"sessie": "Atelier 01/12/2026"})  # an old notes link names its session
    assert sel.extra == {"sessie": "Atelier 01/12/2026"} and refused == []


# merger map (old code -> 2025 code): 11007 merged into 11002 (which kept its code),
# 44012 and 44048 into the new 44086, 11001 unmerged
MAPPING = {"11001": "11001", "11002": "11002", "11007": "11002", "44012": "44086",
           "44048": "44086", "44021": "44021"}  # fmt: skip


@pytest.mark.parametrize(
    ("code", "to", "expected"),
    [
        ("11007", "2025", "11002"),  # old -> the municipality it merged into
        ("44012", "2025", "44086"),
        ("11001", "2025", "11001"),  # unmerged keeps its code
        ("11001", "2019", "11001"),  # unmerged new -> old: the same municipality
        ("11002", "2019", "11002"),  # merged, the merger kept this old code
        ("44086", "2019", None),  # merged under a new code: no single old municipality
        (None, "2025", None),
        (None, "2019", None),
        ("99999", "2025", None),
    ],
)
def test_translate_selected_across_border_sets(code, to, expected):
    assert translate_selected(code, to, MAPPING) == expected


def test_translate_selected_follows_a_code_change_without_merger():
    assert translate_selected("46099", "2019", {"46001": "46099"}) == "46001"
    assert translate_selected("46001", "2025", {"46001": "46099"}) == "46099"


# --- manual class breaks as the user types them (sidebar text field) -------------------------


def test_breaks_of_a_thousand_or_more_are_not_read_as_one_in_dutch():
    assert breaks_text((1000.0, 2000.0, 3000.0), "nl") == "1.000; 2.000; 3.000"
    assert parse_breaks("1.000; 2.000; 3.000", "nl") == (1000.0, 2000.0, 3000.0)
    assert parse_breaks("10; 20,5; 1.234,5", "nl") == (10.0, 20.5, 1234.5)


def test_english_breaks_accept_thousands_separators():
    assert breaks_text((1000.0, 2000.0, 3000.0), "en") == "1,000; 2,000; 3,000"
    assert parse_breaks("1,000; 2,000; 3,000", "en") == (1000.0, 2000.0, 3000.0)
    assert parse_breaks("10; 20.5; 1,234.5", "en") == (10.0, 20.5, 1234.5)


@pytest.mark.parametrize(
    "text", ["", "10", "30; 20; 10", "10; 10; 20", "10; abc", "1; 2; 3; 4; 5; 6; 7"]
)
def test_breaks_that_are_not_two_to_six_increasing_numbers_are_refused(text):
    assert parse_breaks(text, "nl") is None
