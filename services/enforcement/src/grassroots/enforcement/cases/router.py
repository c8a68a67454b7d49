"""Case routes: open, read, list, and one endpoint per transition."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import Access
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep
from grassroots.enforcement.cases import commands, service
from grassroots.enforcement.cases.access import (
    ACT_ON_CASE,
    APPROVE_CASE,
    LIST_CASES,
    OPEN_CASE,
    SEE_CASE,
)
from grassroots.enforcement.cases.schemas import (
    CaseCreate,
    CasePage,
    CaseRead,
    CaseState,
    CloseCommand,
    Command,
    DecideCommand,
    ExecuteCommand,
    ExtendCommand,
    FileCommand,
    HearingCommand,
    NotifyCommand,
    ServeCommand,
    TransferCommand,
)
from grassroots.enforcement.settings import SettingsDep

router = APIRouter(prefix="/v1/cases", tags=["cases"])
CaseId = Annotated[str, Path(max_length=40)]


def _etag(response: Response, case: CaseRead) -> CaseRead:
    set_etag(response, case.version)
    return case


@router.post(
    "", status_code=201, response_model=CaseRead, summary="Open a case (发现)", **OPEN_CASE.route()
)
async def create_case(
    data: CaseCreate,
    settings: SettingsDep,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> CaseRead:
    case = await service.create(session, principal=principal, data=data, policy=settings.policy)
    response.headers["Location"] = f"/v1/cases/{case.id}"
    return _etag(response, case)


@router.get("", response_model=CasePage, summary="Cases of a township", **LIST_CASES.route())
async def list_cases(
    settings: SettingsDep,
    session: SessionDep,
    principal: PrincipalDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    state: CaseState | None = None,
    cursor: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> CasePage:
    return await service.list_cases(
        session,
        principal=principal,
        township=township,
        state=state,
        cursor=cursor,
        limit=limit,
        policy=settings.policy,
    )


@router.get(
    "/{case_id}",
    response_model=CaseRead,
    summary="One case with its deadlines",
    **SEE_CASE.route(),
)
async def get_case(
    case_id: CaseId, settings: SettingsDep, response: Response, session: SessionDep
) -> CaseRead:
    case = await service.get(session, case_id=case_id, policy=settings.policy)
    return _etag(response, case)


def _route(action: str, model: type[Command], summary: str, access: Access) -> None:
    async def transition(
        case_id: CaseId,
        command: model,  # type: ignore[valid-type]
        settings: SettingsDep,
        response: Response,
        session: SessionDep,
        principal: PrincipalDep,
        if_match: IfMatch = None,
    ) -> CaseRead:
        case = await commands.run(
            session,
            principal=principal,
            case_id=case_id,
            command_name=action,
            command=command,
            policy=settings.policy,
            if_match=if_match,
        )
        return _etag(response, case)

    transition.__annotations__["command"] = model  # resolved here, not from module globals
    transition.__name__ = f"{action}_case"
    router.add_api_route(
        f"/{{case_id}}/{action}",
        transition,
        methods=["POST"],
        response_model=CaseRead,
        summary=summary,
        name=f"{action}_case",
        **access.route(),
    )


APPROVE, ACT = APPROVE_CASE, ACT_ON_CASE
for _action, _model, _summary, _access in (
    (
        "file",
        FileCommand,
        "File the case (立案, supervisor approval; two certified officers)",
        APPROVE,
    ),
    ("investigate", Command, "Start the investigation (调查取证)", ACT),
    ("notify", NotifyCommand, "Notify facts, grounds and rights (告知)", ACT),
    ("hearing", HearingCommand, "Record the hearing (听证), requested within the window", ACT),
    ("decide", DecideCommand, "Decide the penalty (处罚决定, supervisor approval)", APPROVE),
    ("serve", ServeCommand, "Serve the decision (送达)", ACT),
    ("execute", ExecuteCommand, "Record execution and payment (执行)", ACT),
    ("close", CloseCommand, "Close (结案), or not file / withdraw before a decision", ACT),
    ("transfer", TransferCommand, "Transfer to a department (移送)", APPROVE),
    (
        "extend",
        ExtendCommand,
        "Extend the filing or decision limit (延期, supervisor approval)",
        APPROVE,
    ),
):
    _route(_action, _model, _summary, _access)
