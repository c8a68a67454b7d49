"""Matching API shapes."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class MatchQuery(BaseModel):
    """A text to match against the county's active duty lists."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "text": "请各乡镇加强巡山护林,严管野外用火",
                "level": "township",
                "limit": 5,
            }
        },
    )

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
    level: Literal["township", "village"] | None = None
    limit: Annotated[int, Field(ge=1, le=50)] = 5


class MatchRead(BaseModel):
    """A ranked item and what explains its rank (decisions stored before 2026-12 lack the last two)."""

    code: str
    title: str
    list: str
    score: float = Field(description="calibrated chance, 0-1, that this is the text's item")
    matched_terms: builtins.list[str]  # `list` is a field name here
    similarity: float | None = Field(
        None, description="cosine of the text and the item's nearest phrasing; null: lexical only"
    )
    lexical: float | None = Field(None, description="the lexical score alone, 0-1")


class MatchResult(BaseModel):
    county: str
    catalog_version: str
    matches: list[MatchRead]


class CandidateRead(BaseModel):
    """A demand text a reviewer re-mapped: a candidate example phrasing of `item_code`."""

    id: str
    item_code: str
    matched_code: str | None = Field(description="the item the gate had matched or was named")
    text: str
    demand_id: str
    catalog_version: str
    proposed_by: str
    proposed_at: datetime


class CandidatePage(BaseModel):
    candidates: list[CandidateRead]
    next_cursor: str | None
