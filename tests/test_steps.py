"""The facilitator's walk along the five facets: one valid main indicator and sentence per facet."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from ruraldash.core.i18n import catalogue as strings
from ruraldash.core.i18n import t
from ruraldash.core.provenance import Dataset, read_manifest
from ruraldash.data.catalog import FACETS, Indicator, load_catalogue
from ruraldash.features import steps as steps_mod
from ruraldash.features.selection import SCHEMES
from ruraldash.features.steps import CHOICES, TOTAL, StepError, parse_step, sentence_key, steps

ROOT = Path(__file__).resolve().parents[1]


def _ind(ind_id: str, facets: tuple[int, ...], source: str = "ds_a") -> Indicator:
    return Indicator(
        id=ind_id, label_nl=f"{ind_id} nl", label_en=f"{ind_id} en", definition_nl="d",
        definition_en="d", unit="%", decimals=1, facets=facets, layer="context",
        polarity="neutral", kind="numeric", source=source, year="2020", status="official",
        rule="sum", expr="x",
    )  # fmt: skip


def _full_catalogue() -> dict[str, Indicator]:
    """Every candidate of every facet, serving its facet (plus an unrelated indicator)."""
    cat = {i: _ind(i, (facet,)) for facet, ids in CHOICES.items() for i in ids}
    cat["density_2020"] = _ind("density_2020", (1, 2, 3, 4, 5))
    return cat


def _dataset(ds_id: str, year: str) -> Dataset:
    return Dataset(
        id=ds_id, path="x.csv", sha256="0" * 64, publisher="Statbel", title="Bodemgebruik",
        title_en="Land use", url="https://example.org", licence="CC BY 4.0", year=year,
        border_set="2019", status="official",
    )  # fmt: skip


def test_five_steps_one_per_facet_in_order_with_the_first_choice():
    walk = steps(_full_catalogue())
    assert [s.number for s in walk] == [1, 2, 3, 4, 5] == list(FACETS)
    assert len(walk) == TOTAL
    for step in walk:
        assert step.number in step.indicator.facets
        assert step.indicator.id == CHOICES[step.number][0]


def test_second_choice_used_when_the_first_is_missing():
    cat = _full_catalogue()
    del cat["landtake_proxy"]
    assert steps(cat)[0].indicator.id == "built_share"


@pytest.mark.parametrize("facet", sorted(CHOICES))
def test_a_facet_without_any_candidate_is_an_error_naming_it(facet):
    cat = {k: v for k, v in _full_catalogue().items() if k not in CHOICES[facet]}
    with pytest.raises(StepError, match=f"facet {facet}"):
        steps(cat)


def test_a_candidate_that_does_not_serve_the_facet_is_refused():
    cat = _full_catalogue()
    cat["survey_trust_local"] = _ind("survey_trust_local", (4,))
    with pytest.raises(StepError, match="facet 5"):
        steps(cat)


def test_the_real_catalogue_has_every_step():
    """indicators.toml and the manifest are committed files (not the data bundle)."""
    datasets = read_manifest(ROOT / "data" / "sources.toml")
    cat = load_catalogue(ROOT / "indicators.toml", datasets)
    for step in steps(cat):
        assert step.indicator.id in cat
        assert step.number in step.indicator.facets
        assert step.indicator.source in datasets
        assert step.dataset(datasets).year in step.source_line(datasets)


@pytest.mark.parametrize("ind_id", [i for ids in CHOICES.values() for i in ids])
def test_every_candidate_has_one_plain_sentence_in_both_languages(ind_id):
    entry = strings().get(sentence_key(ind_id))
    assert entry is not None, f"no sentence for {ind_id}"
    nl, en = entry.get("nl", ""), entry.get("en", "")
    assert nl and en and nl != en
    for text in (nl, en):
        assert "{" not in text and text.count(".") <= 2 and len(text) < 200
        assert text[0].isupper()


def test_heading_and_sentence_follow_the_language():
    step = steps(_full_catalogue())[2]
    assert step.heading("nl") == t("pres_step_heading", "nl", n=3, name=FACETS[3][0])
    assert FACETS[3][0] in step.heading("nl") and FACETS[3][1] in step.heading("en")
    assert "3" in step.heading("en")
    assert step.sentence("nl") != step.sentence("en")


def test_source_and_year_come_from_the_dataset_at_run_time():
    step = steps(_full_catalogue())[0]
    old = {"ds_a": _dataset("ds_a", "2015")}
    new = {"ds_a": replace(old["ds_a"], year="2024")}
    assert "2015" in step.source_line(old) and "2024" not in step.source_line(old)
    assert "2024" in step.source_line(new)
    assert "Land use" in step.source_line(old, "en") and "Bodemgebruik" in step.source_line(old)


def test_each_step_scheme_is_a_known_scheme():
    for step in steps(_full_catalogue()):
        assert step.scheme in SCHEMES
    assert set(steps_mod.SCHEME) <= {i for ids in CHOICES.values() for i in ids}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("5", 5), (" 3 ", 3), (2, 2), ("0", None), ("6", 6), ("7", None), ("42", None),
     ("abc", None), ("", None), (None, None), ("1.5", None), ("-1", None), ("٣", None),
     ("<script>", None)],
)  # fmt: skip
def test_parse_step_accepts_one_to_five_and_the_end_screen(raw, expected):
    assert parse_step(raw) == expected


def test_counter_placeholders_fill():
    text = t("pres_counter", "nl", n=2, total=TOTAL)
    assert re.fullmatch(r"2\D+5", text)


def test_the_walk_names_its_indicators_without_class_codes_in_both_languages():
    """A room does not know "(a0–a2)": the walk's legend and end card say it in plain words."""
    datasets = read_manifest(ROOT / "data" / "sources.toml")
    walk = steps(load_catalogue(ROOT / "indicators.toml", datasets))
    for step in walk:
        for lang in ("nl", "en"):
            title = step.title(lang)
            assert not re.search(r"\b[abc][0-3]\b", title), (step.indicator.id, title)
    distance = next(s for s in walk if s.indicator.id == "distance_service_centre")
    assert "a0" in distance.indicator.label("nl")  # the catalogue keeps its precise label
    assert "stad" in distance.title("nl") and "city" in distance.title("en")
