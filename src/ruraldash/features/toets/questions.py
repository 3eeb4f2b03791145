"""The screening questions of the rural proofing toolkits, answered from the data where it can.

Sources of the questions (cited on the page and in the toetsrapport):

- England, DEFRA *Rural proofing guidance* (2017; four stages: identify impacts, assess their scale,
  tailor, evaluate; "equity, not equality"; service closure, delivery through outlets, the higher
  unit cost of dispersed delivery (a *sparsity* factor), travel distance and cost);
- Northern Ireland, *Rural Needs Act 2016* / Rural Needs Impact Assessment template (1F which rural
  definition; 2A does it affect rural people; 2C differently from urban; 2E if not, why; 3A–3E
  evidence and data);
- New Zealand, rural proofing in seven steps (step 4: significantly different for rural and urban?);
- ESPON territorial impact assessment and the EU Better Regulation tool #34 (territorial impacts).
"""

from __future__ import annotations

from dataclasses import dataclass

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.features.toets import words
from ruraldash.features.toets.screen import Screen

TOOLKITS = (
    (
        "DEFRA, Rural proofing guidance (2017)",
        "https://www.gov.uk/guidance/rural-proofing-guidance",
    ),
    ("Northern Ireland, Rural Needs Act 2016 / Rural Needs Impact Assessment (RNIA)", ""),
    ("New Zealand, rural proofing in seven steps (NZ)", ""),
    ("ESPON territorial impact assessment; EU Better Regulation tool #34", ""),
)
"""The toolkits whose questions the screen asks (name, and the address where we have one)."""


@dataclass(frozen=True)
class Question:
    """One screening question: its id, where it comes from, and the answer from the data (or "")."""

    id: str
    ref: str
    text: str
    answer: str
    """Answered from the data; "" when the user answers in words."""


DATA_QUESTIONS = ("definition", "affects", "differently", "scale", "sparsity", "evidence")
TEXT_QUESTIONS = ("services", "travel", "delivery", "mitigation", "monitoring")
REFS = {
    "definition": "RNIA 1F",
    "affects": "RNIA 2A; DEFRA 1",
    "differently": "RNIA 2C; NZ 4",
    "scale": "DEFRA 2",
    "sparsity": "DEFRA 2 (sparsity)",
    "evidence": "RNIA 3A–3E",
    "services": "DEFRA 1",
    "travel": "DEFRA 1",
    "delivery": "DEFRA 2 (sparsity)",
    "mitigation": "DEFRA 3; RNIA 2E",
    "monitoring": "DEFRA 4; RNIA",
}


def _answer(qid: str, screen: Screen, context_source: str, lang: str) -> str:
    table, unit = screen.rural_table, words.amount_unit(screen, lang)
    rural = table.loc["platteland"] if "platteland" in table.index else None
    if qid == "definition":
        return screen.context.typology_note
    if rural is None:
        return t("toets_q_no_rural", lang)
    if qid == "affects" and not rural["reached"]:
        return t("toets_a_affects_no", lang, of=int(rural["municipalities"]))
    if qid == "affects":
        share = (
            rural["population_reached"] / rural["population"]
            if rural["population"]
            else float("nan")
        )
        return t("toets_a_affects", lang, reached=int(rural["reached"]), of=int(rural["municipalities"]),
                 people=number(100 * share, 1, lang, "%"))  # fmt: skip
    if qid == "differently":
        return f"{words.ratio_sentence(screen, lang)} {words.test_sentence(screen, lang)}"
    if qid == "scale":
        per = words.per_scale(screen) * rural["amount_per_inhabitant"]
        return t("toets_a_scale", lang, per=number(per, 2, lang, words.per_unit(screen, lang)),
                 gap=signed(rural["share_gap_pp"], 1, lang))  # fmt: skip
    if qid == "sparsity":
        return t("toets_a_sparsity", lang, per=number(rural["amount_per_km2"], 0, lang, unit),
                 gap=signed(rural["share_gap_area_pp"], 1, lang))  # fmt: skip
    return f"{screen.allocation.source}; {context_source}"


def questions(screen: Screen, context_source: str, lang: str = "nl") -> list[Question]:
    """Every question: the data answers the first six; the user answers the others in words."""
    out = [
        Question(q, REFS[q], t(f"toets_q_{q}", lang), _answer(q, screen, context_source, lang))
        for q in DATA_QUESTIONS
    ]
    out += [Question(q, REFS[q], t(f"toets_q_{q}", lang), "") for q in TEXT_QUESTIONS]
    return out
