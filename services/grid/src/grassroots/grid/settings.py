"""Settings of grid: env prefix GRID_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.settings import ServiceSettings

DEFAULT_CATEGORIES = {
    "environment": "环境卫生",
    "public_safety": "治安隐患",
    "dispute": "矛盾纠纷",
    "work_safety": "安全生产",
    "illegal_building": "违法建设",
    "forest_fire": "森林防火",
    "road_facility": "道路设施",
    "food_drug": "食品药品",
}


class Open311Client(BaseModel):
    """The service principal an Open311 api_key stands for."""

    sub: str
    org: str
    county: str


class GridSettings(ServiceSettings):
    """grid's settings; e.g. GRID_DATABASE_URL, GRID_PORT, GRID_OPEN311_API_KEYS (JSON)."""

    model_config = SettingsConfigDict(env_prefix="GRID_", extra="ignore", populate_by_name=True)

    service_name: str = "grid"
    port: int = 8002
    database_url: str = "sqlite+aiosqlite:///var/grid.db"
    event_categories: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    open311_api_keys: dict[str, Open311Client] = Field(default_factory=dict)
    overdue_scan_seconds: float = 30.0
    whistle_default_hours: int = 24


# a route's settings: `settings: SettingsDep`
SettingsDep = Annotated[GridSettings, Depends(settings_of(GridSettings))]
