"""Inspection plan use cases: departments register, the evaluator approves or refuses."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.problems import ProblemError, not_found
from grassroots.evaluation.codes import PLAN_CAP
from grassroots.evaluation.inspection_plans import repository, rules
from grassroots.evaluation.inspection_plans.access import SEE, plan_target
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow
from grassroots.evaluation.inspection_plans.schemas import PlanCreate, PlanRead


def read(row: InspectionPlanRow) -> PlanRead:
    return PlanRead.model_validate(row, from_attributes=True)


async def register(
    session: AsyncSession, *, principal: Principal, county: str, body: PlanCreate
) -> PlanRead:
    """A department registers an inspection of townships (统一报备)."""
    document = await catalog_versions.active_document(session, county, body.window_start)
    townships = {u.code for u in document.townships()} if document else set()
    rules.check_plan(
        window_start=body.window_start,
        window_end=body.window_end,
        townships=body.townships,
        county_townships=townships,
    )
    row = InspectionPlanRow(
        id="ip_" + uuid.uuid4().hex,
        county=county,
        department=principal.org,
        title=body.title,
        kind=body.kind,
        townships=list(body.townships),
        window_start=body.window_start,
        window_end=body.window_end,
        year=body.window_start.year,
        status=rules.PLAN.initial[0],
        registered_at=utcnow(),
    )
    repository.add(session, row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity=rules.PLAN.name,
        entity_id=row.id,
        action="register",
        changes=body.model_dump(mode="json"),
    )
    return read(row)


async def _for_decision(session: AsyncSession, plan_id: str) -> InspectionPlanRow:
    row = await repository.get_for_update(session, plan_id)
    if row is None:
        raise not_found("检查计划", plan_id)
    return row


async def get_or_raise(session: AsyncSession, *, plan_id: str) -> PlanRead:
    """One plan."""
    row = await repository.get(session, plan_id)
    if row is None:
        raise not_found("检查计划", plan_id)
    return read(row)


async def approve(
    session: AsyncSession, *, principal: Principal, plan_id: str, cap: int
) -> PlanRead:
    """Approves a plan within the yearly cap per township; tells task-admission."""
    row = await _for_decision(session, plan_id)

    async def step(edge: Edge) -> Change:
        counts = await repository.approved_counts(session, county=row.county, year=row.year)
        full = rules.over_cap(row.townships, counts, cap)
        if full:
            raise ProblemError(
                PLAN_CAP,
                f"以下乡镇(街道)本年度督查检查考核已达上限{cap}次：{', '.join(full)}",
                townships=full,
            )
        row.decided_by, row.decided_at = principal.sub, utcnow()
        return Change(events=[rules.approval(row)])

    await transition(session, rules.PLAN, row, "approve", principal=principal, step=step)
    return read(row)


async def refuse(
    session: AsyncSession, *, principal: Principal, plan_id: str, reason: str | None
) -> PlanRead:
    """Refuses a plan with a reason."""
    row = await _for_decision(session, plan_id)

    async def step(edge: Edge) -> Change:
        given = rules.check_refusal(reason)
        row.decided_by, row.decided_at, row.reason = principal.sub, utcnow(), given
        return Change(detail={"reason": given}, reason=given)

    await transition(session, rules.PLAN, row, "refuse", principal=principal, step=step)
    return read(row)


async def list_plans(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    year: int | None,
    status: str | None,
) -> Sequence[PlanRead]:
    """The county's plans the caller may read, each under its own rule (`access.SEE`)."""
    rows = await repository.list_for(session, county=county, year=year, status=status)
    return [read(r) for r in rows if SEE.permits(principal, plan_target(r))]
