"""The locate index: one shapely STRtree per generation of the comprehensive layers, in process.

The generation is the newest merge id; a request costs one `max(id)` query and, only after a new
merge, one rebuild. Border points resolve to the smallest grid id among the grids whose interior
or boundary holds the point (geometries are ordered by grid id, so the smallest tree index wins).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape

NOWHERE = -1


@dataclass(frozen=True)
class GridShape:
    grid_id: str
    township: str
    geometry: dict  # type: ignore[type-arg]


class LocateIndex:
    """Point → grid over a fixed set of grids."""

    def __init__(self, grids: Sequence[GridShape], generation: int = 0) -> None:
        ordered = sorted(grids, key=lambda g: g.grid_id)
        self.generation = generation
        self.grid_ids = [g.grid_id for g in ordered]
        self.townships = [g.township for g in ordered]
        geometries = [shape(g.geometry) for g in ordered]
        shapely.prepare(geometries)
        self.tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self.grid_ids)

    def locate_many(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """For each point the index of its grid (smallest grid id on borders), or NOWHERE."""
        points = shapely.points(lon, lat)
        result = np.full(len(points), len(self.grid_ids), dtype=np.int64)
        if len(self.grid_ids) and len(points):
            hits = self.tree.query(points, predicate="intersects")
            np.minimum.at(result, hits[0], hits[1])
        result[result == len(self.grid_ids)] = NOWHERE
        return result

    def locate(self, lon: float, lat: float) -> int:
        return int(self.locate_many(np.array([lon]), np.array([lat]))[0])


class IndexCache:
    """The current index of one database, rebuilt only when the generation changes."""

    def __init__(self) -> None:
        self.index: LocateIndex | None = None
        self.builds = 0
        self._lock = asyncio.Lock()

    def current(self, generation: int) -> LocateIndex | None:
        index = self.index
        return index if index is not None and index.generation >= generation else None

    async def get(self, generation: int, load) -> LocateIndex:  # type: ignore[no-untyped-def]
        """The index of `generation`, built from `await load()` once."""
        index = self.current(generation)
        if index is not None:
            return index
        async with self._lock:
            index = self.current(generation)
            if index is None:
                grids = await load()
                index = await asyncio.to_thread(LocateIndex, grids, generation)
                self.index = index
                self.builds += 1
            return index


_CACHES: dict[str, IndexCache] = {}


def cache_for(database_url: str) -> IndexCache:
    """The process-wide cache of one database."""
    return _CACHES.setdefault(database_url, IndexCache())
