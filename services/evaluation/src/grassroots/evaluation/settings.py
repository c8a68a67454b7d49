"""Settings of evaluation: env prefix EVALUATION_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from grassroots.common.settings import ServiceSettings


class EvaluationSettings(ServiceSettings):
    """evaluation's settings; e.g. EVALUATION_DATABASE_URL, EVALUATION_PORT."""

    model_config = SettingsConfigDict(
        env_prefix="EVALUATION_", extra="ignore", populate_by_name=True
    )

    service_name: str = "evaluation"
    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///var/evaluation.db"
