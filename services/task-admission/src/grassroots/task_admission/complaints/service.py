"""Complaint use cases: file (township or village), rule (reviewer), read."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog import regions
from grassroots.common.events.admission import ComplaintFiled, ComplaintRuled
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.access import wide
from grassroots.task_admission.codes import DEMAND_UNKNOWN, DEPARTMENT_UNKNOWN, NO_CATALOG
from grassroots.task_admission.complaints import repository
from grassroots.task_admission.complaints.access import SEE_COMPLAINT, target_of
from grassroots.task_admission.complaints.models import Complaint
from grassroots.task_admission.complaints.rules import COMPLAINT, ruling
from grassroots.task_admission.complaints.schemas import (
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    RulingCreate,
)
from grassroots.task_admission.demands import repository as demands


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
    county = principal.county  # placed: derived from the org (its route's declaration: unit)
    document = await catalog_versions.active_document(session, county, today) if county else None
    if county is None or document is None:
        raise ProblemError(NO_CATALOG, "本县尚未发布履职事项清单,无法投诉", principal.org)
    target = document.org_unit(body.department)
    if target is None or target.kind not in ("department", "office"):
        raise ProblemError(DEPARTMENT_UNKNOWN, None, body.department)
    if body.demand_id is not None:
        demand = await demands.get(session, body.demand_id)
        if demand is None or demand.county != county or demand.submitter != body.department:
            raise ProblemError(DEMAND_UNKNOWN, None, body.demand_id)
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
    add_event(session, ComplaintFiled(**_event_fields(complaint)))
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
    complaint = await repository.get_for_update(session, complaint_id)
    if complaint is None:
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
        step=step,
        at=now,
    )
    return _read(complaint)


async def get(session: AsyncSession, *, complaint_id: str) -> ComplaintRead:
    """One complaint (its route's declaration has let the caller see it)."""
    complaint = await repository.get(session, complaint_id)
    if complaint is None:
        raise not_found("投诉", complaint_id)
    return _read(complaint)


LIMIT = 200


async def list_(
    session: AsyncSession, *, principal: Principal, county: str, status: str | None
) -> ComplaintPage:
    """A county's complaints the caller may see (each as its item route would judge it),
    newest first, at most 200."""
    # SQL narrows to the county and, for a caller not reading county-wide, to the complaints
    # it filed (a township: its villages' too) or that name it; the item's declaration decides
    involving = None if wide(SEE_COMPLAINT, principal) else principal.org
    area = regions.township_of(principal.org) == principal.org
    shown: list[Complaint] = []
    after: tuple[datetime, str] | None = None
    while len(shown) < LIMIT:
        rows = await repository.list_(
            session,
            county=county,
            involving=involving,
            area=area,
            status=status,
            after=after,
            limit=LIMIT,
        )
        shown += [c for c in rows if SEE_COMPLAINT.permits(principal, target_of(c))]
        if len(rows) < LIMIT:
            break
        after = (rows[-1].created_at, rows[-1].id)
    return ComplaintPage(items=[_read(c) for c in shown[:LIMIT]])
