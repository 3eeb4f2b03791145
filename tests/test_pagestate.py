"""Page state beyond the selection: every page's own link parameters survive the URL round trip,
tampered values fall back to the default and are named, and other pages' parameters are kept."""

from __future__ import annotations

import random

import pytest

from ruraldash.domain import allocation
from ruraldash.features.compare import IndexChoice
from ruraldash.features.orf.view import VIEWS
from ruraldash.features.pagestate import (
    CompareState,
    OrfState,
    PeerState,
    index_state,
    merge,
)

KNOWN = {"built_share", "density_2025", "survey_shops"}
CODES = {"11001", "11002", "44021", "71072"}


def _round_trip(state, read, **kw):
    extra = merge({"stap": "3", "sessie": "atelier-1"}, state)
    back, refused = read(extra, **kw)
    assert extra["stap"] == "3" and extra["sessie"] == "atelier-1"  # other pages' state kept
    return back, refused


@pytest.mark.parametrize("seed", range(20))
def test_every_page_state_survives_its_link(seed):
    rng = random.Random(seed)
    compare = CompareState(rng.choice([None, *KNOWN]), rng.choice([None, *KNOWN]))
    assert _round_trip(compare, CompareState.read, known=KNOWN) == (compare, [])
    peers = PeerState(
        rng.choice(["type", "province", "neighbours", "similar", "own"]),
        rng.randint(3, 30),
        tuple(rng.sample(sorted(CODES), rng.randint(0, 3))),
    )
    assert _round_trip(peers, PeerState.read, known=CODES) == (peers, [])
    orf = OrfState(
        rng.choice([allocation.BUDGET_DEFAULT_EUR, 123_456_789.5, 2_500.0]),
        rng.choice([allocation.BUDGET_PLUS65_EUR, 10_000_000_000.0]),
        rng.choice(VIEWS),
        rng.choice("AB"),
    )
    assert _round_trip(orf, OrfState.read) == (orf, [])


def test_defaults_make_no_parameters_short_links():
    assert CompareState().params() == PeerState().params() == OrfState().params() == {}


@pytest.mark.parametrize(
    ("read", "extra", "refused"),
    [
        (lambda e: CompareState.read(e, KNOWN), {"x": "<script>", "y": "built_share"}, ["x"]),
        (lambda e: PeerState.read(e, CODES), {"methode": "random"}, ["methode"]),
        (lambda e: PeerState.read(e, CODES), {"knn": "99"}, ["knn"]),
        (lambda e: PeerState.read(e, CODES), {"peers": "11001,99999,abc"}, ["peers"]),
        (OrfState.read, {"budget": "-5"}, ["budget"]),
        (OrfState.read, {"budget_b": "1e99"}, ["budget_b"]),
        (OrfState.read, {"kaartbeeld": "3d", "scenario": "C"}, ["kaartbeeld", "scenario"]),
    ],
)
def test_a_tampered_value_falls_back_and_is_named(read, extra, refused):
    state, named = read(extra)
    assert named == refused
    assert all(p not in state.params() or extra.get(p) != state.params()[p] for p in refused)


def test_a_peer_list_keeps_the_known_codes_in_order():
    state, refused = PeerState.read({"methode": "own", "peers": "71072,99999,11001"}, CODES)
    assert (state.peers, refused) == (("71072", "11001"), ["peers"])


def test_the_index_choice_is_page_state_too():
    choice = IndexChoice(("built_share", "density_2025"), (2.5, 5.0))
    extra = merge({"x": "built_share"}, choice)
    back, refused = index_state(extra, sorted(KNOWN), ["built_share"])
    assert (back.ids, back.weights, refused, extra["x"]) == (
        choice.ids,
        choice.weights,
        [],
        "built_share",
    )
    _, refused = index_state({"inds": "nope", "gewichten": "a"}, sorted(KNOWN), ["built_share"])
    assert refused == ["inds", "gewichten"]


def test_every_page_parameter_belongs_to_a_page_and_stays_out_of_the_others():
    from ruraldash.features.pagestate import PAGE_URL_PARAMS, page_query
    from ruraldash.features.selection import PAGE_PARAMS
    from ruraldash.ui.navigation import PAGES

    assert set(PAGE_URL_PARAMS) == {p.slug for p in PAGES}
    owned = {p for params in PAGE_URL_PARAMS.values() for p in params}
    assert owned == set(PAGE_PARAMS), "a page parameter no page's URL carries is lost"
    query = {"gemeente": "73109", "methode": "own", "budget": "1", "x": "built_share"}
    assert page_query(query, "kaart") == {"gemeente": "73109"}
    assert page_query(query, "profiel") == {"gemeente": "73109", "methode": "own"}
    assert page_query(query, "") == page_query(query, "kaart")
