"""Settings of enforcement: env prefix ENFORCEMENT_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from grassroots.common.settings import ServiceSettings
from grassroots.enforcement.policy import Policy


class EnforcementSettings(ServiceSettings):
    """enforcement's settings; e.g. ENFORCEMENT_DATABASE_URL, ENFORCEMENT_PORT."""

    model_config = SettingsConfigDict(
        env_prefix="ENFORCEMENT_", extra="ignore", populate_by_name=True
    )

    service_name: str = "enforcement"
    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///var/enforcement.db"
    policy: Policy = Field(default_factory=Policy)
    overdue_scan_seconds: float = Field(60.0, gt=0, description="pause between overdue scans")
