"""Metric API shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class MetricMonth(BaseModel):
    month: int
    numerator: float
    denominator: float
    value: float | None


class MetricRead(BaseModel):
    """One metric of one org for a year: per month and the year's total (the value is a rate
    for rate metrics, the numerator for sums; None with no denominator)."""

    metric: str
    name: str
    kind: str
    higher_is_better: bool
    numerator: float
    denominator: float
    value: float | None
    months: list[MetricMonth]


class MetricsPage(BaseModel):
    org: str
    year: int
    metrics: list[MetricRead]


class RankingRow(BaseModel):
    org: str
    name: str
    numerator: float
    denominator: float
    value: float | None
    rank: int | None


class Ranking(BaseModel):
    """Every org of the county on one metric in a year or a month (e.g. 三率 monthly ranking)."""

    metric: str
    year: int
    month: int | None
    rows: list[RankingRow]


class MetricDefinitionRead(BaseModel):
    """What a metric counts, whose it is and which way is better."""

    code: str
    name: str
    subject: str
    kind: str
    higher_is_better: bool
    definition: str
    definition_zh: str = Field(description="口径: what the metric counts, in Chinese")
