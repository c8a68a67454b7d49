"""Pure merge: base units → comprehensive grids (多网合一), and the report against legacy layers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from grassroots.grid.layers.rules import (
    MIN_AREA_M2,
    ParsedFeature,
    area_m2,
    parts_for,
    split_equal_area,
)


@dataclass
class PlannedGrid:
    """A comprehensive grid to be stored."""

    grid_id: str
    base_code: str
    name: str
    households: int | None
    geometry: BaseGeometry
    area_m2: float


def plan_grids(base: list[ParsedFeature], split_over: int | None) -> list[PlannedGrid]:
    """One grid per base unit, or several equal-area grids when its households exceed the limit."""
    grids: list[PlannedGrid] = []
    for unit in sorted(base, key=lambda f: f.key):
        parts = parts_for(unit.households, split_over)
        pieces = split_equal_area(unit.geometry, parts)
        for n, piece in enumerate(pieces, start=1):
            share = None
            if unit.households is not None:
                share = unit.households // parts + (1 if n <= unit.households % parts else 0)
            name = unit.name if parts == 1 else f"{unit.name}第{n}网格"
            grids.append(
                PlannedGrid(f"{unit.key}-{n:02d}", unit.key, name, share, piece, area_m2(piece))
            )
    return grids


def _polygons(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.is_empty:
        return []
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]


def _fill_holes(geometry: BaseGeometry) -> BaseGeometry:
    return unary_union([Polygon(p.exterior) for p in _polygons(geometry)])


def _gap_list(gaps: BaseGeometry, legacy: dict[str, list[ParsedFeature]]) -> list[dict[str, Any]]:
    out = []
    for part in _polygons(gaps):
        area = area_m2(part)
        if area < MIN_AREA_M2:
            continue
        systems = sorted(
            system
            for system, features in legacy.items()
            if any(f.geometry.intersection(part).area > 0 for f in features)
        )
        point = part.representative_point()
        out.append({"area_m2": round(area, 1), "point": [point.x, point.y], "systems": systems})
    return sorted(out, key=lambda g: -g["area_m2"])


def _pair_overlaps(items: list[tuple[str, BaseGeometry]]) -> list[dict[str, Any]]:
    tree = shapely.STRtree([g for _, g in items])
    out = []
    for i, (key, geom) in enumerate(items):
        for j in tree.query(geom, predicate="intersects"):
            if j <= i:
                continue
            area = area_m2(geom.intersection(items[j][1]))
            if area >= MIN_AREA_M2:
                out.append({"grids": sorted([key, items[j][0]]), "area_m2": round(area, 1)})
    return out


GAPS_NOTE = {
    "boundary": "空白区 = 乡镇行政区划边界 − 综合网格并集;综合网格超出边界的部分另列(outside_boundary)",
    "layers": "未导入乡镇行政区划边界(kind=boundary):空白区仅按已提交图层(各条线网格与村社区)的并集计算,"
    "任何图层都未覆盖的土地不会列为空白区",
}


def _outside_list(grids: list[PlannedGrid], boundary: BaseGeometry) -> list[dict[str, Any]]:
    """Each comprehensive grid's part outside the township's boundary, with its area."""
    out = []
    for grid in grids:
        outside = grid.geometry.difference(boundary)
        area = area_m2(outside)
        if area >= MIN_AREA_M2:
            point = outside.representative_point()
            out.append(
                {"grid_id": grid.grid_id, "area_m2": round(area, 1), "point": [point.x, point.y]}
            )
    return sorted(out, key=lambda o: (-o["area_m2"], o["grid_id"]))


def merge_report(
    grids: list[PlannedGrid],
    legacy: dict[str, list[ParsedFeature]],
    boundary: BaseGeometry | None = None,
) -> dict[str, Any]:
    """Per legacy grid its covering comprehensive grids and shares; gaps and overlaps in m².

    With the township's boundary, gaps are the boundary minus the comprehensive grids (DESIGN §6:
    land of the township in no grid) and grid parts outside it are listed; without one, the land
    is the union of the submitted layers (a strip in no layer cannot be seen), and the report
    says so (`gaps_basis`, `gaps_note`)."""
    comprehensive = unary_union([g.geometry for g in grids])
    tree = shapely.STRtree([g.geometry for g in grids])
    per_legacy = []
    for system in sorted(legacy):
        for feature in legacy[system]:
            total = area_m2(feature.geometry)
            covered = []
            for j in tree.query(feature.geometry, predicate="intersects"):
                shared = area_m2(feature.geometry.intersection(grids[j].geometry))
                if shared >= MIN_AREA_M2:
                    covered.append(
                        {
                            "grid_id": grids[j].grid_id,
                            "area_m2": round(shared, 1),
                            "share": round(shared / total, 4) if total else 0.0,
                        }
                    )
            outside = area_m2(feature.geometry.difference(comprehensive))
            per_legacy.append(
                {
                    "system": system,
                    "grid_id": feature.key,
                    "area_m2": round(total, 1),
                    "covered_by": sorted(covered, key=lambda c: (-c["share"], c["grid_id"])),
                    "uncovered_m2": round(outside, 1),
                }
            )
    if boundary is not None:
        basis = "boundary"
        land = boundary
        beyond = _outside_list(grids, boundary)
    else:
        basis = "layers"
        legacy_union = unary_union([f.geometry for fs in legacy.values() for f in fs])
        land = unary_union([legacy_union, _fill_holes(comprehensive)])
        beyond = []
    gaps = _gap_list(land.difference(comprehensive), legacy)
    overlaps = _pair_overlaps([(g.grid_id, g.geometry) for g in grids])
    legacy_overlaps = [
        {"system": system, **o}
        for system in sorted(legacy)
        for o in _pair_overlaps([(f.key, f.geometry) for f in legacy[system]])
    ]
    return {
        "grids": [
            {
                "grid_id": g.grid_id,
                "base_code": g.base_code,
                "name": g.name,
                "households": g.households,
                "area_m2": round(g.area_m2, 1),
            }
            for g in grids
        ],
        "legacy": per_legacy,
        "gaps": gaps,
        "gaps_m2": round(sum(g["area_m2"] for g in gaps), 1),
        "overlaps": overlaps,
        "overlaps_m2": round(sum(o["area_m2"] for o in overlaps), 1),
        "legacy_overlaps": legacy_overlaps,
        "gaps_basis": basis,
        "gaps_note": GAPS_NOTE[basis],
        "boundary_m2": round(area_m2(boundary), 1) if boundary is not None else None,
        "outside_boundary": beyond,
        "outside_boundary_m2": round(sum(o["area_m2"] for o in beyond), 1),
    }
