"""Settings of grid: env prefix GRID_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from grassroots.common.settings import ServiceSettings


class GridSettings(ServiceSettings):
    """grid's settings; e.g. GRID_DATABASE_URL, GRID_PORT."""

    model_config = SettingsConfigDict(env_prefix="GRID_", extra="ignore", populate_by_name=True)

    service_name: str = "grid"
    port: int = 8002
    database_url: str = "sqlite+aiosqlite:///var/grid.db"
