"""Settings of evaluation: env prefix EVALUATION_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict

from grassroots.common.settings import ServiceSettings


class EvaluationPolicy(BaseModel):
    """Policy values of the county's 考核办, with their documented defaults.

    - indicator_cap: at most this many indicators per scheme (大冶: 村级考核事项 25 → 10).
    - grade_thresholds: minimum total per grade, best first; below the last is 较差.
    - pay_linked_share: share of pay linked to the result (大冶: 个人报酬的 30% 作为绩效).
    - inspection_cap_per_township: approved inspection plans per township and year.
    - no_data_score: score of an indicator with no data for an org (no events, no ratings):
      nothing counts against it.
    """

    indicator_cap: int = Field(10, ge=1)
    grade_thresholds: dict[str, float] = Field(
        default_factory=lambda: {"优秀": 90.0, "良好": 80.0, "一般": 60.0}
    )
    lowest_grade: str = "较差"
    pay_linked_share: float = Field(0.30, ge=0, le=1)
    inspection_cap_per_township: int = Field(4, ge=0)
    no_data_score: float = Field(100.0, ge=0, le=100)


class EvaluationSettings(ServiceSettings):
    """evaluation's settings; e.g. EVALUATION_DATABASE_URL, EVALUATION_PORT, EVALUATION_POLICY."""

    model_config = SettingsConfigDict(
        env_prefix="EVALUATION_", extra="ignore", populate_by_name=True
    )

    service_name: str = "evaluation"
    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///var/evaluation.db"
    policy: EvaluationPolicy = Field(default_factory=EvaluationPolicy)
