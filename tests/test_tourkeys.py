"""The walk's keys component: the contract Python sends is the one its JavaScript reads."""

from __future__ import annotations

import re
from dataclasses import fields

from ruraldash.ui import tourkeys
from ruraldash.ui.tourkeys import BLANK_KEYS, STEP_KEYS, TourKeys


def test_the_javascript_reads_every_field_of_the_contract_and_no_other():
    read = set(re.findall(r"\bd\.(\w+)", tourkeys._JS))
    assert read == {f.name for f in fields(TourKeys)}


def test_clicker_and_arrow_keys_step_and_b_or_dot_blank():
    assert STEP_KEYS["PageDown"] == STEP_KEYS["ArrowRight"] == 1  # what a clicker sends
    assert STEP_KEYS["PageUp"] == STEP_KEYS["ArrowLeft"] == -1
    assert {"b", "."} <= set(BLANK_KEYS)
    assert TourKeys(step=2, last=6).step_keys == STEP_KEYS


def test_the_step_asked_for_is_read_from_the_step_trigger(monkeypatch):
    state = {tourkeys.KEY: {"step": 3}}
    monkeypatch.setattr(tourkeys.st, "session_state", state)
    assert tourkeys.step_to() == 3
    moved = []
    tourkeys._go(moved.append, tourkeys.KEY)
    assert moved == [3]
    state[tourkeys.KEY] = {"step": None}
    assert tourkeys.step_to() is None
