"""The enforcement service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import ADMISSION_TOPIC, GRID_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.grid import GridEventReferred
from grassroots.enforcement.cases.consumers import on_grid_event_referred
from grassroots.enforcement.cases.router import router as cases_router
from grassroots.enforcement.cases.rules import CASE
from grassroots.enforcement.cases.scans import overdue_loop
from grassroots.enforcement.items.router import router as items_router
from grassroots.enforcement.ledgers.router import router as ledgers_router
from grassroots.enforcement.logs.checkpoints import checkpoint_loop
from grassroots.enforcement.logs.router import router as logs_router
from grassroots.enforcement.officers.router import router as officers_router
from grassroots.enforcement.patrols.router import router as patrols_router
from grassroots.enforcement.settings import EnforcementSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: EnforcementSettings | None = None) -> ServiceSpec:
    """What enforcement is made of."""
    settings = settings or EnforcementSettings()
    return ServiceSpec(
        name="enforcement",
        title="Grassroots Enforcement (乡镇综合行政执法)",
        description="Township comprehensive enforcement cases under the Administrative Penalty Law, hash-chained enforcement logs, ledgers.",
        settings=settings,
        migrations=MIGRATIONS,
        routers=[
            items_router,
            officers_router,
            cases_router,
            patrols_router,
            logs_router,
            ledgers_router,
        ],
        handlers={
            CatalogPublished: catalog_versions.on_catalog_published,
            GridEventReferred: on_grid_event_referred(settings.policy),
        },
        consumes=[ADMISSION_TOPIC, GRID_TOPIC],
        background=[overdue_loop, checkpoint_loop],
        lifecycles=(CASE,),
        # the service role may only INSERT into and SELECT from these (grassroots-migrate)
        append_only=("enforcement_log", "enforcement_log_checkpoints"),
        openapi_tags=[
            {"name": "items", "description": "执法事项 delegated by the active catalog"},
            {"name": "officers", "description": "执法人员 and their certificates"},
            {
                "name": "cases",
                "description": "案件 through the states of the Administrative Penalty Law",
            },
            {
                "name": "logs",
                "description": "执法日志, hash-chained per township, with signed checkpoints "
                "kept by a witness outside this database",
            },
            {"name": "ledgers", "description": "台账 per township and month, CSV/XLSX"},
        ],
    )


def create_app(settings: EnforcementSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
