"""Grid API shapes (grids themselves are GeoJSON)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

Longitude = Annotated[float, Field(allow_inf_nan=False, ge=-180, le=180)]
Latitude = Annotated[float, Field(allow_inf_nan=False, ge=-90, le=90)]
MAX_BATCH = 100_000


class Located(BaseModel):
    """The grid holding a point, or nulls when no grid does."""

    lon: float
    lat: float
    grid_id: str | None
    township: str | None


class LocateBatch(BaseModel):
    points: list[tuple[Longitude, Latitude]] = Field(
        max_length=MAX_BATCH, description="[lon, lat] pairs", examples=[[[110.005, 30.005]]]
    )


class LocatedBatch(BaseModel):
    """One grid id (or null) per point, in the order given."""

    grids: list[str | None]
    located: int
