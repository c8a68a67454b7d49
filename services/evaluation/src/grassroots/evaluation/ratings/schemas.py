"""Rating API shapes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from grassroots.common.events.evaluation import Direction
from grassroots.evaluation.schemes.schemas import Code, OrgCode


class RatingCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "year": 2026,
                    "direction": "township_rates_department",
                    "ratee": "11990101MB00000006",
                    "indicator": "service",
                    "score": 88,
                }
            ]
        },
    )

    year: Annotated[int, Field(ge=2000, le=2100)]
    direction: Direction
    ratee: OrgCode
    indicator: Code
    score: Annotated[float, Field(ge=0, le=100)]
    rater: OrgCode | None = Field(None, description="if given, must be the caller's own org")


class RatingRead(BaseModel):
    year: int
    direction: Direction
    rater: str
    ratee: str
    indicator: str
    score: float
    replaced: bool
