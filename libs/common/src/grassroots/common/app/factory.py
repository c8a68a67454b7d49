"""`create_service_app(spec)`: the one way a Grassroots service becomes a FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from grassroots.common.app import collector
from grassroots.common.app.errors import install_error_handlers
from grassroots.common.app.health import router as health_router
from grassroots.common.app.idempotency import IdempotencyMiddleware
from grassroots.common.app.limits import BodyLimitMiddleware
from grassroots.common.app.logs import configure_logging
from grassroots.common.app.middleware import RequestContextMiddleware
from grassroots.common.app.problem_docs import with_problems
from grassroots.common.app.runtime import Runtime, ServiceSpec
from grassroots.common.auth.access import Access, Grant
from grassroots.common.auth.deps import PrincipalDep
from grassroots.common.auth.principal import ROLES

whoami = APIRouter(tags=["auth"])


ANYONE = Access(Grant(ROLES, "anyone"))


@whoami.get(
    "/v1/me", summary="The caller as the service sees it (checks a token)", **ANYONE.route()
)
async def me(principal: PrincipalDep) -> dict[str, object]:
    return {
        "sub": principal.sub,
        "org": principal.org,
        "roles": sorted(principal.roles),
        "county": principal.county,
    }


def create_service_app(spec: ServiceSpec) -> FastAPI:
    """A FastAPI app with health, metrics, problem+json, auth, idempotency and its runtime."""
    configure_logging(spec.settings.log_level)
    runtime = Runtime(spec)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        collector.after_startup()
        try:
            yield
        finally:
            await runtime.stop()

    # Swagger UI (/docs) and ReDoc (/redoc) from files inside the package: no CDN needed
    app = FastAPIOffline(
        title=spec.title,
        description=spec.description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=spec.openapi_tags or None,
    )
    generate = app.openapi

    def openapi() -> dict[str, Any]:  # every route's error answers, from the code registry
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(spec.name, generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented extension point
    app.state.runtime = runtime
    app.state.database = runtime.database
    app.state.authenticator = runtime.authenticator
    app.state.settings = spec.settings
    install_error_handlers(app)
    app.add_middleware(IdempotencyMiddleware)
    limits = {**spec.body_limits, **spec.settings.body_limits}
    app.add_middleware(BodyLimitMiddleware, default=spec.settings.max_body_bytes, limits=limits)
    app.add_middleware(RequestContextMiddleware, service=spec.settings.service_name)
    app.include_router(health_router)
    app.include_router(whoami)
    for router in spec.routers:
        app.include_router(router)
    return app
