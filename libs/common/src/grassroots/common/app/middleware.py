"""Request ids, request duration metrics, and waking the outbox relay after writes."""

from __future__ import annotations

import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from grassroots.common.app.logs import request_id_var
from grassroots.common.metrics import HTTP_DURATION

_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class RequestContextMiddleware:
    """Sets X-Request-ID (kept from the caller if sane), times the request by route and status."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if 0 < len(given) <= 64 and given.isprintable() else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            HTTP_DURATION.labels(self.service, scope["method"], template, str(status)).observe(
                time.perf_counter() - started
            )
            if scope["method"] in _WRITES and status < 400:
                runtime = getattr(scope["app"].state, "runtime", None)
                if runtime is not None:
                    runtime.wake_relay()
