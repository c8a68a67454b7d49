"""Python's cyclic garbage collector in a serving process.

With CPython's defaults (a collection every 700 net allocations, a full one every 100 of those)
a request that allocates much (a 100,000-point locate, a page of a thousand rows) triggers
collections that each walk the whole heap: the catalog, the matching index, the ORM's mappers,
every module. Measured under the bench load, that was most of a large request's time. A serving
process therefore raises the first threshold (`GC_THRESHOLD`) and, once the app has started,
freezes what start-up made (it lives as long as the process) out of every later collection.
Tests and tools keep the defaults: only `grassroots-serve` calls `for_serving`.
"""

from __future__ import annotations

import gc

_serving = False


def for_serving(threshold: int) -> None:
    """A serving process: collections every `threshold` net allocations; frozen after start-up."""
    global _serving
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(threshold, middle, oldest)
    _serving = True


def after_startup() -> None:
    """Freezes the objects start-up left alive, in a serving process (a no-op elsewhere)."""
    if _serving:
        gc.collect()
        gc.freeze()
