"""The townships' map: each village a 0.01° square, townships side by side near 110°E 30°N."""

from __future__ import annotations

from typing import Any

from county.orgs import TOWNSHIPS, VILLAGES

SIDE = 0.01


def _corner(village: str) -> tuple[float, float]:
    for t, township in enumerate(TOWNSHIPS):
        if village in VILLAGES[township]:
            return 110.0 + 0.1 * t + SIDE * VILLAGES[township].index(village), 30.0
    raise KeyError(village)


def _square(lon: float, lat: float, width: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + width, lat], [lon + width, lat + SIDE], [lon, lat + SIDE]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def base_layer(township: str) -> dict[str, Any]:
    """村/社区边界: one square per village, with its org code and households."""
    return _collection(
        [
            {
                "type": "Feature",
                "properties": {"code": v, "households": 300 + 100 * i},
                "geometry": _square(*_corner(v), SIDE),
            }
            for i, v in enumerate(VILLAGES[township])
        ]
    )


def legacy_layer(township: str) -> dict[str, Any]:
    """综治网格 of old: one grid over both villages."""
    lon, lat = _corner(VILLAGES[township][0])
    feature = {
        "type": "Feature",
        "properties": {"grid_id": f"ZZ-{township}"},
        "geometry": _square(lon, lat, 2 * SIDE),
    }
    return _collection([feature])


def point_in(village: str) -> tuple[float, float]:
    """The middle of a village's square."""
    lon, lat = _corner(village)
    return round(lon + SIDE / 2, 6), round(lat + SIDE / 2, 6)
