"""The memo behind "a rerun that changes nothing rebuilds nothing": never a stale hit."""

from __future__ import annotations

from ruraldash.core.memo import Memo


class _Atlas:
    """Stands in for an atlas: only its identity matters to the memo."""


def test_the_same_owner_and_key_build_once():
    memo, calls = Memo(4), []
    owner = _Atlas()
    for _ in range(3):
        memo.get(("note", id(owner)), (owner,), lambda: calls.append(1) or len(calls))
    assert calls == [1] and (memo.hits, memo.misses) == (2, 1)


def test_another_object_under_a_recycled_id_builds_again():
    # an atlas with a user's uploaded layer is a new object; its id may equal a freed one's
    memo = Memo(4)
    first, second = _Atlas(), _Atlas()
    memo.get("k", (first,), lambda: "built for the first")
    assert memo.get("k", (second,), lambda: "built for the second") == "built for the second"


def test_the_least_recently_used_entry_goes_first():
    memo, owner = Memo(2), _Atlas()
    memo.get("a", (owner,), lambda: 1)
    memo.get("b", (owner,), lambda: 2)
    memo.get("a", (owner,), lambda: 99)  # a is used again
    memo.get("c", (owner,), lambda: 3)  # b goes
    assert memo.get("a", (owner,), lambda: 99) == 1
    assert memo.get("b", (owner,), lambda: 22) == 22
