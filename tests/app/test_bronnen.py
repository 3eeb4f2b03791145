"""The Sources page on the real data: every dataset and indicator, checksums, typology, downloads."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT, settings
from ruraldash.core.provenance import read_manifest
from ruraldash.domain.typology import load_atlas
from ruraldash.features.upload.layers import UserLayer
from tests.app.conftest import needs_data

PAGE = str(ROOT / "pages" / "bronnen.py")

pytestmark = needs_data


def run(**state) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_every_dataset_with_licence_link_and_a_good_checksum():
    at = run()
    datasets = table(at, "Oorspronkelijke uitgever, datum")
    manifest = read_manifest(settings().manifest)
    assert len(datasets) == len(manifest)
    assert set(datasets["Link"]) == {d.url for d in manifest.values()}
    assert set(datasets["Licentie"]) == {d.licence for d in manifest.values()}
    assert datasets["Controlegetal"].nunique() == 1  # all synced files match the manifest
    assert not at.error
    # a dataset used by indicators shows how many municipalities they cover on each border set
    used = datasets[datasets["Indicatoren"] > 0]
    assert used["Dekking 2025"].str.endswith("/ 285").all()
    assert used["Dekking 2019–2024"].str.endswith("/ 300").all()


def test_original_publisher_and_date_first_then_the_route():
    datasets = table(run(), "Oorspronkelijke uitgever, datum").set_index("Titel")
    pop = datasets.loc["Bevolking op 1 januari 2020"]
    assert pop["Oorspronkelijke uitgever, datum"] == "Statbel, 1 januari 2020"
    assert pop["Weg naar de bundel"] == "via bmesuere/belgium-topojson (GitHub)"
    register = datasets.loc["Stadsmonitor-registerindicatoren en mediane woningprijs"]
    assert register["Oorspronkelijke uitgever, datum"].count("jaar niet vermeld") == 1
    assert register["Jaar"] == ""  # said once, in the source, not as the year


def test_every_indicator_with_its_rule_in_words():
    at = run()
    indicators = table(at, "Omrekening naar de andere grenzen")
    atlas = load_atlas(settings())
    assert len(indicators) == len(atlas.catalogue)
    rules = indicators.set_index("Code")["Omrekening naar de andere grenzen"]
    assert not rules.str.startswith("sources_").any()
    by_rule = {ind.rule: rules[ind.id] for ind in atlas.catalogue.values() if ind.native == "2019"}
    assert len(set(by_rule.values())) == len(by_rule)  # each rule is explained differently


def test_typology_counts_next_to_the_official_ones():
    at = run()
    typology = table(at, "Deze toepassing, 2025")
    official = settings().section("typology")["official_counts"]
    assert sorted(typology.iloc[:, 1]) == sorted(official.values())
    assert typology["Deze toepassing, 2019–2024"].sum() == 300
    assert typology["Deze toepassing, 2025"].sum() == 285


def test_three_downloads_with_a_source_line():
    at = run()
    labels = [b.label for b in at.get("download_button")]
    assert len(labels) == 3 and any("Excel" in label for label in labels)
    assert any("Statbel" in c.value for c in at.caption)


def test_english():
    at = run()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert "Original publisher, date" in table(at, "Original publisher, date").columns
    assert at.title[0].value == "Sources and method"


def test_an_own_layer_is_listed_as_unchecked_user_data():
    values = pd.Series({"11001": 3.0, "44021": 4.0}, name="value").rename_axis("nis_code")
    layer = UserLayer("eigen-mijn-1234abcd", "<script>Mijn cijfer</script>", "%", "neutral", 2,
                      "2019", values, "Eigen gegevens: mijn.csv", "mijn.csv", "2026-03-01")  # fmt: skip
    at = run(rd_user_layers=[layer])
    datasets = table(at, "Oorspronkelijke uitgever, datum")
    own = datasets[datasets["Oorspronkelijke uitgever, datum"].str.startswith("Eigen gegevens")]
    assert own["Status"].tolist() == ["eigen gegevens"]
    indicators = table(at, "Omrekening naar de andere grenzen").set_index("Code")
    own = indicators.loc["eigen_mijn_1234abcd"]
    assert own["Indicator"] == layer.label and own["Dekking 2019–2024"] == "2 / 300"
