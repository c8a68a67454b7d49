"""Inspection plan use cases: departments register, the evaluator approves or refuses."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.events.evaluation import InspectionPlanApproved
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import conflict, not_found, unprocessable
from grassroots.evaluation.inspection_plans import repository, rules
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow
from grassroots.evaluation.inspection_plans.schemas import PlanCreate, PlanRead

SERVICE = "evaluation"


def read(row: InspectionPlanRow) -> PlanRead:
    return PlanRead.model_validate(row, from_attributes=True)


async def register(
    session: AsyncSession, *, principal: Principal, county: str, body: PlanCreate
) -> PlanRead:
    """A department registers an inspection of townships (统一报备)."""
    document = await catalog_versions.active_document(session, county, body.window_start)
    townships = {u.code for u in document.townships()} if document else set()
    violation = rules.check_plan(
        window_start=body.window_start,
        window_end=body.window_end,
        townships=body.townships,
        county_townships=townships,
    )
    if violation is not None:
        raise unprocessable(violation.code, violation.message)
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
        status="registered",
        registered_at=utcnow(),
    )
    repository.add(session, row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="inspection_plan",
        entity_id=row.id,
        action="register",
        changes=body.model_dump(mode="json"),
    )
    return read(row)


async def _pending(session: AsyncSession, plan_id: str, county: str) -> InspectionPlanRow:
    row = await repository.get(session, plan_id)
    if row is None or row.county != county:
        raise not_found("检查计划", plan_id)
    violation = rules.check_decision(row.status)
    if violation is not None:
        raise conflict(violation.code, violation.message)
    return row


async def approve(
    session: AsyncSession, *, principal: Principal, county: str, plan_id: str, cap: int
) -> PlanRead:
    """Approves a plan within the yearly cap per township; tells task-admission."""
    row = await _pending(session, plan_id, county)
    counts = await repository.approved_counts(session, county=county, year=row.year)
    full = rules.over_cap(row.townships, counts, cap)
    if full:
        raise conflict(
            "E-PLAN-CAP",
            f"以下乡镇(街道)本年度督查检查考核已达上限{cap}次：{', '.join(full)}",
            townships=full,
        )
    row.status, row.decided_by, row.decided_at = "approved", principal.sub, utcnow()
    await session.flush()
    add_event(
        session,
        InspectionPlanApproved(
            plan_id=row.id,
            county=county,
            department=row.department,
            title=row.title,
            kind=row.kind,
            townships=list(row.townships),
            window_start=row.window_start,
            window_end=row.window_end,
            year=row.year,
        ),
        SERVICE,
    )
    audit.record(
        session,
        principal,
        entity="inspection_plan",
        entity_id=row.id,
        action="approve",
        changes={"status": "approved"},
    )
    return read(row)


async def refuse(
    session: AsyncSession, *, principal: Principal, county: str, plan_id: str, reason: str | None
) -> PlanRead:
    """Refuses a plan with a reason."""
    if not reason:
        raise unprocessable("E-PLAN-REASON", "不予备案须说明理由")
    row = await _pending(session, plan_id, county)
    row.status, row.decided_by, row.decided_at, row.reason = (
        "refused",
        principal.sub,
        utcnow(),
        reason,
    )
    await session.flush()
    audit.record(
        session,
        principal,
        entity="inspection_plan",
        entity_id=row.id,
        action="refuse",
        changes={"status": "refused", "reason": reason},
    )
    return read(row)


async def list_plans(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    year: int | None,
    status: str | None,
) -> Sequence[PlanRead]:
    """Evaluators and auditors see every plan of the county; a department its own."""
    department = None if principal.has_any("evaluator", "auditor") else principal.org
    rows = await repository.list_for(
        session, county=county, department=department, year=year, status=status
    )
    return [read(r) for r in rows]
