"""Complaint use cases: file (township or village), rule (reviewer), read."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.events.admission import ComplaintFiled, ComplaintRuled
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.task_admission.complaints import repository
from grassroots.task_admission.complaints.models import Complaint
from grassroots.task_admission.complaints.rules import COMPLAINT, ruling
from grassroots.task_admission.complaints.schemas import (
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    RulingCreate,
)
from grassroots.task_admission.demands import access
from grassroots.task_admission.demands import repository as demands

SERVICE = "task-admission"


def _read(c: Complaint) -> ComplaintRead:
    return ComplaintRead.model_validate(c, from_attributes=True)


def _event_fields(c: Complaint) -> dict[str, Any]:
    return {
        "complaint_id": c.id,
        "county": c.county,
        "complainant": c.complainant,
        "department": c.department,
        "kind": c.kind,
        "demand_id": c.demand_id,
    }


async def file(
    session: AsyncSession, *, principal: Principal, body: ComplaintCreate, now: datetime
) -> ComplaintRead:
    """一键投诉: a township or village complains about a department."""
    today = clock.china_date(now)
    county = await access.county_of(session, principal, today)
    document = await catalog_versions.active_document(session, county, today) if county else None
    unit = document.org_unit(principal.org) if document else None
    if document is None or unit is None or unit.kind not in ("township", "village"):
        raise access.forbidden("只有本县乡镇(街道)和村(社区)可以投诉")
    target = document.org_unit(body.department)
    if target is None or target.kind not in ("department", "office"):
        raise unprocessable("E-DEPARTMENT-UNKNOWN", "被投诉单位不是本县县直部门", body.department)
    if body.demand_id is not None:
        demand = await demands.get(session, body.demand_id)
        if demand is None or demand.county != county or demand.submitter != body.department:
            raise unprocessable(
                "E-DEMAND-UNKNOWN", "所投诉的事项不存在或不属于被投诉部门", body.demand_id
            )
    complaint = Complaint(
        id=f"cp_{uuid.uuid4().hex}",
        county=county,
        complainant=principal.org,
        department=body.department,
        kind=body.kind,
        demand_id=body.demand_id,
        description=body.description,
        status=COMPLAINT.initial[0],
        filed_by=principal.sub,
        created_at=now,
    )
    repository.add(session, complaint)
    add_event(session, ComplaintFiled(**_event_fields(complaint)), SERVICE)
    audit.record(
        session,
        principal,
        entity=COMPLAINT.name,
        entity_id=complaint.id,
        action="file",
        changes={"kind": body.kind, "department": body.department},
    )
    await session.flush()
    return _read(complaint)


async def rule(
    session: AsyncSession,
    *,
    principal: Principal,
    complaint_id: str,
    body: RulingCreate,
    now: datetime,
) -> ComplaintRead:
    """A reviewer upholds or dismisses a complaint of the county, once (rules.COMPLAINT)."""
    county = await access.county_of(session, principal, clock.china_date(now))
    complaint = await repository.get_for_update(session, complaint_id)
    if complaint is None or complaint.county != county:
        raise not_found("投诉", complaint_id)

    async def step(edge: Edge) -> Change:
        target = ruling(upheld=body.upheld, reason=body.reason)
        complaint.upheld = body.upheld
        complaint.ruling_reason = body.reason
        complaint.ruled_by = principal.sub
        complaint.ruled_at = now
        ruled = ComplaintRuled(**_event_fields(complaint), upheld=body.upheld, reason=body.reason)
        detail = {"upheld": body.upheld, "reason": body.reason}
        return Change(to=target, detail=detail, reason=body.reason, events=[ruled])

    await transition(
        session,
        COMPLAINT,
        complaint,
        "rule",
        principal=principal,
        service=SERVICE,
        step=step,
        at=now,
    )
    return _read(complaint)


def _may_see(principal: Principal, county: str | None, c: Complaint) -> bool:
    return (
        principal.is_auditor
        or (principal.has_any(*access.COUNTY_ROLES) and c.county == county)
        or principal.org in (c.complainant, c.department)
    )


async def get(
    session: AsyncSession, *, principal: Principal, complaint_id: str, now: datetime
) -> ComplaintRead:
    """One complaint: the complainant, the department, county reviewers and auditors see it."""
    county = await access.county_of(session, principal, clock.china_date(now))
    complaint = await repository.get(session, complaint_id)
    if complaint is None or not _may_see(principal, county, complaint):
        raise not_found("投诉", complaint_id)
    return _read(complaint)


async def list_(
    session: AsyncSession, *, principal: Principal, status: str | None, now: datetime
) -> ComplaintPage:
    """Complaints the caller may see, newest first."""
    county = await access.county_of(session, principal, clock.china_date(now))
    scope: dict[str, str | None] = {"county": None, "complainant": None, "department": None}
    if principal.is_auditor:
        pass
    elif principal.has_any(*access.COUNTY_ROLES):
        scope["county"] = county
    elif principal.has_any("township_admin", "village_operator"):
        scope["complainant"] = principal.org
    elif principal.has_any("dept_submitter", "service"):
        scope["department"] = principal.org
    else:
        raise ProblemError(403, "AUTH-ROLE", "无权查看投诉")
    rows = await repository.list_(session, status=status, limit=200, **scope)
    return ComplaintPage(items=[_read(c) for c in rows])
