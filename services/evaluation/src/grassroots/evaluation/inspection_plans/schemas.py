"""Inspection plan API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Township = Annotated[str, Field(pattern=r"^\d{12}$")]


class PlanCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "森林防火专项督查",
                    "kind": "inspection",
                    "townships": ["990101101000"],
                    "window_start": "2026-03-01",
                    "window_end": "2026-03-31",
                }
            ]
        },
    )

    title: Annotated[str, Field(min_length=1, max_length=300)]
    kind: Literal["inspection", "check", "evaluation"] = Field(
        description="督查 inspection, 检查 check, 考核 evaluation"
    )
    townships: Annotated[list[Township], Field(min_length=1, max_length=200)]
    window_start: date
    window_end: date


class PlanDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str | None, Field(max_length=2000)] = None


class PlanRead(BaseModel):
    id: str
    county: str
    department: str
    title: str
    kind: str
    townships: list[str]
    window_start: date
    window_end: date
    year: int
    status: Literal["registered", "approved", "refused"]
    decided_at: datetime | None
    reason: str | None
