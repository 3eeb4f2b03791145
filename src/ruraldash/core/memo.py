"""A small identity-checked LRU memo for values that only depend on immutable inputs (an atlas).

A rerun that changes nothing a map depends on (a click elsewhere, the search box, an expander)
gets the same :class:`~ruraldash.render.mapmodel.MapLayer`, payload and legend back instead of
classifying, formatting and escaping 300 municipalities again. Keys hold ``id()`` of objects that
are kept alive in the entry and compared with ``is`` on a hit, so a recycled id never hits.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Memo:
    """``memo.get(key, owners, make)``: ``make()`` once per key while ``owners`` are the same objects."""

    def __init__(self, size: int = 64):
        self.size = size
        self._data: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, owners: tuple, make: Callable[[], Any]) -> Any:
        """The value for ``key`` (built by ``make`` on a miss); ``owners`` are the objects whose
        identity the key stands for (compared with ``is``)."""
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
                self._data.move_to_end(key)
                self.hits += 1
                return hit[1]
        value = make()
        with self._lock:
            self.misses += 1
            self._data[key] = (owners, value)
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._data.clear()
