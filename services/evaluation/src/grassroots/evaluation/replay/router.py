"""Replay route: POST /v1/replay rebuilds the projections and checks the results.

An operation of one county: its evaluator or its `ops` rebuild that county's projections only
(`?county=` may name it, never another); every county's at once is the CLI's
(`python -m grassroots.evaluation.replay_cli`), run by whoever runs the deployment.
"""

from __future__ import annotations

from typing import Annotated, Literal

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.problems import ProblemError
from grassroots.evaluation.codes import REPLAY_BROKER_DOWN, REPLAY_INCOMPLETE, REPLAY_NO_BROKER
from grassroots.evaluation.replay.access import REPLAY
from grassroots.evaluation.replay.compare import replay_and_compare
from grassroots.evaluation.replay.service import ReplayIncomplete, ReplayRefused, low_watermarks
from grassroots.evaluation.settings import SettingsDep

router = APIRouter(prefix="/v1/replay", tags=["replay"])


class ReplayRead(BaseModel):
    source: Literal["broker", "archive"]
    county: str | None  # None: every county's projections were rebuilt (the CLI only)
    fallback: str | None = None  # auto only: why the broker was not read (code: detail)
    events_read: int
    applied: int
    duplicates: int
    skipped_unknown: int
    unreadable: int
    skipped_types: dict[str, int]
    results_identical: bool
    differences: list[str]


@router.post(
    "",
    response_model=ReplayRead,
    summary="Rebuild the county's projections from the start of their history (broker or archive)",
    **REPLAY.route(),
)
async def replay(
    request: Request,
    settings: SettingsDep,
    principal: PrincipalDep,
    source: Annotated[
        Literal["auto", "broker", "archive"],
        Query(description="auto: the broker when it holds the whole history, else the archive"),
    ] = "auto",
    county: CountyParam = None,
) -> ReplayRead:
    settings = settings
    scope = county_in(request)
    if source == "broker" and not settings.messaging_enabled:
        raise ProblemError(REPLAY_NO_BROKER)
    runtime = request.app.state.runtime
    try:
        report = await replay_and_compare(
            database=runtime.database,
            settings=settings,
            handlers=runtime.spec.handlers,
            started_by=principal.sub,
            source=source,
            county=scope,
            lows_of=getattr(request.app.state, "replay_low_watermarks", low_watermarks),
        )
    except ReplayRefused as refused:
        raise ProblemError(
            refused.code,
            "重放的来源缺少历史事件，重放未执行，考核数据未改动",
            refused.detail,
            source=refused.source,
            **refused.extra,
        ) from refused
    except (OSError, KafkaError) as exc:
        raise ProblemError(REPLAY_BROKER_DOWN, None, str(exc)) from exc
    except ReplayIncomplete as exc:
        raise ProblemError(REPLAY_INCOMPLETE, None, str(exc)) from exc
    return ReplayRead.model_validate(report)
