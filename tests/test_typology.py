"""Municipality types: the Plattelandsrapport rule, the official list override, counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ruraldash.domain import typology
from tests.factories import UNITS as TINY
from tests.factories import tiny_atlas

NAN = np.nan


def _rule(rows, **thresholds) -> dict[str, object]:
    """rows: code -> (density, ruimtebeslag, centrumstad)."""
    df = pd.DataFrame(rows, index=["density", "rb", "centre"]).T
    out = typology.plattelandsrapport(
        df["density"].astype(float), df["rb"].astype(float), df["centre"].astype(bool), **thresholds
    )
    return {k: (None if pd.isna(v) else v) for k, v in out.items()}


def test_density_or_ruimtebeslag_makes_platteland():
    types = _rule(
        {
            "a": (200, 50, False),  # sparse
            "b": (900, 20, False),  # dense but little land take
            "c": (900, 50, False),  # neither
            "d": (200, 20, False),  # both
        }
    )
    assert types == {"a": "platteland", "b": "platteland", "c": "verstedelijkt", "d": "platteland"}


def test_thresholds_are_inclusive():
    types = _rule(
        {
            "at_density": (350, 80, False),
            "at_rb": (900, 30, False),
            "just_over": (350.01, 30.01, False),
        }
    )
    assert types == {
        "at_density": "platteland",
        "at_rb": "platteland",
        "just_over": "verstedelijkt",
    }


def test_centrumstad_wins():
    types = _rule({"gent": (100, 10, True), "x": (NAN, NAN, True), "y": (900, 90, True)})
    assert set(types.values()) == {"centrumstad"}


def test_missing_inputs_are_never_guessed():
    types = _rule(
        {
            "both_missing": (NAN, NAN, False),
            "rb_low": (NAN, 20, False),  # one known input under its threshold is enough
            "density_high": (900, NAN, False),  # could still be platteland: unknown
        }
    )
    assert types == {"both_missing": None, "rb_low": "platteland", "density_high": None}


def test_thresholds_are_configurable():
    rows = {"m": (400, 40, False)}
    assert _rule(rows)["m"] == "verstedelijkt"
    assert _rule(rows, density_max=450.0)["m"] == "platteland"
    assert _rule(rows, ruimtebeslag_max=40.0)["m"] == "platteland"


def test_counts_list_every_type():
    counts = typology.counts(pd.Series(["platteland", "platteland", pd.NA], dtype="string"))
    assert counts == {"platteland": 2, "verstedelijkt": 0, "centrumstad": 0}


# ----------------------------------------------------------------------------- the official list

UNITS = pd.Index(["11001", "11002", "23001"], name="nis_code")


@pytest.mark.parametrize("sep", [",", ";"])
def test_official_list_is_read(tmp_path, sep):
    path = tmp_path / "official.csv"
    path.write_text(
        f"nis_code{sep}type\n11001{sep}platteland\n11002{sep}centrumstad\n23001{sep}verstedelijkt\n",
        encoding="utf-8",
    )
    out = typology.read_official_list(path, UNITS)
    assert out.to_dict() == {
        "11001": "platteland",
        "11002": "centrumstad",
        "23001": "verstedelijkt",
    }


def test_official_list_absent_returns_none(tmp_path):
    assert typology.read_official_list(tmp_path / "none.csv", UNITS) is None


def test_official_list_unknown_type_raises(tmp_path):
    path = tmp_path / "official.csv"
    path.write_text("nis_code,type\n11001,landelijk\n", encoding="utf-8")
    with pytest.raises(ValueError, match="landelijk"):
        typology.read_official_list(path, UNITS)


def test_official_list_unknown_code_raises(tmp_path):
    path = tmp_path / "official.csv"
    path.write_text("nis_code,type\n11001,platteland\n99999,platteland\n", encoding="utf-8")
    with pytest.raises(ValueError, match="99999"):
        typology.read_official_list(path, UNITS)


def test_official_list_needs_its_columns(tmp_path):
    path = tmp_path / "official.csv"
    path.write_text("code,soort\n11001,platteland\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nis_code"):
        typology.read_official_list(path, UNITS)


def test_official_list_overrides_the_rule(tmp_path, mini_bundle, mini_catalogue):
    by_rule = tiny_atlas(tmp_path, mini_bundle, mini_catalogue).units("2019")
    assert (by_rule["type_source"] == "rule").all()
    assert by_rule.loc["11002", "type"] == "centrumstad"
    # 41001: 225 inh./km² -> platteland by rule; the official list says otherwise
    assert by_rule.loc["41001", "type"] == "platteland"

    rows = [(c, "verstedelijkt" if c != "11002" else "centrumstad") for c in by_rule.index]
    (tmp_path / "official.csv").write_text(
        "nis_code,type\n" + "".join(f"{c},{t}\n" for c, t in rows), encoding="utf-8"
    )
    atlas = tiny_atlas(tmp_path, mini_bundle, mini_catalogue, official="official.csv", anchor=30.0)
    units = atlas.units("2019")
    assert (units["type_source"] == "official").all()
    assert units["type"].to_dict() == dict(rows)
    assert typology.counts(units["type"]) == {"platteland": 0, "verstedelijkt": 8, "centrumstad": 1}
    assert (
        atlas.units("2025")["type_source"] == "calibrated"
    ).all()  # the list is for the 300 only


# ----------------------------------------------------------------------------- the calibration


def test_calibration_factor_is_derived_from_the_areas():
    proxy = pd.Series({"a": 10.0, "b": 40.0, "c": NAN})
    area = pd.Series({"a": 300.0, "b": 100.0, "c": 50.0})
    cal = typology.calibration(proxy, area, 33.0)
    # Flanders = (30 + 40) ha of proxy over 400 ha = 17.5 %; "c" has no proxy and is left out
    assert cal.proxy_pct == pytest.approx(17.5)
    assert cal.factor == pytest.approx(33.0 / 17.5)
    assert typology.calibration(proxy, area, 40.0).factor == pytest.approx(40.0 / 17.5)
    assert typology.calibration(proxy, area, None).factor == 1.0  # no anchor: the raw proxy


def test_calibration_moves_municipalities_across_the_threshold(
    tmp_path, mini_bundle, mini_catalogue
):
    raw = tiny_atlas(tmp_path, mini_bundle, mini_catalogue).units("2019")
    flemish = TINY["built_parcels_ha"].sum() / TINY["total_area_ha"].sum() * 100  # 720/3400
    atlas = tiny_atlas(tmp_path, mini_bundle, mini_catalogue, anchor=2 * flemish)
    units = atlas.units("2019")
    assert (units["type_source"] == "calibrated").all()
    cal = typology.calibration_of(units, atlas.settings)
    assert cal.proxy_pct == pytest.approx(flemish) and cal.factor == pytest.approx(2.0)
    assert units["ruimtebeslag_calibrated"].to_dict() == pytest.approx(
        (2 * units["ruimtebeslag_proxy"]).to_dict()
    )
    # Achterbroek: 1000 inh. on 100 ha (1000/km²), built 90 % either way: urban in both
    assert raw.loc["11001", "type"] == units.loc["11001", "type"] == "verstedelijkt"
    # Lindeveld: 225 inh./km² keeps it rural whatever its land take
    assert units.loc["41001", "type"] == "platteland"
    # the raw rule stays available next to the calibrated one
    assert units["type_raw"].to_dict() == raw["type"].to_dict()
    # 2025 units: the same Flemish total, so the same factor
    cal25 = typology.calibration_of(atlas.units("2025"), atlas.settings)
    assert cal25.factor == pytest.approx(cal.factor)


def test_calibrated_counts_on_the_bundle(real_atlas):
    """The reproduction in reference/ruimtebeslag_calibration.md: 139 / 148 / 13 (unscaled 188 / 99 /
    13) and 58 municipalities at 50 % or more; on the 2025 borders 128 / 144 / 13."""
    u19, u25 = real_atlas.units("2019"), real_atlas.units("2025")
    cal = typology.calibration_of(u19, real_atlas.settings)
    assert cal.anchor_pct == 33.0 and cal.proxy_pct == pytest.approx(27.25, abs=0.005)
    assert cal.factor == pytest.approx(1.211, abs=0.0005)
    assert typology.counts(u19["type"]) == {
        "platteland": 139,
        "verstedelijkt": 148,
        "centrumstad": 13,
    }
    assert typology.counts(u19["type_raw"]) == {
        "platteland": 188,
        "verstedelijkt": 99,
        "centrumstad": 13,
    }
    assert int((u19["ruimtebeslag_calibrated"] >= 50).sum()) == 58
    assert typology.counts(u25["type"]) == {
        "platteland": 128,
        "verstedelijkt": 144,
        "centrumstad": 13,
    }
    assert typology.calibration_of(u25, real_atlas.settings).factor == pytest.approx(cal.factor)
