"""The pact monitor on the tiny world: change per municipality, type and Flanders, 2025 borders,
merged municipalities, gaps, and the CLI's JSON and Dutch errors."""

from __future__ import annotations

import json
import math

import pytest

from ruraldash import cli
from ruraldash.features.monitor import command
from ruraldash.features.monitor.result import MonitorError, compute, to_json
from tests.factories import UNITS, monitor_data, tiny_atlas


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


@pytest.fixture
def data():
    return monitor_data()


def test_annualised_growth_of_a_municipality(atlas, data):
    res = compute(data, atlas, "built_ha", 2000, 2003, "2019")
    row = res.municipalities.loc["11001"]
    assert row["baseline"] == pytest.approx(90.0)
    assert row["end"] == pytest.approx(90.0 * 1.1**3)
    assert row["annual_pct"] == pytest.approx(10.0)
    assert res.flanders["annual_pct"] == pytest.approx(10.0)


def test_merged_municipality_shows_its_parts_summed_and_ratio_recomputed(atlas, data):
    res = compute(data, atlas, "built_share", 2000, 2003, "2025")
    drieveld = res.municipalities.loc["11100"]
    # (90 + 30 + 60) / (100 + 300 + 600): 18 %, not the mean of 90 %, 10 % and 10 %
    assert drieveld["baseline"] == pytest.approx(18.0)
    assert bool(drieveld["summed"]) is True
    assert bool(res.municipalities.loc["24001", "summed"]) is False
    total = UNITS["built_parcels_ha"].sum() / UNITS["total_area_ha"].sum() * 100
    assert res.flanders["baseline"] == pytest.approx(total)


def test_gap_year_is_not_interpolated(atlas, data):
    res = compute(data, atlas, "built_share", 2000, 2003, "2019")
    assert res.gaps == [2002]
    assert 2002 not in res.index.index
    # Lindeveld has no 2001 value: Flanders' 2001 index is built without it, and stays 110
    assert res.index.loc[2001, "vlaanderen"] == pytest.approx(110.0)
    assert math.isnan(res.municipality_index("41001").get(2001))


def test_2025_values_cannot_be_split_onto_2019_borders(atlas, data):
    res = compute(data, atlas, "population", 2009, 2025, "2019")
    assert math.isnan(res.municipalities.loc["11001", "end"])  # merged in 2025: no split
    assert res.municipalities.loc["24001", "end"] == 300  # unmerged: carried over
    assert res.flanders["n"] == 4  # 24001, 31001, 41001, 71001
    assert res.breaks == [2025]  # another dataset continues the series: marked


def test_unknown_indicator_and_year_without_data_are_refused_in_dutch(atlas, data):
    with pytest.raises(MonitorError, match="Onbekende indicator"):
        compute(data, atlas, "nope")
    with pytest.raises(MonitorError, match="Geen gegevens .* in 2002"):
        compute(data, atlas, "built_share", 2000, 2002)


def test_cli_prints_the_issue_json_and_exits_2_in_dutch(atlas, data, monkeypatch, capsys):
    monkeypatch.setattr(command, "_load", lambda: (atlas, data))
    code = cli.main(["monitor", "built_share", "--basis", "2000", "--tot", "2003",
                     "--grenzen", "2025", "--json"])  # fmt: skip
    obj = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(obj) == {"indicator", "unit", "source", "baseline_year", "end_year", "flanders",
                        "by_type", "municipalities"}  # fmt: skip
    assert set(obj["flanders"]) >= {"baseline", "end", "change", "change_pct", "annual_pct"}
    assert set(obj["municipalities"]["11100"]) == {"name", "type", "baseline", "end", "change",
                                                   "change_pct", "annual_pct"}  # fmt: skip
    assert obj["municipalities"]["11100"]["baseline"] == pytest.approx(18.0)
    assert obj == to_json(compute(data, atlas, "built_share", 2000, 2003, "2025"))
    assert cli.main(["monitor", "built_share", "--basis", "1990"]) == 2
    assert "Geen gegevens" in capsys.readouterr().err
    assert cli.main(["monitor", "nope", "--json"]) == 2
    assert "Onbekende indicator" in capsys.readouterr().err
    assert cli.main(["monitor", "--lijst", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert {"id": "built_share"}.items() <= listing[0].items()
    assert set(listing[0]) == {"id", "label", "unit", "years"}


def test_change_map_centres_classes_on_zero_or_flanders(atlas, data):
    from ruraldash.features.monitor.changemap import change_layer
    from ruraldash.features.selection import Selection

    res = compute(data, atlas, "built_share", 2000, 2003, "2025")
    sel = Selection(selected="11100", border_set="2025", types=("platteland",))
    zero = change_layer(res, atlas, sel, "zero")
    assert zero.unit == "procentpunt" and zero.selected == "11100"
    # Drieveld: 18 % -> 18 % x 1.331 = 23.958 %: +5.96 percentage points
    assert zero.frame.loc["11100", "tooltip_value"] == "+5,96\u00a0procentpunt (2000–2003)"
    assert zero.frame["in_filter"].all()  # every municipality is drawn, whatever the filter
    around = change_layer(res, atlas, sel, "flanders")
    assert len(around.frame) == 6
    fl = res.flanders["change"]
    labels = [e.label for e in around.legend if e.role == "class"]
    assert any(f"{fl:.2f}".replace(".", ",") in label for label in labels)  # centre is a boundary


def test_tables_sentences_and_land_take(atlas, data):
    from ruraldash.features.monitor import table

    res = compute(data, atlas, "built_ha", 2000, 2003, "2019")
    types = table.type_table(res, "nl")
    assert types.index[0] == "Vlaanderen"
    assert "niveau 2000" in types.columns and "niveau 2003" in types.columns
    lt = table.land_take(res)
    grown = UNITS["built_parcels_ha"].sum() * (1.1**3 - 1)
    assert lt.loc["vlaanderen", "ha_per_year"] == pytest.approx(grown / 3)
    assert lt.loc["vlaanderen", "ha_per_day"] == pytest.approx(grown / 3 / 365.25)
    sentence = table.summary_sentence(res, "nl")
    assert "2000 → 2003" in sentence and "+33,1" in sentence
    export = table.export_table(res, "nl", "Type: testnote")
    assert {"bron", "typologie", "niveau 2000", "per jaar (%)"} <= set(export.columns)
    assert export["typologie"].eq("Type: testnote").all()


def test_status_and_progress_are_separate_sentences(atlas, data):
    from ruraldash.features.monitor import table

    res = compute(data, atlas, "built_share", 2000, 2003, "2025")
    status = table.status_text(res, "11100", "nl")
    progress = table.progress_text(res, "11100", "nl")
    assert status.startswith("2003: 23,96") and "Vlaanderen" in status  # 18 % × 1.331
    assert progress.startswith("2000 → 2003: +5,96\u00a0procentpunt (+33,1\u00a0% van het niveau")


def test_report_has_one_slide_per_facet_with_sources(atlas, data, monkeypatch):
    from pptx import Presentation

    from ruraldash.features.monitor import report
    from ruraldash.features.monitor.indicators import INDICATORS
    from ruraldash.features.selection import Selection

    monkeypatch.setattr(report, "by_facet", lambda f: [INDICATORS["built_share"]] if f == 1 else [])
    sel = Selection(extra={"monitor": "built_share", "basis": "2000", "tot": "2003"})
    deck = Presentation(__import__("io").BytesIO(report.build(atlas, data, sel, "nl")))
    slides = list(deck.slides)
    assert len(slides) == 5
    text = " ".join(s.text for s in slides[0].shapes if s.has_text_frame)
    assert "2000 → 2003" in text and "Bron:" in text
    assert "landuse_series" in text or "Testbestand" in text  # the dataset's own source line


def test_peer_text_compares_with_the_peers_median_and_ranks(atlas, data):
    from ruraldash.features.monitor import table

    res = compute(data, atlas, "built_share", 2000, 2003, "2025")
    # changes in percentage points: 18 % x 0.331 for Drieveld; the others from their own shares
    text = table.peer_text(res, "11100", ["23100", "24001", "31001"], "nl")
    changes = res.municipalities["change"]
    median = changes[["23100", "24001", "31001"]].median()
    assert f"mediaan van 3 vergelijkbare gemeenten +{median:.2f}".replace(".", ",") in text
    assert "Drieveld +5,96" in text and "van 4" in text
    assert table.peer_text(res, "11100", [], "nl") == ""


def test_yearly_land_take_steps_over_the_gap_and_skips_missing_members(atlas, data):
    from ruraldash.features.monitor import table

    res = compute(data, atlas, "built_ha", 2000, 2003, "2019")
    yearly = table.yearly_land_take(res)
    assert list(yearly.index) == ["2001", "2001–2003"]  # 2002 is missing: one step of two years
    types = res.municipalities["type"]
    built = UNITS["built_parcels_ha"]
    rural = types[types == "platteland"].index.drop("41001", errors="ignore")
    # 2000 -> 2001: +10 % of the 2000 parcels, without Lindeveld (no 2001 value)
    assert yearly.loc["2001", "platteland"] == pytest.approx(built[rural].sum() * 0.1)


def test_monitor_table_exports_round_and_carry_source_and_metadata(atlas, data):
    import io

    from openpyxl import load_workbook

    from ruraldash.features.monitor import table
    from ruraldash.render import exports

    res = compute(data, atlas, "built_share", 2000, 2003, "2025")
    frame = table.export_table(res, "nl", "Type: testnote")
    meta = [("Definitie", "Status en vooruitgang")]
    book = load_workbook(io.BytesIO(exports.table_xlsx(
        frame, "Monitor", "Testbron 2000–2003", lang="nl", decimals=table.decimals(res, "nl"),
        meta=meta)))  # fmt: skip
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2], strict=False)}
    assert row["niveau 2000"] == 18.0 and row["per jaar (%)"] == pytest.approx(10.0)
    assert row["verandering"] == pytest.approx(5.96)  # rounded to the indicator's 2 decimals
    assert row["typologie"] == "Type: testnote"
    assert len(book.worksheets) == 2 and book.worksheets[1]["B2"].value == "Status en vooruitgang"
    csv = exports.table_csv(frame, "be", "Testbron", lang="nl", decimals=table.decimals(res, "nl"))
    assert "18,0" in csv.decode("utf-8-sig") and "Bron: Testbron" in csv.decode("utf-8-sig")
