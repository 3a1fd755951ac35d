"""The one cache policy of the service: a bounded mapping that forgets the least recently used key.

The research API keeps its answers in it (:mod:`forcedmig_kb.research.answers`), the linked-data
routes their documents (:mod:`forcedmig_kb.web.linked_data`): a repeated request is a look-up,
and neither unknown paths nor ``Host`` headers grow the memory held past :data:`CACHE_SIZE` entries.

>>> cache: LRU[str, int] = LRU(2)
>>> _ = cache.put("a", 1), cache.put("b", 2), cache.get("a"), cache.put("c", 3)
>>> cache.get("b") is None, cache.get("a"), len(cache)
(True, 1, 2)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

#: Entries kept at once by default: the oldest used goes first.
CACHE_SIZE = 4096

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A bounded mapping that forgets the least recently used key; safe to share among threads."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
