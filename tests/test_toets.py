"""The plattelandstoets on the real bundle: inputs, the record and ``ruraldash toets``."""

from __future__ import annotations

import json

import pytest

from ruraldash import cli
from ruraldash.domain.allocation import BUDGET_DEFAULT_EUR, BUDGET_PLUS65_EUR
from ruraldash.features.toets import inputs, screen
from ruraldash.features.toets.context import load_context
from ruraldash.features.upload.check import reference_frames
from tests.factories import subsidy_xlsx

pytestmark = pytest.mark.bundle


def _limburg(atlas, amount_of) -> bytes:
    units = atlas.units("2019")
    rows = [
        (c, n, amount_of(c)) for c, n in units.loc[units["province"] == "Limburg", "name"].items()
    ]
    return subsidy_xlsx(rows)


def test_the_orf_base_budget_leaves_the_centrumsteden_at_zero(real_atlas):
    ctx = load_context(real_atlas, "2025")
    alloc = inputs.orf_allocation(real_atlas, "2025", BUDGET_DEFAULT_EUR)
    rec = screen.record(screen.run(alloc, ctx))
    assert rec["input"]["total"] == pytest.approx(BUDGET_DEFAULT_EUR)
    assert rec["by_type"]["centrumstad"]["share_amount"] == 0
    assert rec["by_type"]["platteland"]["share_gap_pp"] > 0
    assert not alloc.own and "RINGtv" in alloc.source


def test_the_plus65_scenario_scales_every_amount_but_no_share(real_atlas):
    ctx = load_context(real_atlas, "2025")
    a = screen.record(
        screen.run(inputs.orf_allocation(real_atlas, "2025", BUDGET_DEFAULT_EUR), ctx)
    )
    b = screen.record(screen.run(inputs.orf_allocation(real_atlas, "2025", BUDGET_PLUS65_EUR), ctx))
    factor = BUDGET_PLUS65_EUR / BUDGET_DEFAULT_EUR
    for group, row in a["by_type"].items():
        assert b["by_type"][group]["amount_per_inhabitant"] == pytest.approx(
            row["amount_per_inhabitant"] * factor, rel=1e-6
        )
        assert b["by_type"][group]["share_gap_pp"] == pytest.approx(row["share_gap_pp"], abs=1e-5)
    assert b["gini"] == pytest.approx(a["gini"], abs=1e-6)


def test_a_typed_budget_is_an_own_scenario(real_atlas):
    alloc = inputs.orf_allocation(real_atlas, "2025", 200_000_000.0)
    assert alloc.own and "eigen scenario" in alloc.source and "RINGtv" not in alloc.source


def test_an_upload_on_old_borders_gives_a_merged_municipality_its_parts_sum(real_atlas):
    units, mapping = reference_frames(real_atlas)
    raw = _limburg(real_atlas, lambda code: {"71022": 30000.0, "73040": 12500.0}.get(code, 1000.0))
    alloc = inputs.upload_allocation(raw, "subsidie.xlsx", "2025", units, mapping)
    assert alloc.amount["71072"] == 42500.0  # Hasselt (71022) + Kortessem (73040) = Hasselt 71072
    assert alloc.own and alloc.status == "user" and "geen officiële bron" in alloc.source
    assert "toets_merged_summed" in {m["code"] for m in alloc.messages}


def test_cli_file_equals_the_screen_and_exits_0(real_atlas, tmp_path, capsys):
    raw = _limburg(real_atlas, lambda code: 25000.0 if code < "72000" else 0.0)
    path = tmp_path / "subsidie.xlsx"
    path.write_bytes(raw)
    code = cli.main(["toets", str(path), "--grenzen", "2025", "--kolom", "Toegekend bedrag (euro)",
                     "--provincie", "Limburg", "--json"])  # fmt: skip
    printed = json.loads(capsys.readouterr().out)
    units, mapping = reference_frames(real_atlas)
    alloc = inputs.upload_allocation(raw, "subsidie.xlsx", "2025", units, mapping,
                                     column="Toegekend bedrag (euro)")  # fmt: skip
    expected = screen.record(screen.run(alloc, load_context(real_atlas, "2025"), ["Limburg"]))
    assert code == 0 and printed == json.loads(json.dumps(expected, ensure_ascii=False))
    assert set(printed) == {"input", "by_type", "rural_urban_ratio", "gini", "concentration_index",
                            "test", "messages"}  # fmt: skip
    assert set(printed["test"]) == {"method", "statistic", "p_value"}


def test_cli_rejects_like_upload_check(tmp_path, capsys):
    path = tmp_path / "leeg.csv"
    path.write_text("a;b\nx;y\n", encoding="utf-8")
    assert cli.main(["toets", str(path), "--grenzen", "2025", "--json"]) == 1
    toets = json.loads(capsys.readouterr().out)
    assert cli.main(["upload", "check", str(path), "--grenzen", "2025", "--json"]) == 1
    upload = json.loads(capsys.readouterr().out)
    assert toets["messages"] == upload["messages"] and toets["by_type"] == {}
    assert cli.main(["toets", str(tmp_path / "weg.xlsx"), "--grenzen", "2025"]) == 2
    assert "niet lezen" in capsys.readouterr().err


def test_cli_orf_layer_and_bad_layer(capsys):
    assert cli.main(["toets", "--laag", "openruimtefonds", "--grenzen", "2019", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["by_type"]["centrumstad"]["amount"] == 0 and rec["input"]["rows"] == 300
    assert cli.main(["toets", "--laag", "fietspaden"]) == 2
    assert "Onbekende laag 'fietspaden'" in capsys.readouterr().err


def test_the_toetsrapport_workbook_states_definition_figures_and_answers(real_atlas):
    import io

    from openpyxl import load_workbook

    from ruraldash.features.toets import questions, report
    from ruraldash.features.toets.context import source_text
    from ruraldash.render.toetsrapport import report_xlsx

    ctx = load_context(real_atlas, "2025")
    scr = screen.run(inputs.orf_allocation(real_atlas, "2025", 200_000_000.0), ctx)
    csource = source_text(real_atlas, ctx)
    assert csource.count("Bevolking 1 januari 2025") == 1
    qs, answers = questions.questions(scr, csource), {"travel": "Geen effect op reistijd"}
    raw = report_xlsx(report.workbook_sheets(scr, qs, answers, csource),
                      report.workbook_meta(scr, csource, "http://x", "nl", qs, answers), "bron")  # fmt: skip
    meta = dict(
        load_workbook(io.BytesIO(raw))["Over deze tabel"].iter_rows(min_row=2, values_only=True)
    )
    assert "status: model" in meta["Plattelandsdefinitie"]
    assert (
        "eigen scenario" in meta["Bron van de verdeling"]
        and "RINGtv" not in meta["Bron van de verdeling"]
    )
    assert "significant" in meta["Resultaat verschiltoets"]
    assert meta["Gini-coëfficiënt (per inwoner, gewogen naar inwoners)"].startswith("0,5")
    assert "Geen effect op reistijd" in meta.values()
