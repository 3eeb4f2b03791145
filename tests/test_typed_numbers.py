"""Every number a user can type, in both languages: what the field shows reads back as the same number.

The field's text comes from the formatter (Belgian ``1.234,5`` or English ``1,234.5``) and is read by the
one number parser (:func:`ruraldash.io.numbers.parse_number`); a round trip that loses a digit rewrites
the user's link silently (the manual breaks of 1000 came back as 1).
"""

from __future__ import annotations

import pytest

from ruraldash.features.compare import IndexChoice, parse_index_choice
from ruraldash.features.orf import view as orf
from ruraldash.features.selection import breaks_text, parse_breaks

LANGS = ("nl", "en")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "breaks",
    [(1000.0, 2000.0, 3000.0), (0.5, 2.25, 1234567.125), (-1500.0, -2.5, 0.0, 7.0), (1e-05, 3e9)],
)
def test_manual_breaks(breaks, lang):
    assert parse_breaks(breaks_text(breaks, lang), lang) == breaks


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("eur", [65_000_000.0, 123_400_000.0, 1_234_567_000.0, 2_500.0])
def test_orf_budgets_typed_in_million_euro(eur, lang):
    assert orf.parse_million(orf.million_text(eur, lang), lang) == pytest.approx(eur, abs=0.005)


@pytest.mark.parametrize("eur", [65_000_000.0, 123_456_789.25, 10_000_000_000.0])
def test_orf_budgets_in_the_link(eur):
    assert orf.parse_budget_param(orf.budget_param(eur)) == eur


@pytest.mark.parametrize("weights", [(5.0, 0.5), (10.0, 0.0), (2.25, 7.75)])
def test_index_weights_in_the_link(weights):
    choice = IndexChoice(("a", "b"), weights)
    params = choice.params()
    back = parse_index_choice(params["inds"], params["gewichten"], ["a", "b"], ["a"])
    assert (back.weights, back.weights_refused) == (weights, False)
