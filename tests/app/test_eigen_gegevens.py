"""The page 'Eigen gegevens': hostile files render a Dutch report safely; a pasted table becomes a layer.

AppTest cannot upload files, so the report of an uploaded file is tested by running the UI
function that turns (bytes, file name) into the report (``uploadreport.report_for_upload``) in a
tiny script, and the page itself through its paste box (the same path as an upload).
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT, settings
from ruraldash.domain.typology import load_atlas
from ruraldash.features.upload import LIMITS, LayerStore
from tests.app.conftest import needs_data

PAGE = str(ROOT / "pages" / "eigen_gegevens.py")
MAP_PAGE = str(ROOT / "pages" / "kaart.py")
HOSTILE = ("<script", "<img", "](javascript")


def report_app(raw: bytes, filename: str) -> None:
    """A tiny app: the report of one uploaded file against five municipalities."""
    import pandas as pd

    from ruraldash.ui.views import uploadreport

    mapping = pd.DataFrame(
        [("11001", "Aartselaar", "11001", "Aartselaar"), ("11002", "Antwerpen", "11002", "Antwerpen"),
         ("11007", "Borsbeek", "11002", "Antwerpen"), ("44021", "Gent", "44021", "Gent"),
         ("46021", "Sint-Niklaas", "46021", "Sint-Niklaas")],
        columns=["nis_code_2019_2024", "name_2019_2024", "nis_code_2025", "name_2025"],
    )  # fmt: skip
    old = mapping.iloc[:, :2].set_axis(["nis_code", "name"], axis=1).assign(border_set="2019")
    new = mapping.iloc[:, 2:].drop_duplicates().set_axis(["nis_code", "name"], axis=1)
    units = pd.concat([old, new.assign(border_set="2025")], ignore_index=True)
    uploadreport.report_for_upload(raw, filename, units, mapping, "2019")


def texts(at: AppTest) -> list[str]:
    """Everything drawn as Markdown (where raw HTML or links could do harm)."""
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success")
             for e in getattr(at, kind)]  # fmt: skip
    return parts + [m.label for m in at.metric] + [m.value for m in at.metric]


def run_report(raw: bytes, filename: str) -> AppTest:
    at = AppTest.from_function(report_app, args=(raw, filename), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


RNG = random.Random(5)
NAMES = "gemeente;waarde\n<script>alert(1)</script>;1\n<img src=x onerror=alert(1)>;2\n"
CASES = {
    "script-names": (NAMES + "Gent;3\n[klik](javascript:alert(1));4\n").encode(),
    "script-header": b"nis;<script>alert(1)</script>\n11001;1\n44021;2\n",
    "binary": bytes(RNG.randrange(256) for _ in range(4000)),
    "empty": b"",
    "oversize": b"nis;waarde\n" + b"11001;1\n" * (LIMITS.max_bytes // 8 + 1),
    "null-bytes": b"gemeente;waarde\nGe\x00nt;1\nAartselaar;2\n",
    "utf16": "nis;waarde\n11001;5\n".encode("utf-16"),
    "broken-xlsx": b"PK\x03\x04" + b"\x00<script>" * 40,
}
DUTCH = {  # a word of the Dutch explanation each case must show
    "script-names": "niet herkend",
    "script-header": "gevonden",
    "binary": "geen tekst- of excelbestand",
    "empty": "leeg",
    "oversize": "groter dan",
    "null-bytes": "nultekens",
    "utf16": "utf",
    "broken-xlsx": "excelbestand",
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_files_get_a_dutch_report_and_no_live_markup(case: str):
    name = "<script>alert(1)</script>.xlsx" if case == "broken-xlsx" else f"<b>{case}</b>.csv"
    at = run_report(CASES[case], name)
    shown = texts(at)
    assert DUTCH[case] in " ".join(shown).replace("\\", "").lower()  # Markdown escapes removed
    for text in shown:
        assert not any(h in text.lower() for h in HOSTILE), text


def test_unmatched_names_are_listed_verbatim_in_a_table_not_as_markup():
    at = run_report(CASES["script-names"], "namen.csv")
    cells = [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
    assert "<script>alert(1)</script>" in cells  # plain text in a table cell: shown, never run


# -------------------------------------------------------------------------- the page, real data


@pytest.fixture
def layers_dir(tmp_path: Path, monkeypatch) -> Path:
    """Layer files of earlier versions go here; saved layers in a database of their own."""
    folder = tmp_path / "user_layers"
    folder.mkdir()
    monkeypatch.setenv("RURALDASH_USER_LAYERS_DIR", str(folder))
    monkeypatch.setenv("RURALDASH_DB_URL", f"sqlite:///{tmp_path / 'db' / 'ruraldash.sqlite'}")
    return folder


@pytest.fixture(scope="module")
def names() -> list[str]:
    return list(load_atlas(settings()).units("2019")["name"].iloc[::15][:20])


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def paste(at: AppTest, text: str, year: str | None = "2023") -> AppTest:
    """Paste a table; fill in the reference year when the layer form is shown."""
    at.text_area(key="w_up_paste").input(text).run()
    assert not at.exception, at.exception
    if year is not None and "w_up_year" in [w.key for w in at.text_input]:
        at.text_input(key="w_up_year").input(year).run()
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table_of(names: list[str]) -> str:
    rows = [f"{name}\t{i},5" for i, name in enumerate(names)]
    return "Gemeente\tWerkloosheid (%)\n" + "\n".join(rows) + "\n<script>x</script>\tveel\n"


@needs_data
def test_page_explains_itself_before_any_file(layers_dir: Path):
    at = page()
    assert at.info and "NIS" in at.info[0].value
    assert "rd_up_use" not in [b.key for b in at.button]


@needs_data
def test_a_pasted_table_is_reported_then_used_on_the_map(names: list[str], layers_dir: Path):
    at = paste(page(), table_of(names))
    assert metric(at, "Gemeenten gevonden") == "20 / 300"
    assert metric(at, "Niet herkend") == "1" and metric(at, "Geen getal") == "1"
    # the form starts from the column name: "Werkloosheid (%)" is a name and a unit
    assert at.text_input(key="w_up_label").value == "Werkloosheid"
    assert at.text_input(key="w_up_unit").value == "%"
    assert not at.session_state["rd_user_layers"] if "rd_user_layers" in at.session_state else True
    label = "<img src=x onerror=alert(1)>"
    at.text_input(key="w_up_label").input(label).run()
    at.button(key="rd_up_use").click().run()
    assert not at.exception, at.exception
    (layer,) = at.session_state["rd_user_layers"]
    assert layer.label == label and layer.values.notna().sum() == 20
    assert at.success and all("<img" not in text for text in texts(at))
    kaart = AppTest.from_file(MAP_PAGE, default_timeout=60)  # the same session on the map page
    for key in ("rd_user_layers", "rd_selection"):
        kaart.session_state[key] = at.session_state[key]
    kaart.run()
    assert not kaart.exception, kaart.exception
    assert kaart.sidebar.selectbox(key="w_layer").value == "own"
    assert kaart.sidebar.selectbox(key="w_indicator").value.startswith("eigen_")
    heading = next(m.value for m in kaart.markdown if "<h1" in m.value)
    assert "&lt;img src=x onerror=alert(1)&gt;" in heading and "<img" not in heading


@needs_data
def test_save_for_later_and_load_in_another_session(names: list[str], layers_dir: Path):
    (layers_dir / "eigen-kapot-00000000.json").write_text("{kapot", encoding="utf-8")
    at = paste(page(), table_of(names))
    at.button(key="rd_up_use").click().run()
    (layer,) = at.session_state["rd_user_layers"]
    at.button(key=f"rd_up_save_{layer.id}").click().run()
    assert not at.exception, at.exception
    with LayerStore() as saved:  # in the database ($RURALDASH_DB_URL), not in a file
        assert [la.label for la in saved.load()] == [layer.label]
        url = saved.url
    assert not (layers_dir / f"{layer.id}.json").exists()
    with sqlite3.connect(url.database) as conn:  # a damaged row is skipped with a warning
        conn.execute("INSERT INTO user_layers VALUES ('eigen-kapot-1', 'x', '{kapot', 'nu')")
    fresh = page()
    assert any("kapot" in w.value for w in fresh.warning)  # skipped, said so
    fresh.button(key=f"rd_up_load_{layer.id}").click().run()
    assert not fresh.exception, fresh.exception
    assert [la.id for la in fresh.session_state["rd_user_layers"]] == [layer.id]


@needs_data
def test_a_bad_table_changes_nothing(layers_dir: Path):
    keep = layers_dir / "eigen-ok-12345678.json"
    keep.write_text('{"format": "iets anders"}', encoding="utf-8")
    before = keep.read_bytes()
    at = paste(page(), "alleen een kolom\nGent\nAalst\n")
    assert at.error and "één kolom" in at.error[0].value
    assert "rd_up_use" not in [b.key for b in at.button]
    assert not at.session_state["rd_user_layers"] if "rd_user_layers" in at.session_state else True
    assert [p.name for p in layers_dir.iterdir()] == [keep.name] and keep.read_bytes() == before


@needs_data
def test_old_municipalities_on_2025_borders_need_sum_or_mean(layers_dir: Path):
    mapping = load_atlas(settings()).bundle.mapping
    parts = mapping[mapping["nis_code_2025"] == "11002"]["nis_code_2019_2024"].tolist()
    assert len(parts) == 2  # Antwerpen and Borsbeek
    at = paste(page(), "nis;aantal\n" + "".join(f"{c};{i + 1}\n" for i, c in enumerate(parts)))
    at.radio(key="w_up_target").set_value("2025").run()
    at.button(key="rd_up_use").click().run()
    assert any("optellen" in e.value for e in at.error)  # no layer without a choice
    assert "rd_user_layers" not in at.session_state or not at.session_state["rd_user_layers"]
    at.radio(key="w_up_merge").set_value("sum").run()
    at.button(key="rd_up_use").click().run()
    (layer,) = at.session_state["rd_user_layers"]
    assert layer.border_set == "2025" and layer.values["11002"] == 3.0


@needs_data
def test_each_value_column_gets_its_own_name_unit_and_year(names: list[str], layers_dir: Path):
    rows = "".join(f"{name};{i},5;{1000 * i}\n" for i, name in enumerate(names))
    at = paste(page(), "Gemeente;Werkloosheid (%);Budget (euro)\n" + rows)
    assert at.text_input(key="w_up_unit").value == "%"
    assert at.text_input(key="w_up_year").value == "2023"
    at.selectbox(key="w_up_value").set_value("Budget (euro)").run()
    assert at.text_input(key="w_up_label").value == "Budget"
    assert at.text_input(key="w_up_unit").value == "euro"
    assert at.text_input(key="w_up_year").value == ""  # asked again, not the upload date
    at.button(key="rd_up_use").click().run()
    assert any("referentiejaar" in e.value for e in at.error)
    at.text_input(key="w_up_year").input("2021").run()
    at.button(key="rd_up_use").click().run()
    (layer,) = at.session_state["rd_user_layers"]
    assert (layer.label, layer.unit, layer.year) == ("Budget", "euro", "2021")


@needs_data
def test_a_suggestion_is_accepted_with_one_click(names: list[str], layers_dir: Path):
    rows = "".join(f"{name};{i}\n" for i, name in enumerate(names)) + "Herstape;99\n"
    at = paste(page(), "Gemeente;Aantal\n" + rows)
    assert metric(at, "Niet herkend") == "1"
    (accept,) = [b for b in at.button if b.key.startswith("rd_up_accept_")]
    assert "Herstappe" in accept.label
    accept.click().run()
    assert metric(at, "Niet herkend") == "0"
    assert metric(at, "Gemeenten gevonden") == f"{len(names) + 1} / 300"


@needs_data
def test_a_2025_layer_opens_the_map_on_2025_borders(layers_dir: Path):
    at = paste(page(), "nis;aantal\n46030;5\n11002;7\n73110;3\n")
    assert at.radio(key="w_up_target").value == "2025"
    at.button(key="rd_up_use").click().run()
    assert at.session_state["rd_selection"].border_set == "2025"


@needs_data
def test_the_report_speaks_english_in_english_mode(names: list[str], layers_dir: Path):
    at = page()
    at.radio(key="w_lang").set_value("en").run()
    text = "Gemeente;Aantal\n" + "".join(f"{n};{i}\n" for i, n in enumerate(names)) + 'Gent;"7\n'
    at = paste(at, text)
    warnings = " ".join(w.value for w in at.warning)
    assert "open a quote that is never closed" in warnings
    assert "aanhalingsteken" not in warnings
