"""Settings of evaluation: env prefix EVALUATION_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends
from pydantic import BaseModel, Field, model_validator
from pydantic_settings import SettingsConfigDict

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.settings import ServiceSettings
from grassroots.common.transparency.checkpoints import PublicKeyB64

# The public key of enforcement's built-in dev signing seed (`DEV_LOG_SEED` in
# grassroots.enforcement.settings): what the witness trusts in dev and tests, refused in prod.
DEV_LOG_PUBLIC_KEY = "av4fOHKe8jslqr7+cGQTjUA2nOXvewd01Q0tixkxcF0="


class EvaluationPolicy(BaseModel):
    """Policy values of the county's 考核办, with their documented defaults.

    - indicator_cap: at most this many indicators per scheme (大冶: 村级考核事项 25 → 10).
    - grade_thresholds: minimum total per grade, best first; below the last is 较差.
    - pay_linked_share: share of pay linked to the result (大冶: 个人报酬的 30% 作为绩效).
    - inspection_cap_per_township: approved inspection plans per township and year.
    - no_data: what an indicator with no data for an org (no rating, no denominator, no event)
      does to its result, for the indicators whose scheme declares nothing: `skip` (default) —
      the org has no score on it and is ranked on the indicators it has data for, their weights
      scaled to the whole; `exclude` — the org gets no total, no grade and no rank. Never a score.
    """

    indicator_cap: int = Field(10, ge=1)
    grade_thresholds: dict[str, float] = Field(
        default_factory=lambda: {"优秀": 90.0, "良好": 80.0, "一般": 60.0}
    )
    lowest_grade: str = "较差"
    pay_linked_share: float = Field(0.30, ge=0, le=1)
    inspection_cap_per_township: int = Field(4, ge=0)
    no_data: Literal["skip", "exclude"] = "skip"


class EvaluationSettings(ServiceSettings):
    """evaluation's settings; e.g. EVALUATION_DATABASE_URL, EVALUATION_PORT, EVALUATION_POLICY."""

    model_config = SettingsConfigDict(
        env_prefix="EVALUATION_", extra="ignore", populate_by_name=True
    )

    service_name: str = "evaluation"
    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///var/evaluation.db"
    policy: EvaluationPolicy = Field(default_factory=EvaluationPolicy)
    # EVALUATION_WITNESS_PUBLIC_KEYS='["<base64 raw Ed25519 public key>", ...]': the keys the
    # witness trusts for enforcement's log checkpoints (the current one and any older one still
    # verifying old checkpoints; `grassroots-log-key` prints a key's public half).
    witness_public_keys: list[PublicKeyB64] = Field(
        default_factory=lambda: [DEV_LOG_PUBLIC_KEY],
        min_length=1,
        description="base64 raw Ed25519 public keys of enforcement's log signing keys",
    )

    @model_validator(mode="after")
    def _refuse_dev_witness_key_in_prod(self) -> EvaluationSettings:
        if self.env == "prod" and DEV_LOG_PUBLIC_KEY in self.witness_public_keys:
            raise ValueError(
                "GRASSROOTS_ENV=prod needs EVALUATION_WITNESS_PUBLIC_KEYS: the built-in dev key "
                "is trusted for nothing in production"
            )
        return self


# a route's settings: `settings: SettingsDep`
SettingsDep = Annotated[EvaluationSettings, Depends(settings_of(EvaluationSettings))]
