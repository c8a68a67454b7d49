"""Helpers of the log tests: patrols, checkpoints, the insider's connection, and a stand-in
for the evaluation service's witness: it keeps every `log.checkpointed` and
`log.appended` it is shown (as evaluation would from the topic, in its own database) and serves
them under the witness contract enforcement's verify calls."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
from enforcementtest_factories import Actors, ago
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.plumbing import OutboxRow
from grassroots.enforcement.logs import chain, service
from grassroots.enforcement.logs.models import LogEntry
from grassroots.enforcement.logs.witness import Witness
from grassroots.enforcement.main import spec
from grassroots.enforcement.settings import EnforcementSettings
from grassroots.testkit.apps import running_app, settings_for

WITNESS_URL = "http://witness.test"
KINDS = ("log.appended.v1", "log.checkpointed.v1")
TABLES = ("enforcement_log", "enforcement_log_checkpoints")
SIZES = (3, 7, 10)
CHECKPOINT_FIELDS = ("origin", "tree_size", "root_hash", "time", "key_id", "signature")


class FakeWitness:
    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.checkpoints: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.appended: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.authorizations: list[str | None] = []
        self.down = False  # answers 503 (or raises, with `unreachable`)
        self.unreachable = False
        self.app = FastAPI()

        @self.app.get("/v1/witness/logs/{township}/checkpoints")
        async def checkpoints(township: str, request: Request) -> Any:
            return self._answer(request, self.checkpoints[township])

        @self.app.get("/v1/witness/logs/{township}/appended")
        async def appended(township: str, request: Request) -> Any:
            return self._answer(request, self.appended[township])

    def _answer(self, request: Request, items: list[dict[str, Any]]) -> Any:
        self.authorizations.append(request.headers.get("authorization"))
        if self.down:
            return JSONResponse({"detail": "down"}, status_code=503)
        return {"items": items}

    def client(self) -> Witness:
        witness = self

        class Transport(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                if witness.unreachable:
                    raise httpx.ConnectError("connection refused", request=request)
                return await httpx.ASGITransport(app=witness.app).handle_async_request(request)

        return Witness(WITNESS_URL, transport=Transport())

    async def observe(self, app: Any) -> int:
        """Takes in every log event of enforcement's outbox it has not seen yet (the topic)."""
        async with app.state.database.transaction() as session:
            rows = (
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.ce_type.in_(KINDS)).order_by(OutboxRow.id)
                )
            ).all()
        new = 0
        for row in rows:
            if row.ce_id in self.seen:
                continue
            self.seen.add(row.ce_id)
            new += 1
            data = json.loads(row.payload)
            if row.ce_type == "log.appended.v1":
                self.appended[data["township"]].append(
                    {"seq": data["seq"], "entry_hash": data["entry_hash"]}
                )
            else:
                self.checkpoints[data["township"]].append({k: data[k] for k in CHECKPOINT_FIELDS})
        return new


@asynccontextmanager
async def witnessed_app(settings: Any, witness: FakeWitness | None):
    """enforcement on `settings`, verifying against `witness` when given."""
    if witness is not None:
        settings = settings.model_copy(update={"witness_url": WITNESS_URL})
    async with running_app(spec(settings)) as (app, client):
        if witness is not None:
            app.state.witness = witness.client()
        yield app, client


async def patrol(client, actors, n: int) -> dict[str, Any]:
    body = {
        "township": actors.township,
        "kind": "patrol",
        "at": (ago(1) + timedelta(minutes=n)).isoformat(),
        "place": f"石桥村第{n}段",
        "officers": [],
        "observed": f"巡查第{n}次,未见异常",
    }
    response = await client.post("/v1/logs", json=body, headers=actors.officer())
    assert response.status_code == 201, response.text
    return dict(response.json())


async def checkpoint(client, actors) -> Any:
    return await client.post(
        "/v1/logs/checkpoints", params={"township": actors.township}, headers=actors.supervisor
    )


async def build(app, client, witness: FakeWitness, n: int = 10, sizes=SIZES) -> Actors:
    actors = Actors(app)
    for seq in range(1, n + 1):
        await patrol(client, actors, seq)
        if seq in sizes:
            assert (await checkpoint(client, actors)).status_code == 201
    await witness.observe(app)
    return actors


def base_settings(database_url: str, **over: Any) -> EnforcementSettings:
    return settings_for(  # type: ignore[return-value]
        EnforcementSettings,
        database_url,
        None,
        **{"overdue_scan_seconds": 3600, "checkpoint_seconds": 3600, **over},
    )


@asynccontextmanager
async def insider(app) -> AsyncIterator[AsyncSession]:
    """The owner's transaction, past the append-only triggers, which it enables again after."""
    postgres = app.state.database.dialect == "postgresql"
    async with app.state.database.transaction() as session:
        if postgres:
            for table in TABLES:
                await session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER ALL"))
        yield session
        if postgres:
            for table in TABLES:
                await session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER ALL"))


async def rows(session: AsyncSession) -> dict[int, LogEntry]:
    found = (await session.scalars(select(LogEntry).order_by(LogEntry.seq))).all()
    return {e.seq: e for e in found}


async def rechain(session: AsyncSession, start: int) -> None:
    """Edits entry `start` and recomputes every later link and hash, as a careful insider."""
    entries = await rows(session)
    prev = entries[start - 1].hash if start > 1 else chain.GENESIS
    for seq in sorted(s for s in entries if s >= start):
        entry = entries[seq]
        body = {**entry.body, "observed": "无异常(已改写)"} if seq == start else entry.body
        document = {**service.document_of(entry), "body": body, "prev_hash": prev}
        digest = chain.entry_hash(prev, document)
        await session.execute(
            update(LogEntry)
            .where(LogEntry.id == entry.id)
            .values(body=body, prev_hash=prev, hash=digest)
        )
        prev = digest
