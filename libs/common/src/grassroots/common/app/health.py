"""/livez, /readyz and /metrics: open, never behind auth."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from grassroots.common.auth.access import Access

router = APIRouter(tags=["operations"])
OPEN = Access(public=True, note="health and metrics: no token, no data")


@router.get("/livez", summary="The process is alive (checks nothing else)", **OPEN.route())
async def livez() -> dict[str, str]:
    return {"status": "alive"}


@router.get(
    "/readyz",
    summary="Database, broker, consumer and the service's own parts: ready, degraded or not ready (503)",
    **OPEN.route(),
)
async def readyz(request: Request) -> JSONResponse:
    runtime = request.app.state.runtime
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(runtime.database.ping(), 2.0)
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - reported, not raised
        checks["database"] = "unavailable"
    if runtime.settings.messaging_enabled:
        checks["broker"] = "ok" if await runtime.link.healthy() else "unavailable"
        if runtime.consumer is not None:
            alive = "consumer" in runtime.tasks and not runtime.tasks["consumer"].done()
            checks["consumer"] = "ok" if alive else "stopped"
    details = {name: why for name, probe in runtime.spec.degradations.items() if (why := probe())}
    checks |= {name: "degraded" if name in details else "ok" for name in runtime.spec.degradations}
    dead = runtime.dead_tasks()
    if checks["database"] != "ok" or checks.get("consumer") == "stopped" or dead:
        status, code = "not_ready", 503
    elif checks.get("broker") == "unavailable" or details:
        status, code = "degraded", 200  # writes go on into the outbox; matching goes on lexically
    else:
        status, code = "ready", 200
    body = {"status": status, "service": runtime.settings.service_name, "checks": checks}
    if details:
        body["details"] = details
    if dead:
        body["dead_tasks"] = dead
    return JSONResponse(body, status_code=code)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response, **OPEN.route())
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
