"""Period and result API shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from grassroots.common.events.evaluation import Direction


class PeriodClose(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"direction": "department_rates_township"}]}
    )

    direction: Direction


class PeriodRead(BaseModel):
    county: str
    year: int
    direction: Direction
    closed_at: datetime
    orgs: int


class IndicatorResult(BaseModel):
    code: str
    name: str
    weight: float
    source: str
    metric: str | None
    normalisation: str
    raw: float | None
    score: float | None  # None: no data (无数据)
    points: float | None
    numerator: float | None = None
    denominator: float | None = None


class ResultRead(BaseModel):
    org: str
    year: int
    direction: Direction
    total: float | None  # None: left out for want of data (grade 无数据)
    grade: str
    rank: int | None
    indicators: list[IndicatorResult]


class RatingsExplained(BaseModel):
    """Ratings without their raters (匿名): how many and which scores."""

    count: int
    scores: list[float]
    mean: float | None


class EventExplained(BaseModel):
    ce_id: str
    ce_type: str
    month: int
    numerator: float
    denominator: float


class IndicatorExplained(IndicatorResult):
    events: list[EventExplained] = []
    ratings: RatingsExplained | None = None
    how: str


class Explanation(BaseModel):
    org: str
    year: int
    direction: Direction
    total: float | None
    grade: str
    rank: int | None
    pay_linked_share: float
    indicators: list[IndicatorExplained]
