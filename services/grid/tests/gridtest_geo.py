"""Test geometry: rectangles in lon/lat, and their area computed independently (spherical)."""

from __future__ import annotations

import math
from typing import Any

R = 6_371_007.2  # authalic radius of WGS84 (m)
LON0, LAT0 = 110.0, 30.0
D = 0.01  # one unit square is 0.01° × 0.01°


def rect(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    """A Polygon of unit coordinates (multiples of D from LON0/LAT0)."""
    a, b = LON0 + x0 * D, LAT0 + y0 * D
    c, d = LON0 + x1 * D, LAT0 + y1 * D
    return {"type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]]}


def rect_area(x0: float, y0: float, x1: float, y1: float) -> float:
    """Area of a lon/lat rectangle on the authalic sphere (m²), for checking geodesic areas."""
    lat0, lat1 = math.radians(LAT0 + y0 * D), math.radians(LAT0 + y1 * D)
    return R * R * math.radians((x1 - x0) * D) * (math.sin(lat1) - math.sin(lat0))


def feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def point(x: float, y: float) -> tuple[float, float]:
    return LON0 + x * D, LAT0 + y * D
