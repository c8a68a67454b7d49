"""County admission policy API shape."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PolicyWrite(BaseModel):
    """A county's admission policy (defaults: review exceptions only, 5 working days)."""

    model_config = ConfigDict(extra="forbid")

    review_mode: Literal["all", "exceptions"] = "exceptions"
    min_deadline_working_days: int = Field(5, ge=0, le=60)
    min_clarity_chars: int = Field(6, ge=1, le=200)
    match_min_score: float = Field(0.35, ge=0, le=1)
    disguise_margin: float = Field(0.05, ge=0, le=1)
    max_deadline_years: int = Field(
        3, ge=1, le=10, description="a deadline further ahead is refused (E-DEADLINE-HORIZON)"
    )


class PolicyRead(PolicyWrite):
    county: str
