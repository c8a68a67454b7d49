"""`Idempotency-Key` on creating POSTs: a retry gets the first answer, never a second effect."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select, update
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from grassroots.common.app.errors import database_problem, problem_response
from grassroots.common.codes import (
    IDEMPOTENCY_ANSWER_LOST,
    IDEMPOTENCY_IN_PROGRESS,
    IDEMPOTENCY_KEY,
    IDEMPOTENCY_MISMATCH,
)
from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import CLAIM_SCOPE_KEY, COMMITTED, IdempotencyRow
from grassroots.common.db.session import Database
from grassroots.common.db.upsert import insert_ignore
from grassroots.common.problems import ProblemError

_KEPT_HEADERS = {b"content-type", b"location", b"etag"}
LEASE = timedelta(minutes=1)  # a claim older than this, with nothing committed, was abandoned


@dataclass
class _Captured:
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytearray = field(default_factory=bytearray)


class IdempotencyMiddleware:
    """Stores a POST's answer under (caller, path, key); replays it for the same request body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or ())
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        if scope["type"] != "http" or scope["method"] != "POST" or not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 200:
            problem = ProblemError(IDEMPOTENCY_KEY, "Idempotency-Key 过长（最多200字符）")
            await problem_response(problem)(scope, receive, send)
            return
        body = await _read_body(receive)
        state = scope["app"].state
        try:
            principal = await state.authenticator.principal(
                headers.get(b"authorization", b"").decode("latin-1") or None
            )
        except ProblemError:
            await self.app(scope, _replay(body, receive), send)  # the route answers 401 itself
            return
        ident = f"{principal.org}|{principal.sub}|{scope['path']}"
        digest = request_digest(body)
        database = state.runtime.database
        try:
            claim_id, stored = await _claim(database, ident, key, digest)
        except Exception as exc:
            if (unavailable := database_problem(exc)) is None:
                raise
            await problem_response(unavailable)(scope, receive, send)
            return
        if stored is not None:
            await _answer_stored(stored, digest, scope, receive, send)
            return
        scope[CLAIM_SCOPE_KEY] = claim_id  # the request's transaction marks it committed
        captured = _Captured()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured.status = message["status"]
                captured.headers = {
                    k.decode(): v.decode()
                    for k, v in message.get("headers", [])
                    if k.lower() in _KEPT_HEADERS
                }
            elif message["type"] == "http.response.body":
                captured.body += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), capture)
        finally:
            try:
                await _remember(database, claim_id, captured)
            except Exception as exc:  # the answer has left; a retry sees the claim's state
                if database_problem(exc) is None:
                    raise


def request_digest(body: bytes) -> str:
    """What a retry must repeat: the meaning of a JSON body (keys sorted, no insignificant
    whitespace, the same numbers and strings), or the bytes of any other body."""
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return hashlib.sha256(body).hexdigest()
    canonical = json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(b"json:" + canonical.encode()).hexdigest()


async def _claim(
    database: Database, ident: str, key: str, digest: str
) -> tuple[int, IdempotencyRow | None]:
    """Claims (scope, key) for this request, taking over a claim abandoned longer than the lease;
    returns the claim's id, or the stored row when another request owns or answered the key."""
    where = (IdempotencyRow.scope == ident, IdempotencyRow.key == key)
    async with database.transaction() as session:
        now = utcnow()
        await session.execute(  # a claim whose request died without committing anything
            delete(IdempotencyRow).where(
                *where, IdempotencyRow.status.is_(None), IdempotencyRow.created_at < now - LEASE
            )
        )
        values = {"scope": ident, "key": key, "request_hash": digest, "created_at": now}
        fresh = await insert_ignore(session, IdempotencyRow, values, ["scope", "key"])
        row = await session.scalar(select(IdempotencyRow).where(*where))
    assert row is not None
    return row.id, None if fresh else row


async def _answer_stored(
    stored: IdempotencyRow, digest: str, scope: Scope, receive: Receive, send: Send
) -> None:
    if stored.request_hash != digest:
        problem = ProblemError(IDEMPOTENCY_MISMATCH)
        await problem_response(problem)(scope, receive, send)
    elif stored.status is None:
        problem = ProblemError(IDEMPOTENCY_IN_PROGRESS)
        await problem_response(problem)(scope, receive, send)
    elif stored.status == COMMITTED:
        problem = ProblemError(
            IDEMPOTENCY_ANSWER_LOST,
        )
        await problem_response(problem)(scope, receive, send)
    else:
        headers = [(k.encode(), v.encode()) for k, v in (stored.headers or {}).items()]
        headers.append((b"idempotent-replayed", b"true"))
        await send({"type": "http.response.start", "status": stored.status, "headers": headers})
        await send({"type": "http.response.body", "body": (stored.body or "").encode()})


async def _remember(database: Database, claim_id: int, captured: _Captured) -> None:
    where = IdempotencyRow.id == claim_id
    async with database.transaction() as session:
        if captured.status >= 500:  # not an answer: the caller may retry for real, unless the
            # effect committed (then the row says so and a retry is told, not re-run)
            await session.execute(
                delete(IdempotencyRow).where(where, IdempotencyRow.status.is_(None))
            )
            return
        await session.execute(
            update(IdempotencyRow)
            .where(where)
            .values(
                status=captured.status,
                headers=captured.headers,
                body=captured.body.decode("utf-8", "replace"),
            )
        )


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes, original: Receive) -> Receive:
    """Hands the buffered body to the app once, then the real channel (for disconnects)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
