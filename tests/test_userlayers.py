"""Own layers on every page: ``userlayers.overlay`` lays a session's layers over the shared atlas."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from ruraldash.core.provenance import Dataset
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import Indicator
from ruraldash.data.indicators import TIDY_COLUMNS, Bundle
from ruraldash.features import upload
from ruraldash.features.upload.layers import UserLayer, guess_decimals, indicator_id, overlay

# (code 2019-2024, name, code 2025, name 2025): Antwerpen + Borsbeek and Beveren + Kruibeke merge
MAPPING = pd.DataFrame(
    [
        ("11001", "Aartselaar", "11001", "Aartselaar"),
        ("11002", "Antwerpen", "11002", "Antwerpen"),
        ("11007", "Borsbeek", "11002", "Antwerpen"),
        ("44021", "Gent", "44021", "Gent"),
        ("46003", "Beveren", "46030", "Beveren-Kruibeke"),
        ("46013", "Kruibeke", "46030", "Beveren-Kruibeke"),
    ],
    columns=["nis_code_2019_2024", "name_2019_2024", "nis_code_2025", "name_2025"],
)
OLD = MAPPING[["nis_code_2019_2024", "name_2019_2024"]].set_axis(["nis_code", "name"], axis=1)
NEW = (
    MAPPING[["nis_code_2025", "name_2025"]]
    .drop_duplicates()
    .set_axis(["nis_code", "name"], axis=1)
    .reset_index(drop=True)
)


def tiny_atlas() -> Atlas:
    """Six municipalities (four after the mergers) and one official indicator."""
    source = Dataset("pop", "pop.csv", "0" * 64, "Statbel", "Bevolking", "Population",
                     "https://statbel.fgov.be", "CC BY 4.0", "2020", "2019", "official")  # fmt: skip
    ind = Indicator("pop", "Bevolking", "Population", "", "", "inw.", 0, (2,), "context",
                    "neutral", "numeric", "pop", "2020", "official", "sum", "population",
                    native="2019")  # fmt: skip
    rows = [(c, "2019", "pop", 2020, 100.0 + i, False, "") for i, c in enumerate(OLD["nis_code"])]
    rows += [(c, "2025", "pop", 2020, 200.0 + i, False, "") for i, c in enumerate(NEW["nis_code"])]
    tidy = pd.DataFrame(rows, columns=TIDY_COLUMNS).astype(
        {"year": "Int64", "nis_code": "str", "missing_reason": "str"}
    )
    bundle = Bundle({"pop": source}, {}, MAPPING, {"2019": OLD, "2025": NEW})
    return Atlas(None, {"pop": source}, {"pop": ind}, bundle, tidy)


def layer(values: dict[str, float], border_set: str = "2019", **changes) -> UserLayer:
    fields = {
        "id": "eigen-jobs-1a2b3c4d",
        "label": "Jobs",
        "unit": "%",
        "polarity": "higher_better",
        "facet": 4,
        "border_set": border_set,
        "values": pd.Series(values, dtype="float64").rename_axis("nis_code"),
        "source_note": "Eigen gegevens: jobs.csv",
        "filename": "jobs.csv",
        "created": "2026-08-14",
    }
    return UserLayer(**(fields | changes))


OLD_VALUES = {"11001": 1.5, "11002": 2.5, "11007": 3.5, "44021": 4.5, "46003": 5.5}


def values(atlas: Atlas, lay: UserLayer, border_set: str) -> pd.DataFrame:
    return atlas.values(indicator_id(lay), border_set)


def test_the_shared_atlas_is_left_untouched():
    shared = tiny_atlas()
    catalogue, datasets, tidy = dict(shared.catalogue), dict(shared.datasets), shared.tidy.copy()
    mine = overlay(shared, [layer(OLD_VALUES)])
    assert mine is not shared
    assert shared.catalogue == catalogue and shared.datasets == datasets
    pd.testing.assert_frame_equal(shared.tidy, tidy)
    assert indicator_id(layer(OLD_VALUES)) not in shared.wide("2019")
    assert indicator_id(layer(OLD_VALUES)) in mine.wide("2019")


def test_the_layer_is_an_own_indicator_with_a_pseudo_dataset():
    lay = layer(OLD_VALUES)
    atlas = overlay(tiny_atlas(), [lay])
    ind = atlas.catalogue["eigen_jobs_1a2b3c4d"]
    assert (ind.layer, ind.status, ind.facets, ind.polarity) == (
        "own",
        "user",
        (4,),
        "higher_better",
    )
    assert (ind.rule, ind.unit, ind.year) == ("none", "%", "2026")
    ds = atlas.datasets[ind.source]
    assert ind.source.startswith("upload_") and ds.status == "user"
    assert ds.publisher == "Eigen gegevens" and ds.licence == "—"
    assert "Jobs" in ds.label("nl") and "jobs.csv" in ds.label("nl")
    assert "niet gecontroleerd" in ds.caveat_text("nl").lower()
    assert "not checked" in ds.caveat_text("en").lower()


def test_values_on_2019_borders_carry_over_to_unmerged_2025_municipalities_only():
    lay = layer(OLD_VALUES)
    atlas = overlay(tiny_atlas(), [lay])
    old = values(atlas, lay, "2019")
    assert old.loc["11001", "value"] == 1.5 and old.loc["46003", "value"] == 5.5
    assert (
        math.isnan(old.loc["46013", "value"])
        and old.loc["46013", "missing_reason"] == "not_in_source"
    )
    new = values(atlas, lay, "2025")
    assert sorted(new.index) == sorted(NEW["nis_code"])
    assert new.loc["11001", "value"] == 1.5 and new.loc["44021", "value"] == 4.5
    for merged in ("11002", "46030"):  # never a guessed sum or mean of the parts
        assert math.isnan(new.loc[merged, "value"])
        assert new.loc[merged, "missing_reason"] == "not_convertible"
    assert not new["approx"].any()


def test_values_on_2025_borders_cannot_be_split_onto_the_old_municipalities():
    lay = layer({"11001": 7.0, "11002": 8.0, "44021": 9.0, "46030": 10.0}, "2025")
    atlas = overlay(tiny_atlas(), [lay])
    old = values(atlas, lay, "2019")
    assert old.loc["11001", "value"] == 7.0 and old.loc["44021", "value"] == 9.0
    for part in ("11002", "11007", "46003", "46013"):
        assert math.isnan(old.loc[part, "value"]) and old.loc[part, "missing_reason"] == "no_split"


def test_a_label_with_markup_survives_as_text():
    label = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"
    atlas = overlay(tiny_atlas(), [layer(OLD_VALUES, label=label)])
    ind = atlas.catalogue["eigen_jobs_1a2b3c4d"]
    assert ind.label("nl") == label and ind.label("en") == label
    assert label in atlas.datasets[ind.source].label("nl")


def test_the_file_name_stays_out_of_the_definition():
    """Pages show the definition as Markdown; the (escaped) source line names the file."""
    lay = layer(OLD_VALUES, filename="[klik](javascript:alert(1)) <b>x</b>.csv")
    atlas = overlay(tiny_atlas(), [lay])
    ind = atlas.catalogue[indicator_id(lay)]
    for lang in ("nl", "en"):
        assert "klik" not in ind.definition(lang) and "<" not in ind.definition(lang)
        assert "14" in ind.definition(lang)  # the upload date
    assert "[klik]" in atlas.datasets[ind.source].label("nl")


def test_the_same_layer_twice_gives_one_indicator():
    first, again = layer(OLD_VALUES), layer(OLD_VALUES | {"11001": 99.0})
    atlas = overlay(overlay(tiny_atlas(), [first]), [again])
    assert list(atlas.catalogue).count("eigen_jobs_1a2b3c4d") == 1
    assert values(atlas, again, "2019").loc["11001", "value"] == 99.0
    assert len(values(atlas, again, "2019")) == len(OLD)


def test_two_layers_and_no_layers():
    shared = tiny_atlas()
    assert overlay(shared, []) is shared
    second = layer({"11001": -1.0, "44021": 2.0}, id="eigen-saldo-00000000", label="Saldo")
    atlas = overlay(shared, [layer(OLD_VALUES), second])
    assert {"eigen_jobs_1a2b3c4d", "eigen_saldo_00000000"} <= set(atlas.catalogue)
    assert atlas.catalogue["eigen_saldo_00000000"].kind == "signed"
    assert atlas.catalogue["eigen_jobs_1a2b3c4d"].kind == "numeric"


@pytest.mark.parametrize(
    ("numbers", "expected"), [([1, 2, 300], 0), ([0.5, 2], 1), ([1.25, 3], 2), ([1.23456], 2)]
)
def test_decimals_follow_the_values(numbers: list[float], expected: int):
    assert guess_decimals(pd.Series(numbers, dtype="float64")) == expected


def test_an_uploaded_file_becomes_a_map_layer_on_both_border_sets():
    units = pd.concat([OLD.assign(border_set="2019"), NEW.assign(border_set="2025")])
    raw = b"Gemeente;Banen\nAartselaar;12,5\nGent;7\nBorsbeek;3\n"
    report = upload.prepare_layer(raw, "banen.csv", units, MAPPING, "2019")
    lay = upload.to_layer(
        report, "Banen", "Banen", "%", "higher_better", 4, today=date(2026, 8, 14), year=2022
    )
    atlas = overlay(tiny_atlas(), [lay])
    ind_id = indicator_id(lay)
    assert atlas.wide("2019")[ind_id].dropna().to_dict() == {
        "11001": 12.5,
        "11007": 3.0,
        "44021": 7.0,
    }
    assert atlas.wide("2025")[ind_id].dropna().to_dict() == {"11001": 12.5, "44021": 7.0}
    assert atlas.catalogue[ind_id].decimals == 1


def test_a_changed_file_or_setting_gives_a_new_layer_id():
    """The page caches the overlay by layer ids: an edit must never keep the old id."""
    units = pd.concat([OLD.assign(border_set="2019"), NEW.assign(border_set="2025")])

    def make(raw: str, facet: int = 4) -> UserLayer:
        report = upload.prepare_layer(raw.encode(), "banen.csv", units, MAPPING, "2019")
        return upload.to_layer(
            report, "Banen", "Banen", "%", "neutral", facet, today=date(2026, 1, 1), year=2022
        )

    first = make("Gemeente;Banen\nGent;7\nAartselaar;3\n")
    assert make("Gemeente;Banen\nGent;7\nAartselaar;3\n").id == first.id
    assert make("Gemeente;Banen\nGent;8\nAartselaar;3\n").id != first.id
    assert make("Gemeente;Banen\nGent;7\nAartselaar;3\n", facet=2).id != first.id
