"""Municipality types: the Plattelandsrapport rule, the official list override, counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ruraldash.domain import typology
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
    atlas = tiny_atlas(tmp_path, mini_bundle, mini_catalogue, official="official.csv")
    units = atlas.units("2019")
    assert (units["type_source"] == "official").all()
    assert units["type"].to_dict() == dict(rows)
    assert typology.counts(units["type"]) == {"platteland": 0, "verstedelijkt": 8, "centrumstad": 1}
    assert (atlas.units("2025")["type_source"] == "rule").all()  # the list is for the 300 only
