"""The enforcement service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import ADMISSION_TOPIC, GRID_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.enforcement.settings import EnforcementSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: EnforcementSettings | None = None) -> ServiceSpec:
    """What enforcement is made of."""
    return ServiceSpec(
        name="enforcement",
        title="Grassroots Enforcement (乡镇综合行政执法)",
        description="Township comprehensive enforcement cases under the Administrative Penalty Law, hash-chained enforcement logs, ledgers.",
        settings=settings or EnforcementSettings(),
        migrations=MIGRATIONS,
        routers=[],
        handlers={CatalogPublished: catalog_versions.on_catalog_published},
        consumes=[ADMISSION_TOPIC, GRID_TOPIC],
    )


def create_app(settings: EnforcementSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
