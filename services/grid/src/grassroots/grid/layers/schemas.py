"""Layer API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

EXAMPLE_FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "990101101201", "name": "石桥村", "households": 420},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[110.0, 30.0], [110.01, 30.0], [110.01, 30.01], [110.0, 30.01], [110.0, 30.0]]
                ],
            },
        }
    ],
}


class LayerCreate(BaseModel):
    """A legacy layer of one line system (党建, 综治, 环保…), the base units (村/社区边界), or the
    township's administrative boundary (乡镇行政区划边界, e.g. from 民政: one feature, a Polygon or
    MultiPolygon, `properties.code` the township's code if given)."""

    system: str = Field(min_length=1, max_length=64, examples=["综治"])
    kind: Literal["legacy", "base", "boundary"]
    township: str | None = Field(
        default=None,
        pattern=r"^\d{12}$",
        description="Required for legacy layers; derived from the village codes for base layers "
        "and from `properties.code` for a boundary.",
    )
    features: dict[str, Any] = Field(examples=[EXAMPLE_FEATURES])


class LayerRead(BaseModel):
    id: str
    township: str
    kind: str
    system: str
    version: int
    feature_count: int
    created_at: datetime
    created_by: str


class LayerPage(BaseModel):
    items: list[LayerRead]


class MergeRequest(BaseModel):
    township: str = Field(pattern=r"^\d{12}$")
    split_households_over: int | None = Field(default=None, ge=1, le=1_000_000)


class MergeReport(BaseModel):
    """The comprehensive layer version built, and how the legacy grids map onto it."""

    township: str
    version: int
    base_layer: dict[str, Any]
    legacy_layers: list[dict[str, Any]]
    grids: list[dict[str, Any]]
    legacy: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    gaps_m2: float
    overlaps: list[dict[str, Any]]
    overlaps_m2: float
    legacy_overlaps: list[dict[str, Any]]
    gaps_basis: Literal["boundary", "layers"] = Field(
        default="layers",
        description="`boundary`: gaps are the township's boundary minus the comprehensive grids; "
        "`layers`: no boundary imported, gaps are relative to the union of the submitted layers",
    )
    gaps_note: str = ""
    boundary_layer: dict[str, Any] | None = None
    boundary_m2: float | None = None
    outside_boundary: list[dict[str, Any]] = Field(
        default_factory=list, description="Parts of comprehensive grids outside the boundary"
    )
    outside_boundary_m2: float = 0.0


class MergeHistory(BaseModel):
    items: list[MergeReport]
