"""The evaluation service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

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
from grassroots.common.events.base import EVENT_TYPES, EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.consumer import Handler, Handlers
from grassroots.evaluation.inspection_plans.router import router as plans_router
from grassroots.evaluation.inspection_plans.rules import PLAN
from grassroots.evaluation.metrics.consumers import HANDLERS as METRIC_HANDLERS
from grassroots.evaluation.metrics.router import router as metrics_router
from grassroots.evaluation.periods.router import router as periods_router
from grassroots.evaluation.periods.rules import PERIOD
from grassroots.evaluation.ratings.router import router as ratings_router
from grassroots.evaluation.replay.archive import archived
from grassroots.evaluation.replay.router import router as replay_router
from grassroots.evaluation.schemes.router import router as schemes_router
from grassroots.evaluation.schemes.rules import SCHEME
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.evaluation.witness.consumers import handlers as witness_handlers
from grassroots.evaluation.witness.router import router as witness_router

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# the app role may only INSERT into and SELECT from these (a trigger refuses the rest too)
APPEND_ONLY = ("witness_appended", "witness_checkpoints", "consumed_events")


async def ignore(session: AsyncSession, event: EventPayload, envelope: Envelope) -> None:
    """A registered event this service has no use for: known, so not counted as unknown."""


def handlers(settings: EvaluationSettings | None = None) -> Handlers:
    """Every consumed event type and its handler (the live consumer and the replay share it).

    Each real handler archives its event first (`replay.archive`, same transaction). Registered
    types without a projection get `ignore` (not archived), so that only types this build has
    never heard of are skipped and counted as unknown.
    """
    settings = settings or EvaluationSettings()
    real: dict[type[EventPayload], Handler] = {
        CatalogPublished: catalog_versions.on_catalog_published,
        **METRIC_HANDLERS,
        **witness_handlers(settings.witness_public_keys),
    }
    known = {cls: archived(handler) for cls, handler in real.items()}
    for cls in EVENT_TYPES.values():
        known.setdefault(cls, ignore)
    return known


def spec(settings: EvaluationSettings | None = None) -> ServiceSpec:
    """What evaluation is made of."""
    settings = settings or EvaluationSettings()
    return ServiceSpec(
        name="evaluation",
        title="Grassroots Evaluation (双向考核)",
        description="Two-way township-department evaluation built from the events of the other services, explainable to the point and replayable.",
        settings=settings,
        migrations=MIGRATIONS,
        routers=[
            metrics_router,
            schemes_router,
            ratings_router,
            periods_router,
            plans_router,
            replay_router,
            witness_router,
        ],
        handlers=handlers(settings),
        consumes=[ADMISSION_TOPIC, GRID_TOPIC, ENFORCEMENT_TOPIC, EVALUATION_TOPIC],
        lifecycles=(PLAN, SCHEME, PERIOD),
        append_only=APPEND_ONLY,
        consumer_loop_of_its_own=True,  # every write of the suite reaches it; dashboards read
    )


def create_app(settings: EvaluationSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    return create_service_app(spec(settings))
