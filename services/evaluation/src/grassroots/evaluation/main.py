"""The evaluation service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import (
    ADMISSION_TOPIC,
    ENFORCEMENT_TOPIC,
    EVALUATION_TOPIC,
    GRID_TOPIC,
)
from grassroots.common.events.admission import CatalogPublished
from grassroots.evaluation.settings import EvaluationSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: EvaluationSettings | None = None) -> ServiceSpec:
    """What evaluation is made of."""
    return ServiceSpec(
        name="evaluation",
        title="Grassroots Evaluation (双向考核)",
        description="Two-way township-department evaluation built from the events of the other services, explainable to the point and replayable.",
        settings=settings or EvaluationSettings(),
        migrations=MIGRATIONS,
        routers=[],
        handlers={CatalogPublished: catalog_versions.on_catalog_published},
        consumes=[ADMISSION_TOPIC, GRID_TOPIC, ENFORCEMENT_TOPIC, EVALUATION_TOPIC],
    )


def create_app(settings: EvaluationSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
