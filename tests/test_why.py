""" "Waarom platteland?": the rule explained per municipality, with the distance to the threshold."""

from __future__ import annotations

import pytest

from ruraldash.domain.typology import why_rural
from ruraldash.features.profile import briefing
from ruraldash.features.profile.table import profile_table
from ruraldash.features.profile.why import why


@pytest.mark.parametrize(
    ("density", "rb", "rural", "deciding", "borderline"),
    [
        (200, 50, True, ("density",), False),
        (900, 26.9, True, ("ruimtebeslag",), False),
        (900, 28.5, True, ("ruimtebeslag",), True),  # 1,5 pp under the threshold
        (340, 29.0, True, ("density", "ruimtebeslag"), True),  # both met, both close
        (340, 10.0, True, ("density", "ruimtebeslag"), False),  # one close, the other far
        (900, 31.0, False, ("density", "ruimtebeslag"), True),  # 1 pp over: nearly rural
        (900, 60.0, False, ("density", "ruimtebeslag"), False),
        (900, None, None, ("density", "ruimtebeslag"), False),  # not decidable
    ],
)
def test_the_deciding_condition_and_borderline_cases(density, rb, rural, deciding, borderline):
    reason = why_rural(density, rb, False)
    assert (reason.rural, reason.deciding, reason.borderline) == (rural, deciding, borderline)


def test_margin_in_percentage_points():
    assert why_rural(900, 26.9, False).ruimtebeslag_margin == pytest.approx(-3.1)


def test_herstappe_and_diksmuide_on_the_bundle(real_atlas):
    u = real_atlas.units("2019")
    for nis in ("73028", "32003"):
        w = why(real_atlas, nis, "2019", "nl")
        assert w.title == "Waarom platteland?"
        density, land = w.lines
        shown = f"{round(u.loc[nis, 'density']):d} inw./km²"
        assert shown in density and "grens 350" in density and "onder de grens" in density
        rb = u.loc[nis, "ruimtebeslag_calibrated"]
        assert f"{rb:.1f} %".replace(".", ",") in land and "model" in land
        assert f"{30 - rb:.1f} procentpunt onder de grens".replace(".", ",") in land
        assert w.verdict.startswith("Plattelandsgemeente")
        raw = f"{u.loc[nis, 'ruimtebeslag_proxy']:.1f} % × 1,211".replace(".", ",")
        assert raw in land  # the table's raw proxy and the derived factor, side by side


def test_briefing_of_a_merged_municipality_names_the_old_ones_and_why(real_atlas):
    table = profile_table(real_atlas, "71072", "2025", (), "nl")
    prof = briefing.build(real_atlas, table, "71072", "2025", [], "", "nl")
    assert "Kortessem (73040)" in prof["merger"] and "Hasselt (71022)" in prof["merger"]
    assert prof["why"].startswith("Centrumstad")
    assert "gekalibreerde benadering" in prof["typology"]
