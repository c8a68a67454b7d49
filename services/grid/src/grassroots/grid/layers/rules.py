"""Pure rules of layers: GeoJSON feature validation, geodesic areas, splitting a unit by households.

Geometry is WGS84 lon/lat; every area is geodesic on the WGS84 ellipsoid (pyproj.Geod), in m².
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from grassroots.common.codes import Code
from grassroots.grid.codes import (
    BOUNDARY_CODE,
    BOUNDARY_COUNT,
    COORD_ORDER,
    COORDINATES,
    FEATURE_CODE,
    FEATURE_DUPLICATE,
    FEATURE_GRID_ID,
    FEATURE_HOUSEHOLDS,
    FEATURE_OUTSIDE,
    FEATURE_SHAPE,
    GEOMETRY_INVALID,
    GEOMETRY_TYPE,
    LAYER_EMPTY,
    OUTSIDE_CHINA,
    RING_NOT_CLOSED,
    RING_TOO_SHORT,
    SELF_INTERSECTION,
)

GEOD = Geod(ellps="WGS84")

# China's extent in lon/lat (with a margin): a point outside it is outside any county of the suite.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
MIN_AREA_M2 = 1.0  # slivers below one square metre are rounding, not land


def township_named(body: Mapping[str, Any]) -> str | None:
    """The township a layer (a request body) is for: its `township`; for a base layer the one its
    first village's `properties.code` stands in, for a boundary that code itself; else None."""
    township = body.get("township")
    if isinstance(township, str) and township:
        return township[:40]
    features = body.get("features")
    items = features.get("features") if isinstance(features, Mapping) else None
    first = items[0] if isinstance(items, list) and items else None
    props = first.get("properties") if isinstance(first, Mapping) else None
    code = props.get("code") if isinstance(props, Mapping) else None
    if not (isinstance(code, str) and len(code) == 12 and code.isdigit()):
        return None
    kind = body.get("kind")
    if kind == "boundary":
        return code
    return code[:9] + "000" if kind == "base" else None


@dataclass(frozen=True)
class FeatureProblem:
    """One refused feature: its index in the collection and the rule that refused it."""

    index: int
    code: Code
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "code": self.code,
            "message": self.code.message,
            "detail": self.detail,
        }


@dataclass
class ParsedFeature:
    """A feature that passed validation."""

    index: int
    key: str  # base: the village code; legacy: the grid id
    name: str
    households: int | None
    geometry: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)


def _rings(geometry: dict[str, Any]) -> list[Any]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if not isinstance(coords, list):
        return []
    if kind == "Polygon":
        return list(coords)
    return [ring for polygon in coords if isinstance(polygon, list) for ring in polygon]


def _position_problem(pos: Any) -> Code | None:
    if (
        not isinstance(pos, list | tuple)
        or len(pos) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
        or not all(math.isfinite(v) for v in pos[:2])
    ):
        return COORDINATES
    lon, lat = pos[0], pos[1]
    if CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]:
        return None
    if CHINA_LON[0] <= lat <= CHINA_LON[1] and CHINA_LAT[0] <= lon <= CHINA_LAT[1]:
        return COORD_ORDER
    return OUTSIDE_CHINA


def check_geometry(index: int, geometry: Any) -> tuple[BaseGeometry | None, list[FeatureProblem]]:
    """Validates one GeoJSON geometry; returns the shapely geometry or the problems."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return None, [FeatureProblem(index, GEOMETRY_TYPE, str(kind))]
    rings = _rings(geometry)
    if not rings or not all(isinstance(r, list) for r in rings):
        return None, [FeatureProblem(index, COORDINATES)]
    problems: list[FeatureProblem] = []
    for ring_no, ring in enumerate(rings):
        codes = {c for c in map(_position_problem, ring) if c}
        if codes:
            problems += [FeatureProblem(index, c, f"ring {ring_no}") for c in sorted(codes)]
            continue
        if len(ring) < 4:
            problems.append(FeatureProblem(index, RING_TOO_SHORT, f"ring {ring_no}"))
        elif list(ring[0][:2]) != list(ring[-1][:2]):
            problems.append(FeatureProblem(index, RING_NOT_CLOSED, f"ring {ring_no}"))
    if problems:
        return None, problems
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        return None, [FeatureProblem(index, COORDINATES, str(exc)[:200])]
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        code = SELF_INTERSECTION if "Self-intersection" in reason else GEOMETRY_INVALID
        return None, [FeatureProblem(index, code, reason)]
    return geom, []


def _households(value: Any) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return "bad"


def parse_features(
    collection: Any, *, kind: str, township: str
) -> tuple[list[ParsedFeature], list[FeatureProblem]]:
    """Validates a FeatureCollection whole: every feature's geometry and identifying properties."""
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return [], [FeatureProblem(-1, FEATURE_SHAPE, "not a FeatureCollection")]
    if not isinstance(features, list):
        return [], [FeatureProblem(-1, FEATURE_SHAPE, "not a FeatureCollection")]
    if not features:
        return [], [FeatureProblem(-1, LAYER_EMPTY)]
    parsed: list[ParsedFeature] = []
    problems: list[FeatureProblem] = []
    if kind == "boundary" and len(features) > 1:
        problems += [FeatureProblem(i, BOUNDARY_COUNT) for i in range(1, len(features))]
    seen: set[str] = set()
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            problems.append(FeatureProblem(index, FEATURE_SHAPE))
            continue
        props = feature.get("properties") or {}
        geom, found = check_geometry(index, feature.get("geometry"))
        problems += found
        key = props.get("code") if kind in ("base", "boundary") else props.get("grid_id")
        if kind == "boundary":
            if key is None:
                key = township
            elif key != township:
                problems.append(FeatureProblem(index, BOUNDARY_CODE, str(key)[:40]))
                key = None
        elif kind == "base":
            if not (
                isinstance(key, str)
                and len(key) == 12
                and key.isdigit()
                and key[:9] == township[:9]
                and key != township
            ):
                problems.append(FeatureProblem(index, FEATURE_CODE, str(key)[:40]))
                key = None
        elif not isinstance(key, str | int) or isinstance(key, bool) or not str(key).strip():
            problems.append(FeatureProblem(index, FEATURE_GRID_ID))
            key = None
        households = _households(props.get("households"))
        if households == "bad":
            problems.append(FeatureProblem(index, FEATURE_HOUSEHOLDS))
        if key is not None:
            key = str(key)[:40]
            if key in seen:
                problems.append(FeatureProblem(index, FEATURE_DUPLICATE, key))
            seen.add(key)
        if geom is not None and key is not None and not isinstance(households, str):
            name = props.get("name")
            parsed.append(
                ParsedFeature(index, key, str(name)[:200] if name else key, households, geom, props)
            )
    return parsed, problems


def outside_extent(features: list[ParsedFeature], extent: BaseGeometry) -> list[FeatureProblem]:
    """Features of a legacy layer that lie wholly outside the township's extent."""
    prepared = shapely.prepared.prep(extent)
    return [
        FeatureProblem(f.index, FEATURE_OUTSIDE, f.key)
        for f in features
        if not prepared.intersects(f.geometry)
    ]


def area_m2(geometry: BaseGeometry) -> float:
    """Geodesic area on the WGS84 ellipsoid in square metres."""
    if geometry.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area)


def parts_for(households: int | None, split_over: int | None) -> int:
    """How many grids a base unit becomes: one, or ceil(households / threshold) when over it."""
    if not split_over or households is None or households <= split_over:
        return 1
    return math.ceil(households / split_over)


def split_equal_area(geometry: BaseGeometry, parts: int) -> list[BaseGeometry]:
    """Splits a polygon into `parts` west-to-east strips of equal area (households spread evenly)."""
    if parts <= 1:
        return [geometry]
    minx, miny, maxx, maxy = geometry.bounds
    total = geometry.area
    cuts = [minx]
    for k in range(1, parts):
        target = total * k / parts
        lo, hi = cuts[-1], maxx
        for _ in range(60):
            mid = (lo + hi) / 2
            if geometry.intersection(box(minx, miny, mid, maxy)).area < target:
                lo = mid
            else:
                hi = mid
        cuts.append((lo + hi) / 2)
    cuts.append(maxx)
    pieces = []
    for west, east in itertools.pairwise(cuts):
        piece = geometry.intersection(box(west, miny - 1, east, maxy + 1))
        pieces.append(shapely.make_valid(piece) if not piece.is_valid else piece)
    return pieces
