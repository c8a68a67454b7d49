"""A probe service built on the factory: one route that emits an event, one counting handler."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.common.db.plumbing import AuditRow
from grassroots.common.events import ADMISSION_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.outbox import add_event
from grassroots.common.settings import ServiceSettings
from grassroots.testkit.apps import running_app, settings_for

MIGRATIONS = (
    Path(__file__).resolve().parents[3]
    / "services/task-admission/src/grassroots/task_admission/migrations"
)
router = APIRouter()


class NoteIn(BaseModel):
    version: str


@router.post("/v1/notes", status_code=201)
async def create_note(body: NoteIn, session: SessionDep, principal: PrincipalDep) -> dict[str, str]:
    principal.require_any("catalog_admin")
    event = CatalogPublished(
        county="990101000000", version=body.version, effective_from=date(2026, 1, 1), document={}
    )
    envelope = add_event(session, event)
    return {"version": body.version, "ce_id": envelope.id}


async def count_seen(session: AsyncSession, event: CatalogPublished, envelope: Envelope) -> None:
    """Not idempotent on purpose: only the inbox keeps it from applying twice."""
    if event.version == "boom":
        raise RuntimeError("handler failure on purpose")
    if event.version.startswith("slow"):
        await asyncio.sleep(0.02)  # keeps a batch in flight long enough for a rebalance
    session.add(
        AuditRow(
            actor_sub="probe",
            actor_org="probe",
            actor_roles=[],
            request_id=None,
            entity="seen",
            entity_id=event.version,
            action="seen",
            changes={},
        )
    )


async def _seen_count(database) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).where(AuditRow.entity == "seen")) or 0)


def probe_spec(database_url: str, bootstrap: str | None, **overrides: object) -> ServiceSpec:
    settings = settings_for(
        ServiceSettings, database_url, bootstrap, service_name="probe", **overrides
    )
    return ServiceSpec(
        name="probe",
        title="probe",
        description="probe",
        settings=settings,
        migrations=MIGRATIONS,
        routers=[router],
        handlers={CatalogPublished: count_seen},
        consumes=[ADMISSION_TOPIC],
    )


@pytest.fixture
async def probe(database_url, kafka_broker) -> AsyncIterator:
    async with running_app(probe_spec(database_url, kafka_broker.bootstrap)) as (app, client):
        yield app, client


@pytest.fixture
async def offline_probe(sqlite_url) -> AsyncIterator:
    async with running_app(probe_spec(sqlite_url, None)) as (app, client):
        yield app, client


@pytest.fixture
def seen_count():
    """How many events the probe's handler applied."""
    return _seen_count


@pytest.fixture
def make_probe_spec():
    """Builds a probe service spec (several members of one group share a database)."""
    return probe_spec
