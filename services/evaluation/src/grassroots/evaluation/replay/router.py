"""Replay route: POST /v1/replay (evaluators) rebuilds the projections and checks the results."""

from __future__ import annotations

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Request
from pydantic import BaseModel

from grassroots.common.problems import ProblemError
from grassroots.evaluation.access import EvaluatorDep
from grassroots.evaluation.replay.compare import replay_and_compare
from grassroots.evaluation.replay.service import ReplayIncomplete

router = APIRouter(prefix="/v1/replay", tags=["replay"])


class ReplayRead(BaseModel):
    events_read: int
    applied: int
    duplicates: int
    skipped_unknown: int
    unreadable: int
    skipped_types: dict[str, int]
    results_identical: bool
    differences: list[str]


@router.post("", response_model=ReplayRead, summary="Rebuild every projection from offset 0")
async def replay(request: Request, principal: EvaluatorDep) -> ReplayRead:
    settings = request.app.state.settings
    if not settings.messaging_enabled:
        raise ProblemError(409, "E-REPLAY-NO-BROKER", "消息服务未启用，无法重放")
    runtime = request.app.state.runtime
    try:
        report = await replay_and_compare(
            database=runtime.database,
            settings=settings,
            handlers=runtime.spec.handlers,
            started_by=principal.sub,
        )
    except (OSError, KafkaError) as exc:
        raise ProblemError(503, "E-REPLAY-NO-BROKER", "无法连接消息服务", str(exc)) from exc
    except ReplayIncomplete as exc:
        raise ProblemError(
            503, "E-REPLAY-INCOMPLETE", "消息服务未能交付全部事件，重放未生效", str(exc)
        ) from exc
    return ReplayRead.model_validate(report)
