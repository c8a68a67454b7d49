"""The grid service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import ADMISSION_TOPIC, ENFORCEMENT_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.enforcement import CaseClosed, CaseTransferred
from grassroots.grid.events.consumers import on_case_closed, on_case_transferred
from grassroots.grid.events.router import router as events_router
from grassroots.grid.events.rules import GRID_EVENT
from grassroots.grid.grids.router import router as grids_router
from grassroots.grid.layers.router import router as layers_router
from grassroots.grid.open311.router import router as open311_router
from grassroots.grid.periodic import overdue_loop
from grassroots.grid.settings import GridSettings
from grassroots.grid.whistles.router import router as whistles_router
from grassroots.grid.whistles.rules import WHISTLE, WHISTLE_CALL
from grassroots.grid.workers.router import router as workers_router

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: GridSettings | None = None) -> ServiceSpec:
    """What grid is made of."""
    return ServiceSpec(
        name="grid",
        title="Grassroots Grid (多网合一)",
        description="Merged grid management: layers merged into one comprehensive grid, point to grid, grid workers, grid events through a six-step closed loop, whistles to departments, an Open311 facade.",
        settings=settings or GridSettings(),
        migrations=MIGRATIONS,
        routers=[
            layers_router,
            grids_router,
            workers_router,
            events_router,
            whistles_router,
            open311_router,
        ],
        handlers={
            CatalogPublished: catalog_versions.on_catalog_published,
            CaseClosed: on_case_closed,
            CaseTransferred: on_case_transferred,
        },
        consumes=[ADMISSION_TOPIC, ENFORCEMENT_TOPIC],
        background=[overdue_loop],
        lifecycles=(GRID_EVENT, WHISTLE, WHISTLE_CALL),
        # a township's layer (GeoJSON) and a batch of 100,000 points take more than the 1 MiB
        body_limits={"/v1/layers": 32 * 2**20, "/v1/grids/locate": 16 * 2**20},
    )


def create_app(settings: GridSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
