"""The Sources page tables: datasets, indicators (rules in words), coverage and the full download."""

from __future__ import annotations

import io
import math

import pandas as pd

from ruraldash.core.provenance import Dataset
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import Indicator
from ruraldash.data.indicators import TIDY_COLUMNS, Bundle
from ruraldash.features import sources
from ruraldash.features.upload.layers import UserLayer, overlay
from ruraldash.render import exports

MAPPING = pd.DataFrame(
    [("11001", "Aartselaar", "11001", "Aartselaar"), ("11002", "Antwerpen", "11002", "Antwerpen"),
     ("11007", "Borsbeek", "11002", "Antwerpen"), ("44021", "Gent", "44021", "Gent")],
    columns=["nis_code_2019_2024", "name_2019_2024", "nis_code_2025", "name_2025"],
)  # fmt: skip
OLD = MAPPING.iloc[:, :2].set_axis(["nis_code", "name"], axis=1)
NEW = MAPPING.iloc[:, 2:].drop_duplicates().set_axis(["nis_code", "name"], axis=1)


def dataset(id_: str, border_set: str, publisher: str, licence: str, **kw) -> Dataset:
    return Dataset(id_, f"{id_}.csv", "0" * 64, publisher, f"Titel {id_}", f"Title {id_}",
                   f"https://example.org/{id_}", licence, "2020", border_set, "official", **kw)  # fmt: skip


def indicator(id_: str, source: str, rule: str, native: str, **kw) -> Indicator:
    return Indicator(id_, f"Label {id_}", f"Label {id_} en", "Def", "Def en", "%", 1, (1, 3),
                     "sealed", "higher_worse", "numeric", source, "2020", "proxy", rule, "x",
                     native=native, **kw)  # fmt: skip


def tiny_atlas() -> Atlas:
    datasets = {
        "land": dataset("land", "2019", "Statbel", "CC BY 4.0", caveat="Kadaster, geen verharding"),
        "pop": dataset("pop", "2019", "Statbel bevolking", "CC0 1.0"),
        "jobs": dataset("jobs", "2025", "RSZ", "Modellicentie"),
        "unused": dataset("unused", "none", "Niemand", "Geheim"),
    }
    catalogue = {
        "sealed": indicator("sealed", "land", "ratio", "2019"),
        "survey": indicator("survey", "land", "weighted_mean", "2019", weight="pop.population"),
        "jobs": indicator("jobs", "jobs", "sum", "2025"),
    }
    rows = []
    for ind, bs, codes, base in (
        ("sealed", "2019", OLD["nis_code"], 10.0), ("sealed", "2025", NEW["nis_code"], 20.0),
        ("survey", "2019", OLD["nis_code"], 30.0), ("survey", "2025", NEW["nis_code"], 40.0),
        ("jobs", "2025", NEW["nis_code"], 50.0), ("jobs", "2019", OLD["nis_code"], 60.0),
    ):  # fmt: skip
        for i, code in enumerate(codes):
            missing = ind == "jobs" and bs == "2019" and code in ("11002", "11007")
            value = math.nan if missing else base + i + 0.25
            rows.append((code, bs, ind, 2020, value, False, "no_split" if missing else ""))
    tidy = pd.DataFrame(rows, columns=TIDY_COLUMNS).astype({"year": "Int64"})
    bundle = Bundle(datasets, {}, MAPPING, {"2019": OLD, "2025": NEW})
    return Atlas(None, datasets, catalogue, bundle, tidy)


def by(table: pd.DataFrame, column: str, value: str) -> pd.Series:
    return table.set_index(column).loc[value]


PUBLISHER = "Oorspronkelijke uitgever, datum"


def by_publisher(table: pd.DataFrame, name: str) -> pd.Series:
    """The row of the original publisher ``name`` (the column reads "Statbel, 2020")."""
    rows = table[table[PUBLISHER].str.rsplit(",", n=1).str[0] == name]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_every_dataset_is_listed_with_licence_coverage_and_checksum_state():
    table = sources.dataset_table(tiny_atlas(), {"land": "ok", "pop": "mismatch"}, "nl")
    assert len(table) == 4
    land, jobs = by_publisher(table, "Statbel"), by_publisher(table, "RSZ")
    assert land[PUBLISHER] == "Statbel, 2020"  # original publisher and year first
    assert land["Licentie"] == "CC BY 4.0" and land["Link"] == "https://example.org/land"
    assert land["Kanttekening"] == "Kadaster, geen verharding"
    assert land["Dekking 2019–2024"] == "4 / 4" and land["Indicatoren"] == 2
    assert jobs["Dekking 2019–2024"] == "2 / 4" and jobs["Dekking 2025"] == "3 / 3"
    assert land["Controlegetal"] != by_publisher(table, "Statbel bevolking")["Controlegetal"]
    unused = by_publisher(table, "Niemand")
    assert unused["Dekking 2025"] == "—" and unused["Indicatoren"] == 0


def test_the_weight_dataset_counts_as_used():
    users = [ind.id for ind in sources.users_of(tiny_atlas(), "pop")]
    assert users == ["survey"]


def test_indicators_explain_how_they_reach_the_other_borders():
    table = sources.indicator_table(tiny_atlas(), "nl").set_index("Code")
    rules = table["Omrekening naar de andere grenzen"]
    assert len(set(rules)) == 3  # ratio, weighted mean and 'from 2025' each have their own words
    assert "benadering" in rules["survey"].lower()
    assert "teller en noemer" in rules["sealed"]
    assert "niet op te splitsen" in rules["jobs"]
    assert table.loc["sealed", "Facetten"] == "1 Open ruimte, 3 Warme gemeenschap"
    assert table.loc["sealed", "Richting"] == "hoger is slechter"
    assert table.loc["jobs", "Dekking 2019–2024"] == "2 / 4"


def test_english_column_names():
    table = sources.indicator_table(tiny_atlas(), "en")
    assert "Definition" in table.columns and "Definitie" not in table.columns


def test_own_layers_appear_as_unchecked_user_data():
    layer = UserLayer("eigen-jobs-1a2b3c4d", "<b>Mijn</b> cijfer", "", "neutral", 2, "2019",
                      pd.Series({"11001": 1.0}), "Eigen gegevens: x.csv", "x.csv", "2026-01-02")  # fmt: skip
    atlas = overlay(tiny_atlas(), [layer])
    datasets = sources.dataset_table(atlas, {"land": "ok"}, "nl")
    own = by_publisher(datasets, "Eigen gegevens")
    assert own["Status"] == "eigen gegevens" and pd.isna(own["Link"])
    assert own["Controlegetal"] == sources.check_text(None, "nl") != sources.check_text("ok", "nl")
    indicators = sources.indicator_table(atlas, "nl").set_index("Code")
    assert indicators.loc["eigen_jobs_1a2b3c4d", "Indicator"] == "<b>Mijn</b> cijfer"


def test_the_full_table_keeps_missing_values_missing_with_their_reason():
    atlas = tiny_atlas()
    table = sources.tidy_table(atlas, "nl")
    assert len(table) == len(atlas.tidy)
    rows = table[(table["Code"] == "jobs") & (table["NIS-code"] == "11007")]
    old = rows[rows["Gemeentegrenzen"].str.startswith("2019")].iloc[0]
    assert math.isnan(old["Waarde"]) and old["Gemeente"] == "Borsbeek"
    assert "splitsen" in old["Reden ontbrekend"]
    assert (table["Reden ontbrekend"][table["Waarde"].notna()] == "").all()


def test_the_belgian_csv_download_carries_the_sources_and_licences():
    atlas = tiny_atlas()
    line = sources.licence_line(atlas, "nl")
    assert "Statbel (CC BY 4.0)" in line and "RSZ (Modellicentie)" in line
    assert "Niemand" not in line  # a dataset no indicator uses is not credited
    raw = exports.table_csv(sources.tidy_table(atlas, "nl"), "be", line)
    text = raw.decode("utf-8-sig")
    assert "10,25" in text and line in text.rstrip().splitlines()[-1]
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",", skipfooter=1, engine="python")
    assert back["Waarde"].max() == atlas.tidy["value"].max()


def test_source_line_is_publisher_and_year_first_without_the_github_route():
    """Fit for a ministerial note: no "via <repository>" in exports; the sources page keeps it."""
    ds = dataset("pop", "2019", "Statbel", "CC BY 4.0", reference="1 januari 2020",
                 route="bmesuere/belgium-topojson (GitHub)")  # fmt: skip
    line = ds.source_line("nl")
    assert line == "Statbel, 1 januari 2020: Titel pop; CC BY 4.0"
    assert "via" not in line and "GitHub" not in line
    assert ds.route_text("nl") == "via bmesuere/belgium-topojson (GitHub)"  # for the sources page


def test_every_licence_note_is_dutch_with_an_english_twin(real_atlas):
    english = (
        "not stated",
        "not verified",
        "Flemish government",
        "Official text",
        "repository without",
    )
    for ds in real_atlas.datasets.values():
        assert not any(w in ds.licence for w in english), (ds.id, ds.licence)
        assert ds.licence_en, ds.id
        assert ds.source_line("en").endswith(ds.licence_en)


def test_an_unknown_year_is_said_once_in_the_source_not_as_the_year():
    ds = dataset(
        "gsm", "2025", "Gemeente-Stadsmonitor", "MGH", reference="", year_note="prijs: 2024"
    )
    assert ds.origin("nl") == "Gemeente-Stadsmonitor, jaar niet vermeld door de bron (prijs: 2024)"
    assert ds.when("nl") == "" and ds.source_line("nl").count("jaar niet vermeld") == 1
    assert ds.origin("nl", "recentst (jaar niet vermeld)").count("jaar niet vermeld") == 1
    assert ds.origin("nl", 2024) == "Gemeente-Stadsmonitor, 2024"  # an indicator that states it
    assert ds.origin("en").endswith("year not stated by the source (prijs: 2024)")


def test_indicator_table_says_the_year_is_not_stated_in_the_ui_language(real_atlas):
    from ruraldash.features import sources

    table = sources.indicator_table(real_atlas, "en").set_index("Code")
    assert table.at["jobseeker_rate", "Year"] == "year not stated by the source"
