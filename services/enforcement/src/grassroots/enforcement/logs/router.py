"""Enforcement-log routes: the chain, its signed checkpoints, the exports an inspector verifies
offline, and verification against the witness (patrol entries: `patrols/router.py`)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from grassroots.common.db import SessionDep
from grassroots.common.db.base import utcnow
from grassroots.common.db.session import Database
from grassroots.common.problems import ProblemError
from grassroots.enforcement.access import (
    READ_CHECKPOINTS,
    READ_LOG,
    SEE_KEYS,
    SIGN_CHECKPOINT,
    VERIFY_LOG,
)
from grassroots.enforcement.codes import LOG_EMPTY, LOG_UNVERIFIED, WITNESS_UNAVAILABLE
from grassroots.enforcement.logs import checkpoints, repository, service
from grassroots.enforcement.logs.models import LogCheckpoint, LogEntry
from grassroots.enforcement.logs.schemas import (
    CheckpointPage,
    CheckpointRead,
    LogEntryRead,
    LogPage,
    PublicKeyList,
    PublicKeyRead,
    VerificationRead,
)
from grassroots.enforcement.logs.signing import keys_of
from grassroots.enforcement.logs.witness import WitnessUnavailable, witness_of
from grassroots.enforcement.settings import SettingsDep

router = APIRouter(prefix="/v1/logs", tags=["logs"])
Township = Annotated[str, Query(pattern=r"^\d{9}000$")]
NDJSON = "application/x-ndjson"
PAGE = 1000


@router.get(
    "", response_model=LogPage, summary="A township's log in chain order", **READ_LOG.route()
)
async def list_log(
    session: SessionDep,
    township: Township,
    after_seq: Annotated[int, Query(ge=0, le=2**31)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    case_id: Annotated[str | None, Query(max_length=40)] = None,
) -> LogPage:
    rows = await service.list_entries(
        session, township=township, after_seq=after_seq, limit=limit + 1, case_id=case_id
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return LogPage(
        items=[LogEntryRead.model_validate(r) for r in rows],
        next_after_seq=rows[-1].seq if more else None,
    )


def _lines(
    database: Database,
    fetch: Callable[[Any, int], Any],
    line: Callable[[Any], dict[str, Any]],
    position: Callable[[Any], int],
) -> AsyncIterator[bytes]:
    """JSON lines, a page per short transaction (the log only grows: pages join up)."""

    async def generate() -> AsyncIterator[bytes]:
        after = 0
        while True:
            async with database.transaction() as session:
                rows = await fetch(session, after)
            for row in rows:
                yield (json.dumps(line(row), ensure_ascii=False) + "\n").encode()
            if len(rows) < PAGE:
                return
            after = position(rows[-1])

    return generate()


_NDJSON_ENTRIES = {
    "description": "One entry a line (the hashed fields and `hash`): grassroots-verify-log --log",
    "content": {NDJSON: {}},
}
_NDJSON_CHECKPOINTS = {
    "description": "One checkpoint a line: grassroots-verify-log --checkpoints",
    "content": {NDJSON: {}},
}


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: _NDJSON_ENTRIES},
    summary="A township's whole log as JSON lines, for the offline verifier",
    **READ_LOG.route(),
)
async def export_log(
    request: Request, session: SessionDep, township: Township
) -> StreamingResponse:
    head = await repository.head(session, township)
    last = head[0] if head is not None else 0  # a snapshot: what was there when asked

    async def fetch(s: Any, after: int) -> Any:
        return await repository.entries(s, township, after_seq=after, limit=PAGE, up_to_seq=last)

    def position(row: LogEntry) -> int:
        return row.seq

    body = _lines(request.app.state.database, fetch, service.exported, position)
    name = f"enforcement-log-{township}.jsonl"
    return StreamingResponse(
        body, media_type=NDJSON, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post(
    "/checkpoints",
    status_code=201,
    response_model=CheckpointRead,
    responses={
        200: {"description": "Nothing grew: the latest checkpoint", "model": CheckpointRead}
    },
    summary="Sign a checkpoint of the township's log now",
    **SIGN_CHECKPOINT.route(),
)
async def issue_checkpoint(
    settings: SettingsDep, response: Response, session: SessionDep, township: Township
) -> CheckpointRead:
    keys = keys_of(settings)
    try:
        row, created = await checkpoints.issue(session, township=township, keys=keys, now=utcnow())
    except checkpoints.CheckpointRefused as refused:
        finding = refused.finding
        raise ProblemError(
            LOG_UNVERIFIED,
            None,
            finding.detail,
            finding=finding.code,
            first_bad_seq=finding.first_bad_seq,
        ) from None
    if row is None:
        raise ProblemError(LOG_EMPTY, None, township)
    if not created:
        response.status_code = 200
    return CheckpointRead.model_validate(row)


@router.get(
    "/checkpoints",
    response_model=CheckpointPage,
    summary="A township's checkpoints, newest first",
    **READ_CHECKPOINTS.route(),
)
async def list_checkpoints(
    session: SessionDep, township: Township, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> CheckpointPage:
    rows = await repository.checkpoints(session, township, newest_first=True, limit=limit)
    return CheckpointPage(items=[CheckpointRead.model_validate(r) for r in rows])


@router.get(
    "/checkpoints/export",
    response_class=StreamingResponse,
    responses={200: _NDJSON_CHECKPOINTS},
    summary="A township's checkpoints as JSON lines, for the offline verifier",
    **READ_CHECKPOINTS.route(),
)
async def export_checkpoints(
    request: Request, session: SessionDep, township: Township
) -> StreamingResponse:
    async def fetch(s: Any, after: int) -> Any:
        return await repository.checkpoints(s, township, after_size=after, limit=PAGE)

    def line(row: LogCheckpoint) -> dict[str, Any]:
        return row.checkpoint().document()

    def position(row: LogCheckpoint) -> int:
        return row.tree_size

    body = _lines(request.app.state.database, fetch, line, position)
    name = f"enforcement-log-{township}-checkpoints.jsonl"
    return StreamingResponse(
        body, media_type=NDJSON, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get(
    "/keys",
    response_model=PublicKeyList,
    summary="The public keys the checkpoints are signed with",
    **SEE_KEYS.route(),
)
async def public_keys(settings: SettingsDep) -> PublicKeyList:
    keys = keys_of(settings)
    return PublicKeyList(
        items=[
            PublicKeyRead(key_id=k, public_key=raw, signing=k == keys.signing_key_id)
            for k, raw in keys.published()
        ]
    )


@router.get(
    "/verify",
    response_model=VerificationRead,
    responses={
        503: {"description": "E-WITNESS-UNAVAILABLE: the configured witness did not answer"}
    },
    summary="The log against the witnessed checkpoints and announced entry hashes",
    **VERIFY_LOG.route(),
)
async def verify_log(
    request: Request, settings: SettingsDep, session: SessionDep, township: Township
) -> VerificationRead:
    settings = settings
    witness = witness_of(request.app.state, settings.witness_url, settings.witness_timeout_seconds)
    witnessed = None
    if witness is not None:
        try:  # the witness first: the log read afterwards can only be longer
            witnessed = await witness.fetch(township, request.headers.get("authorization"))
        except WitnessUnavailable as exc:
            raise ProblemError(
                WITNESS_UNAVAILABLE,
                None,
                f"{witness.url}: {exc}",
                headers={"Retry-After": "30"},
            ) from None
    else:
        witnessed = await service.local_witness(session, township)
    finding = await service.verify(
        session, township=township, keys=keys_of(settings).trusted, witnessed=witnessed
    )
    return VerificationRead(
        township=township,
        ok=finding.ok,
        entries=finding.entries,
        first_bad_seq=finding.first_bad_seq,
        code=finding.code,
        message=finding.detail,
        witnessed_size=finding.witnessed_size,
        witnessed_by=witnessed.by,
        checkpoints_from="witness" if witnessed.by is not None else "local",
        checkpoints_checked=len(witnessed.checkpoints),
    )
