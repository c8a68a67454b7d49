"""Run a service in-process for tests: migrated database, lifespan started, an httpx client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.settings import ServiceSettings


def settings_for(
    cls: type[ServiceSettings], database_url: str, bootstrap: str | None, **overrides: Any
) -> ServiceSettings:
    """Settings for a service under test (messaging off when no broker is given)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "env": "test",
        "kafka_bootstrap_servers": bootstrap or "127.0.0.1:1",
        "messaging_enabled": bootstrap is not None,
        "kafka_topic_partitions": 3,
        "kafka_request_timeout_ms": 3000,
        "outbox_poll_ms": 50,
        "consumer_retry_base_ms": 10,
        "consumer_max_attempts": 3,
    }
    values.update(overrides)
    return cls(**values)


def auth(settings: ServiceSettings, *roles: str, org: str, **kwargs: Any) -> dict[str, str]:
    """An Authorization header for a dev token."""
    return {
        "Authorization": f"Bearer {mint_dev_token(settings, roles=list(roles), org=org, **kwargs)}"
    }


@asynccontextmanager
async def running_app(spec: ServiceSpec) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """Migrates, starts the lifespan (relay, consumer), and yields the app with a client."""
    await upgrade_async(spec.migrations, spec.settings.database_url)
    app = create_service_app(spec)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield app, client


TokenFactory = Callable[..., dict[str, str]]


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 30.0) -> None:
    """Waits until `check()` is true (polling), or fails the test after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not reached within {within} s")
        await asyncio.sleep(0.1)
