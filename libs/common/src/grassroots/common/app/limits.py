"""Request bodies have a size limit, enforced before a byte is read past it: 413 problem+json.

Small by default (`MAX_BODY_BYTES`, 1 MiB); a service names the routes that take more (a catalog,
a grid layer) in `ServiceSpec.body_limits`, path prefix → bytes, each overridable in settings
(`BODY_LIMITS`, JSON: {"/v1/layers": 67108864}). A declared Content-Length over the limit is
refused before the app runs (so before authentication); a chunked body is counted as it
arrives and cut off at the limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from grassroots.common.codes import TOO_LARGE
from grassroots.common.problems import PROBLEM_JSON, ProblemError


def _problem(limit: int) -> bytes:
    problem = ProblemError(TOO_LARGE, None, f"此接口的请求体不得超过 {limit} 字节")
    return json.dumps(problem.body(), ensure_ascii=False).encode()


class BodyLimitMiddleware:
    """Refuses bodies over the route's limit with 413 before reading them."""

    def __init__(self, app: ASGIApp, default: int, limits: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        # longest prefix first, so /v1/layers/merge may differ from /v1/layers
        self.limits = sorted(limits.items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # answered by the app's handlers as 413 problem+json
                    raise HTTPException(413, f"此接口的请求体不得超过 {limit} 字节")
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        body = _problem(limit)
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
