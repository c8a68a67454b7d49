"""The grid service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import ADMISSION_TOPIC, ENFORCEMENT_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.grid.settings import GridSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: GridSettings | None = None) -> ServiceSpec:
    """What grid is made of."""
    return ServiceSpec(
        name="grid",
        title="Grassroots Grid (多网合一)",
        description="Merged grid management: layers merged into one comprehensive grid, point to grid, grid workers, grid events through a six-step closed loop, whistles to departments, an Open311 facade.",
        settings=settings or GridSettings(),
        migrations=MIGRATIONS,
        routers=[],
        handlers={CatalogPublished: catalog_versions.on_catalog_published},
        consumes=[ADMISSION_TOPIC, ENFORCEMENT_TOPIC],
    )


def create_app(settings: GridSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
