"""Patrol and inspection entries (巡查/检查记录) appended to the township's log: a domain of its
own, standing on cases (an entry on a case checks the case's officers) and on the log."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError
from grassroots.enforcement.cases import access
from grassroots.enforcement.cases import repository as cases
from grassroots.enforcement.cases.service import check_assignable, check_time
from grassroots.enforcement.codes import CASE_UNKNOWN
from grassroots.enforcement.logs import service
from grassroots.enforcement.logs.models import LogEntry
from grassroots.enforcement.logs.schemas import PatrolCreate
from grassroots.enforcement.policy import Policy


async def record(
    session: AsyncSession, *, principal: Principal, data: PatrolCreate, policy: Policy
) -> LogEntry:
    """Appends a patrol/inspection entry by the township's staff (`RECORD_PATROL`); one on a
    case by those who act on it (`ACT_ON_CASE`: its supervisor or its assigned officers)."""
    at = check_time(data.at, policy)
    await check_assignable(session, data.township, data.officers)
    if data.case_id is not None:
        case = await cases.get(session, data.case_id)
        if case is None or case.township != data.township:
            raise ProblemError(CASE_UNKNOWN, None, data.case_id)
        targets = await access.case_targets(session, [case])
        access.require_assigned(principal, targets[case.id], case.id)
    return await service.append(
        session,
        township=data.township,
        kind=data.kind,
        case_id=data.case_id,
        actor=principal.sub,
        at=at,
        body={"place": data.place, "officers": data.officers, "observed": data.observed},
    )
