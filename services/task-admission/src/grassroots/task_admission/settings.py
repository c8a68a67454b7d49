"""Settings of task-admission: env prefix TASK_ADMISSION_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends
from pydantic_settings import SettingsConfigDict

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.settings import ServiceSettings
from grassroots.task_admission.matching import dense


class TaskAdmissionSettings(ServiceSettings):
    """task-admission's settings; e.g. TASK_ADMISSION_DATABASE_URL, TASK_ADMISSION_PORT."""

    model_config = SettingsConfigDict(
        env_prefix="TASK_ADMISSION_", extra="ignore", populate_by_name=True
    )

    service_name: str = "task-admission"
    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///var/task_admission.db"
    overdue_scan_seconds: float = 60.0
    index_refresh_seconds: float = 60.0
    # matching: the sentence model (off: lexical scores only) and where item vectors are kept
    matching_model: bool = True
    matching_vectors_dir: Path = dense.DEFAULT_CACHE


# a route's settings: `settings: SettingsDep`
SettingsDep = Annotated[TaskAdmissionSettings, Depends(settings_of(TaskAdmissionSettings))]
