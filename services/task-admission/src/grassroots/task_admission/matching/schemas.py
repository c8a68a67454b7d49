"""Matching API shapes."""

from __future__ import annotations

import builtins
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
    code: str
    title: str
    list: str
    score: float
    matched_terms: builtins.list[str]  # `list` is a field name here


class MatchResult(BaseModel):
    county: str
    catalog_version: str
    matches: list[MatchRead]
