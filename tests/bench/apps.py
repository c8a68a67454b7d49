"""The two apps the write benchmark compares (uvicorn factories; settings from the environment).

- `baseline`: a bare FastAPI endpoint doing one asyncpg INSERT (DESIGN §10's yardstick);
- `suite`: the same write through the suite's factory: JWT auth, the session-per-request
  transaction, an audit row and an outbox event (the relay off, so only the request path counts).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import asyncpg
from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel

from grassroots.common import audit
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.common.events.admission import DemandReceived
from grassroots.common.messaging.outbox import add_event
from grassroots.common.settings import ServiceSettings

MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "services/task-admission/src/grassroots/task_admission/migrations"
)


class Receipt(BaseModel):
    demand_id: str
    org: str


def baseline() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(os.environ["BENCH_ASYNCPG_DSN"], max_size=10)
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/receipts", status_code=201)
    async def create(body: Receipt, request: Request) -> dict[str, int]:
        row = await request.app.state.pool.fetchrow(
            "INSERT INTO bench_receipts (demand_id, org) VALUES ($1, $2) RETURNING id",
            body.demand_id,
            body.org,
        )
        return {"id": row["id"]}

    return app


router = APIRouter()


@router.post("/receipts", status_code=201)
async def receive(body: Receipt, session: SessionDep, principal: PrincipalDep) -> dict[str, str]:
    principal.require_any("village_operator")
    event = DemandReceived(
        demand_id=body.demand_id,
        county="990101000000",
        submitter="11990101MB00000006",
        kind="task",
        org=body.org,
    )
    envelope = add_event(session, event)
    audit.record(
        session,
        principal,
        entity="demand",
        entity_id=body.demand_id,
        action="receive",
        changes={"org": body.org, "on": date.today().isoformat()},
    )
    return {"ce_id": envelope.id}


def suite() -> FastAPI:
    settings = ServiceSettings(service_name="bench", messaging_enabled=False, env="test")
    return create_service_app(
        ServiceSpec(
            name="bench",
            title="bench",
            description="",
            settings=settings,
            migrations=MIGRATIONS,
            routers=[router],
        )
    )
