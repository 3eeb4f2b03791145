"""A screen on the forty-municipality world built in code: the record, the words, the questions."""

from __future__ import annotations

import pandas as pd

from ruraldash.features.toets import questions, screen, words
from ruraldash.features.toets.context import Context
from ruraldash.features.toets.inputs import Allocation
from tests.factories import fairness_world


def _screen(amount: pd.Series, unit: str = "euro") -> screen.Screen:
    w = fairness_world()
    ctx = Context(
        border_set="2025", typology="plattelandsrapport", names=pd.Series(w.index, index=w.index),
        provinces=pd.Series("Limburg", index=w.index), groups=w["type"], rural_types=w["type"],
        population=w["population"], population_year=2025, population_source="population_2025",
        area_km2=w["area_km2"], area_source="population_area_2025", typology_note="Type: test",
        typology_status="official",
    )  # fmt: skip
    alloc = Allocation(amount=amount, border_set="2025", kind="upload", label="Subsidie",
                       unit=unit, source="Eigen gegevens: s.xlsx", year="2026", status="user", own=True)  # fmt: skip
    return screen.run(alloc, ctx)


def test_everything_to_the_centrumsteden_answers_no_for_rural_people():
    w = fairness_world()
    scr = _screen(w["population"].where(w["type"] == "centrumstad", 0.0))
    rec = screen.record(scr)
    assert rec["by_type"]["platteland"]["share_amount"] == 0
    assert rec["rural_urban_ratio"] == 0
    answers = {q.id: q.answer for q in questions.questions(scr, "Statbel")}
    assert answers["affects"].startswith("Nee: geen van de 13 plattelandsgemeenten")
    assert answers["services"] == "" and answers["travel"] == ""  # the user answers these


def test_a_proportional_allocation_is_not_significantly_different():
    w = fairness_world()
    scr = _screen(w["population"] * 3.0)
    assert "niet significant" in words.test_sentence(scr)
    assert screen.record(scr)["gini"] == 0


def test_dwellings_are_shown_per_1000_inhabitants_but_recorded_per_inhabitant():
    w = fairness_world()
    scr = _screen(w["population"] * 0.004, unit="woningen")
    assert (
        words.per_scale(scr) == 1000 and words.per_unit(scr, "nl") == "woningen per 1.000 inwoners"
    )
    table = words.type_table(scr)
    assert table[words.per_column(scr, "nl")].round(6).tolist() == [4.0] * 4
    assert screen.record(scr)["by_type"]["platteland"]["amount_per_inhabitant"] == 0.004


def test_amounts_in_one_province_suggest_screening_within_it():
    w = fairness_world()
    scr = _screen(w["population"].where(w.index < "20000"))  # only the centrumsteden have amounts
    codes = {m["code"] for m in scr.messages}
    assert "toets_missing" in codes and "toets_one_province" in codes
