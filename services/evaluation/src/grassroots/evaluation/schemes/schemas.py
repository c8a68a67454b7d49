"""Scheme API shapes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from grassroots.common.events.evaluation import Direction

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
OrgCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{12,18}$")]


class IndicatorIn(BaseModel):
    """One indicator: weight, source (a metric or ratings) and, for townships, its duty items."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Annotated[str, Field(min_length=1, max_length=100)]
    weight: Annotated[float, Field(gt=0, le=100)]
    source: Literal["metric", "rating"]
    metric: Code | None = None
    normalisation: Literal["rate", "relative"] = Field(
        "rate", description="rate: the rate × 100; relative: against the best org (= 100)"
    )
    no_data: Literal["skip", "exclude"] | None = Field(
        None,
        description=(
            "an org without data on this indicator has no score on it (无数据, never full marks): "
            "skip — it is ranked on its other indicators, their weights scaled to the whole; "
            "exclude — it gets no total, grade or rank; null — the policy's default (skip)"
        ),
    )
    duty_item_codes: Annotated[list[Code], Field(max_length=200)] = []
    rater_orgs: Annotated[list[OrgCode], Field(max_length=100)] = Field(
        [], description="orgs allowed to rate this indicator (e.g. a 片区协调组); empty = all"
    )


class SchemeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "year": 2026,
                    "direction": "department_rates_township",
                    "indicators": [
                        {
                            "code": "grid",
                            "name": "网格事件按时办结",
                            "weight": 60,
                            "source": "metric",
                            "metric": "twp.grid_closed_on_time",
                            "duty_item_codes": ["T-B-001"],
                        },
                        {
                            "code": "rating",
                            "name": "部门评价",
                            "weight": 40,
                            "source": "rating",
                            "duty_item_codes": ["T-B-002"],
                        },
                    ],
                }
            ]
        },
    )

    year: Annotated[int, Field(ge=2000, le=2100)]
    direction: Direction
    indicators: Annotated[list[IndicatorIn], Field(min_length=1, max_length=100)]


class SchemeReplace(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicators: Annotated[list[IndicatorIn], Field(min_length=1, max_length=100)]


class SchemeRead(BaseModel):
    id: str
    county: str
    year: int
    direction: Direction
    version: int
    frozen: bool
    indicators: list[IndicatorIn]
