"""Peer groups: shared borders from geometry, nearest neighbours on z-scores, simple groups."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from ruraldash.domain.peers import PeerGroup, neighbour_table, peers
from ruraldash.features.peertext import explain

SIDE = 1000.0  # 1 km squares in Belgian Lambert 72 metres


def _code(row: int, col: int) -> str:
    return f"1{row}{col}01"


def _rook(row: int, col: int) -> list[str]:
    """Expected neighbours on the 3×3 grid: edge contacts only, no diagonals."""
    steps = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    cells = [(row + dr, col + dc) for dr, dc in steps]
    return sorted(_code(r, c) for r, c in cells if 0 <= r < 3 and 0 <= c < 3)


def _square(row: int, col: int, rng: np.random.Generator | None) -> Polygon:
    """A grid square with a vertex every 100 m; optionally jittered and snapped to a 10 m grid.

    Each square gets its own jitter, so neighbours end up with gaps and overlaps of up to ~20 m.
    """
    x0, y0 = col * SIDE, row * SIDE
    ticks = np.arange(0, SIDE, 100.0)
    ring = (
        [(x0 + d, y0) for d in ticks]
        + [(x0 + SIDE, y0 + d) for d in ticks]
        + [(x0 + SIDE - d, y0 + SIDE) for d in ticks]
        + [(x0, y0 + SIDE - d) for d in ticks]
    )
    pts = np.array(ring)
    if rng is not None:
        pts = np.round((pts + rng.uniform(-5, 5, pts.shape) - 3) / 10.0) * 10.0 + 3
    return Polygon(pts)


def _grid(rng: np.random.Generator | None = None) -> gpd.GeoDataFrame:
    cells = [(r, c) for r in range(3) for c in range(3)]
    return gpd.GeoDataFrame(
        {"nis_code": [_code(r, c) for r, c in cells]},
        geometry=[_square(r, c, rng) for r, c in cells],
        crs=31370,
    )


def _expected() -> dict[str, list[str]]:
    return {_code(r, c): _rook(r, c) for r in range(3) for c in range(3)}


def test_grid_neighbours_are_rook_contacts_only():
    table = neighbour_table(_grid())
    assert table[_code(1, 1)] == _rook(1, 1) and len(table[_code(1, 1)]) == 4
    assert len(table[_code(0, 0)]) == 2
    assert _code(1, 1) not in table[_code(0, 0)]  # diagonal corner contact is no neighbour
    assert table == _expected()


def test_neighbours_are_symmetric():
    table = neighbour_table(_grid())
    assert all(code in table[other] for code, others in table.items() for other in others)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_jittered_and_quantised_grid_gives_the_same_neighbours(seed):
    grid = _grid(np.random.default_rng(seed))
    assert not grid.geometry.iloc[0].equals(box(0, 0, SIDE, SIDE))  # really jittered
    assert neighbour_table(grid) == _expected()


def test_geographic_crs_is_projected_before_measuring():
    assert neighbour_table(_grid().to_crs(4326)) == _expected()


def test_boundaries_without_crs_are_refused():
    grid = _grid().set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="coördinatenstelsel"):
        neighbour_table(grid)


def test_neighbours_method_uses_the_table():
    group = peers(_code(0, 0), "neighbours", neighbours=neighbour_table(_grid()))
    assert isinstance(group, PeerGroup)
    assert group.members == _rook(0, 0)
    assert "2 gemeenten" in explain(group)


# --- similar ----------------------------------------------------------------------------------


def _context() -> pd.DataFrame:
    """Density in inhabitants/km² (hundreds to thousands) and a share in percent."""
    return pd.DataFrame(
        {"dens": [1000.0, 1000.0, 1200.0, 3000.0, 200.0], "pct": [50.0, 10.0, 50.0, 10.0, 90.0]},
        index=["20001", "20002", "20003", "20004", "20005"],
    )


def test_similar_z_scores_keep_large_units_from_dominating():
    # Raw Euclidean: 20002 is 40 away (pct) and 20003 is 200 away (dens). After z-scoring the
    # 200 inhabitants/km² are a small step and the 40 percentage points a large one.
    group = peers("20001", "similar", k=1, features=_context())
    assert group.members == ["20003"]


def test_similar_distance_is_euclidean_on_z_scores():
    features = _context()
    group = peers("20001", "similar", k=4, features=features)
    z = (features - features.mean()) / features.std(ddof=0)
    by_hand = float(np.sqrt(((z.loc["20004"] - z.loc["20001"]) ** 2).sum()))
    assert group.distances["20004"] == pytest.approx(by_hand)
    dists = [group.distances[code] for code in group.members]
    assert dists == sorted(dists)


def test_similar_ties_are_broken_by_code_whatever_the_row_order():
    features = pd.DataFrame(
        {"x": [0.0, 1.0, -1.0, 5.0]}, index=["30000", "30002", "30001", "30003"]
    )
    first = peers("30000", "similar", k=2, features=features)
    again = peers("30000", "similar", k=2, features=features.iloc[::-1])
    assert first.members == ["30001", "30002"]
    assert again.members == first.members
    assert first.distances["30001"] == pytest.approx(first.distances["30002"])


def test_similar_k_larger_than_candidates_returns_all():
    group = peers("20001", "similar", k=50, features=_context())
    assert sorted(group.members) == ["20002", "20003", "20004", "20005"]


def test_similar_missing_value_does_not_make_a_row_closer():
    # 40003 has no y. Summing squares over its single column would put it ahead of 40002;
    # scaled to the two columns in use it falls behind.
    features = pd.DataFrame(
        {"x": [0.0, 1.0, 1.2, -1.0, -1.2], "y": [0.0, 1.0, np.nan, -1.5, 0.5]},
        index=["40001", "40002", "40003", "40004", "40005"],
    )
    z = (features - features.mean()) / features.std(ddof=0)
    diff = z - z.loc["40001"]
    unscaled = np.sqrt((diff**2).sum(axis=1))
    assert unscaled["40003"] < unscaled["40002"]  # the trap a naive distance falls into
    group = peers("40001", "similar", k=4, features=features)
    assert group.members.index("40002") < group.members.index("40003")
    assert group.distances["40003"] == pytest.approx(abs(diff.loc["40003", "x"]) * np.sqrt(2))
    assert group.distances["40002"] == pytest.approx(unscaled["40002"])


def test_similar_rows_missing_more_than_half_are_left_out():
    features = pd.DataFrame(
        {"a": [1.0, 1.0, 2.0, 3.0], "b": [1.0, np.nan, 2.0, 3.0], "c": [1.0, np.nan, 5.0, 3.0]},
        index=["50001", "50002", "50003", "50004"],
    )
    group = peers("50001", "similar", k=10, features=features)
    assert "50002" not in group.members  # identical on "a", but has only 1 of 3 values
    assert sorted(group.members) == ["50003", "50004"]
    assert "1 gemeente niet vergeleken" in explain(group)


def test_similar_constant_column_changes_nothing_and_is_reported():
    plain = peers("20001", "similar", k=4, features=_context())
    with_constant = peers("20001", "similar", k=4, features=_context().assign(flat=7.0))
    assert with_constant.members == plain.members
    assert with_constant.distances == pytest.approx(plain.distances)
    assert "flat" in explain(with_constant)


def test_similar_explanation_names_municipality_and_features():
    names = {"20001": "Aalter"}
    labels = {"dens": "bevolkingsdichtheid", "pct": "aandeel landbouw"}
    group = peers("20001", "similar", k=2, features=_context(), names=names)
    nl, en = explain(group, "nl", labels), explain(group, "en", labels)
    assert nl.startswith("De 2 gemeenten die het meest lijken op Aalter")
    assert "bevolkingsdichtheid en aandeel landbouw" in nl
    assert "Euclidische afstand" in nl
    assert en.startswith("The 2 municipalities most similar to Aalter")


def test_similar_without_features_or_values_raises():
    with pytest.raises(ValueError, match="kenmerk"):
        peers("20001", "similar", features=pd.DataFrame(index=_context().index))
    features = _context()
    features.loc["20001"] = np.nan
    with pytest.raises(ValueError, match="geen waarden"):
        peers("20001", "similar", features=features)


# --- type, province, own, errors ----------------------------------------------------------------


def _types() -> pd.Series:
    return pd.Series(
        {"60001": "landelijk", "60002": "verstedelijkt", "60003": "landelijk", "60004": "landelijk"}
    )


def test_type_group_holds_the_same_type_without_itself():
    group = peers("60004", "type", types=_types(), names={"60004": "Zonnebeke"})
    assert group.members == ["60001", "60003"]
    assert "Zonnebeke" in explain(group) and "landelijk" in explain(group)


def test_province_group():
    provinces = pd.Series({"70001": "Limburg", "70002": "Antwerpen", "70003": "Limburg"})
    group = peers("70001", "province", provinces=provinces)
    assert group.members == ["70003"]
    assert explain(group, "en").startswith("1 municipality in the same province")


def test_own_group_drops_unknown_codes_and_reports_them():
    known = ["60001", "60002", "60003", "60004"]
    chosen = ["60003", "99999", "60001", "60003", "60004"]
    group = peers("60004", "own", members=chosen, known=known)
    assert group.members == ["60003", "60001"]
    assert "99999" in explain(group)
    assert "weggelaten" in explain(group)


def test_unknown_nis_or_method_raises_in_dutch():
    with pytest.raises(ValueError, match="Onbekende NIS-code '12345'"):
        peers("12345", "type", types=_types())
    with pytest.raises(ValueError, match="Onbekende methode"):
        peers("60001", "random", types=_types())
    with pytest.raises(ValueError, match="ontbreekt de parameter 'types'"):
        peers("60001", "type")


# ----------------------------------------------------------------- scale-free "similar"


def test_log_scale_keeps_a_tiny_municipality_out_of_a_small_towns_peers():
    """With raw counts one metropolis squeezes every small population together."""
    pop = {"town": 16_000, "a": 12_000, "b": 20_000, "tiny": 80, "metro": 500_000, "c": 9_000}
    share = {"town": 10.0, "a": 14.0, "b": 14.0, "tiny": 10.5, "metro": 60.0, "c": 15.0}
    features = pd.DataFrame({"pop": pop, "share": share})
    raw = peers("town", "similar", k=1, features=features)
    assert raw.members == ["tiny"]
    scaled = peers("town", "similar", k=3, features=features, log=["pop"])
    assert "tiny" not in scaled.members
    assert "pop" in explain(scaled) and "log" in explain(scaled)


def test_similar_peers_carry_distance_and_what_differs_most():
    features = pd.DataFrame(
        {"x": [0.0, 0.1, 3.0, 1.0], "y": [0.0, 2.0, 0.1, 1.0], "z": [0.0, 0.0, 0.0, 5.0]},
        index=["me", "p", "q", "r"],
    )
    group = peers("me", "similar", k=3, features=features)
    assert set(group.distances) == set(group.members)
    assert group.differences["p"][0] == "y" and group.differences["q"][0] == "x"
    assert group.differences["r"][0] == "z" and len(group.differences["r"]) == 3


def test_diksmuide_peers_are_within_a_factor_ten_of_its_population(real_atlas):
    from ruraldash.features.profile import table as profile

    ids = profile.CONTEXT["2019"]
    group = peers(
        "32003",
        "similar",
        k=10,
        features=profile.context_features(real_atlas, "2019", ids),
        log=profile.log_features(real_atlas, ids),
    )
    pop = real_atlas.wide("2019")["population_2020"]
    ratio = pop[group.members] / pop["32003"]
    assert ratio.between(0.1, 10).all(), ratio.to_dict()
    assert "73028" not in group.members  # Herstappe, 79 inhabitants
