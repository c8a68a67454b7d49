"""Witness routes: what enforcement's `GET /v1/logs/verify` and inspectors read.

GET /v1/witness/logs/{township}/checkpoints -> {"items": [<Checkpoint.document()>, ...]}
GET /v1/witness/logs/{township}/appended    -> {"items": [{"seq", "entry_hash"}, ...]}
GET /v1/witness/logs/{township}/findings    -> every checkpoint's verdict, every conflict
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Path
from pydantic import BaseModel

from grassroots.common.db.session import SessionDep
from grassroots.evaluation.witness import service
from grassroots.evaluation.witness.access import READ

router = APIRouter(prefix="/v1/witness/logs", tags=["witness"])
Township = Path(description="the township's division code (12 digits)", max_length=64)


class WitnessedCheckpoint(BaseModel):
    """`grassroots.common.transparency.checkpoints.Checkpoint.document()`."""

    origin: str
    tree_size: int
    root_hash: str
    time: str  # UTC ISO-8601, exactly as `Checkpoint.document()` writes it
    key_id: str
    signature: str


class Checkpoints(BaseModel):
    items: list[WitnessedCheckpoint]


class Announced(BaseModel):
    seq: int
    entry_hash: str


class AppendedList(BaseModel):
    items: list[Announced]


class CheckpointFinding(WitnessedCheckpoint):
    previous_size: int
    signature_ok: bool
    consistent: bool | None
    finding: str | None
    detail: str | None
    received_at: datetime


class Conflict(BaseModel):
    seq: int
    entry_hash: str
    received_at: datetime


class Findings(BaseModel):
    checkpoints: list[CheckpointFinding]
    conflicts: list[Conflict]


@router.get(
    "/{township}/checkpoints",
    response_model=Checkpoints,
    summary="The township's witnessed checkpoints whose signature verified, oldest first",
    **READ.route(),
)
async def checkpoints(session: SessionDep, township: str = Township) -> Checkpoints:
    return Checkpoints.model_validate(
        {"items": await service.served_checkpoints(session, township)}
    )


@router.get(
    "/{township}/appended",
    response_model=AppendedList,
    summary="The entry hashes announced for the township's log: the first one per seq",
    **READ.route(),
)
async def appended(session: SessionDep, township: str = Township) -> AppendedList:
    return AppendedList.model_validate({"items": await service.served_appended(session, township)})


@router.get(
    "/{township}/findings",
    response_model=Findings,
    summary="Every checkpoint received with the witness's verdict, and every conflicting hash",
    **READ.route(),
)
async def findings(session: SessionDep, township: str = Township) -> Findings:
    return Findings.model_validate(await service.findings(session, township))
