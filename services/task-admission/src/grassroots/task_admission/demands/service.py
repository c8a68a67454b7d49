"""Demand use cases (事项准入): submit, resubmit, withdraw, review."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.catalog import CatalogDocument
from grassroots.common.events.admission import (
    DemandAdmitted,
    DemandRejected,
    DemandReturned,
    DemandSubmitted,
    DemandWithdrawn,
)
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import conflict, unprocessable
from grassroots.task_admission.demands import access, repository
from grassroots.task_admission.demands.models import Demand, DemandAssignment, DemandHistory
from grassroots.task_admission.demands.rules import CheckContext, DemandDraft, check
from grassroots.task_admission.demands.schemas import (
    DemandCreate,
    DemandRead,
    ReviewCreate,
)
from grassroots.task_admission.matching.engine import index_for
from grassroots.task_admission.policy import service as policy_service

SERVICE = "task-admission"
EVENT_BY_OUTCOME = {
    "admitted": DemandAdmitted,
    "returned": DemandReturned,
    "rejected": DemandRejected,
}


def _draft(submitter: str, body: DemandCreate) -> DemandDraft:
    return DemandDraft(
        submitter=submitter,
        kind=body.kind,
        title=body.title,
        description=body.description,
        target_level=body.target_level,
        targets=tuple(body.targets),
        deadline=body.deadline,
        duty_item_code=body.duty_item_code,
        urgent=body.urgent,
        urgent_reason=body.urgent_reason,
        clarities=body.clarities.model_dump(),
        funding_yuan=body.support.funding_yuan,
        staff=body.support.staff,
        support_data=body.support.data,
        support_training=body.support.training,
        form_code=body.form_code,
        form_fields=tuple(body.form_fields),
        inspection_plan_id=body.inspection_plan_id,
    )


def match_text(body: DemandCreate) -> str:
    """The text a demand is matched on: what it is called, says, and asks of the grassroots."""
    return "\n".join(s for s in (body.title, body.description, body.clarities.grassroots_does) if s)


async def _submitter_context(
    session: AsyncSession, principal: Principal, today: date
) -> tuple[str, CatalogDocument]:
    county = await access.county_of(session, principal, today)
    document = await catalog_versions.active_document(session, county, today) if county else None
    if county is None or document is None:
        raise unprocessable(
            "E-NO-CATALOG", "本县尚未发布履职事项清单,无法申报", f"单位 {principal.org}"
        )
    unit = document.org_unit(principal.org)
    if unit is None or unit.kind not in ("department", "office"):
        raise access.forbidden("只有本县县直部门可以申报事项")
    return county, document


async def _decide(
    session: AsyncSession,
    *,
    document: CatalogDocument,
    draft: DemandDraft,
    text: str,
    county: str,
    today: date,
) -> dict[str, Any]:
    matches = index_for(document).match(text, level=draft.target_level, limit=5)
    ctx = CheckContext(
        catalog=document,
        matches=matches,
        today=today,
        policy=await policy_service.get(session, county=county),
        plan=await policy_service.plan(session, plan_id=draft.inspection_plan_id),
    )
    decision = check(draft, ctx)
    return {
        "outcome": decision.outcome,
        "reasons": [asdict(r) for r in decision.reasons],
        "matches": [
            {k: v for k, v in asdict(m).items() if k != "level"}
            | {"matched_terms": list(m.matched_terms)}
            for m in matches
        ],
        "catalog_version": document.version,
        "reviewed_by": None,
    }


def _apply_body(demand: Demand, body: DemandCreate) -> None:
    demand.kind = body.kind
    demand.title = body.title
    demand.description = body.description
    demand.target_level = body.target_level
    demand.targets = list(dict.fromkeys(body.targets))
    demand.deadline = body.deadline
    demand.duty_item_code = body.duty_item_code
    demand.urgent = body.urgent
    demand.urgent_reason = body.urgent_reason
    demand.clarities = body.clarities.model_dump()
    demand.support = body.support.model_dump()
    demand.funding_yuan = body.support.funding_yuan
    demand.form_code = body.form_code
    demand.form_fields = list(body.form_fields)
    demand.inspection_plan_id = body.inspection_plan_id


def _history(
    session: AsyncSession,
    principal: Principal,
    demand: Demand,
    action: str,
    before: str | None,
    *,
    now: datetime,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    repository.add_history(
        session,
        DemandHistory(
            demand_id=demand.id,
            at=now,
            actor_sub=principal.sub,
            actor_org=principal.org,
            action=action,
            status_from=before,
            status_to=demand.status,
            reason=reason,
            detail=detail or {},
        ),
    )
    audit.record(
        session,
        principal,
        entity="demand",
        entity_id=demand.id,
        action=action,
        changes={"status": [before, demand.status], "reason": reason},
    )


def emit_outcome(session: AsyncSession, demand: Demand, reason: str | None = None) -> None:
    """The event of a decided outcome (nothing for needs_review)."""
    outcome = demand.status
    codes = [r["code"] for r in demand.decision["reasons"]]
    reviewed_by = demand.decision.get("reviewed_by")
    base = demand.event_fields() | {"targets": list(demand.targets), "reviewed_by": reviewed_by}
    if outcome == "admitted":
        payload: Any = DemandAdmitted(
            **base,
            deadline=demand.deadline,
            duty_item_code=demand.duty_item_code,
            funding_yuan=demand.funding_yuan,
        )
    elif outcome in ("returned", "rejected"):
        payload = EVENT_BY_OUTCOME[outcome](**base, reason_codes=codes, reason=reason)
    else:
        return
    add_event(session, payload, SERVICE)


async def _check_and_emit(
    session: AsyncSession,
    demand: Demand,
    body: DemandCreate,
    document: CatalogDocument,
    today: date,
) -> None:
    demand.decision = await _decide(
        session,
        document=document,
        draft=_draft(demand.submitter, body),
        text=match_text(body),
        county=demand.county,
        today=today,
    )
    demand.outcome = demand.decision["outcome"]
    demand.status = demand.outcome
    demand.catalog_version = document.version
    await repository.delete_inactive_assignments(session, demand.id)
    for target in demand.targets:
        repository.add_assignment(
            session,
            DemandAssignment(
                demand_id=demand.id,
                org=target,
                level=demand.target_level,
                parent=target[:9] + "000" if demand.target_level == "village" else None,
                active=demand.status == "admitted",
            ),
        )
    await session.flush()
    add_event(
        session,
        DemandSubmitted(
            **demand.event_fields(),
            title=demand.title,
            target_level=demand.target_level,  # type: ignore[arg-type]
            targets=list(demand.targets),
            deadline=demand.deadline,
            duty_item_code=demand.duty_item_code,
            urgent=demand.urgent,
            funding_yuan=demand.funding_yuan,
            outcome=demand.outcome,  # type: ignore[arg-type]
            reason_codes=[r["code"] for r in demand.decision["reasons"]],
        ),
        SERVICE,
    )
    emit_outcome(session, demand)


async def submit(
    session: AsyncSession, *, principal: Principal, body: DemandCreate, now: datetime
) -> DemandRead:
    """Checks a new demand automatically and records it with its decision."""
    today = access.local_today(now)
    county, document = await _submitter_context(session, principal, today)
    demand = Demand(
        id=f"dm_{uuid.uuid4().hex}",
        county=county,
        submitter=principal.org,
        submitted_by=principal.sub,
        status="needs_review",
        outcome="needs_review",
        decision={},
        catalog_version=document.version,
        revision=1,
        created_at=now,
        updated_at=now,
    )
    _apply_body(demand, body)
    repository.add(session, demand)
    await session.flush()
    await _check_and_emit(session, demand, body, document, today)
    _history(
        session,
        principal,
        demand,
        "submit",
        None,
        now=now,
        detail={"reason_codes": [r["code"] for r in demand.decision["reasons"]]},
    )
    return access.read(demand, await repository.assignments(session, demand.id))


async def _own(session: AsyncSession, principal: Principal, demand_id: str, today: date) -> Demand:
    demand = await repository.get(session, demand_id)
    county = await access.county_of(session, principal, today)
    demand = access.ensure_visible(principal, county, demand, [])
    if demand.submitter != principal.org:
        raise access.forbidden("只能修改本部门申报的事项")
    return demand


async def resubmit(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    body: DemandCreate,
    now: datetime,
    if_match: str | None = None,
) -> DemandRead:
    """A returned demand, corrected and checked again (its history kept)."""
    today = access.local_today(now)
    demand = await _own(session, principal, demand_id, today)
    access.check_revision(demand, if_match)
    if demand.status != "returned":
        raise conflict(
            "E-DEMAND-STATE", "只有被退回的事项可以重新申报", f"当前状态 {demand.status}"
        )
    _, document = await _submitter_context(session, principal, today)
    before = demand.status
    _apply_body(demand, body)
    demand.revision += 1
    demand.updated_at = now
    await _check_and_emit(session, demand, body, document, today)
    _history(
        session,
        principal,
        demand,
        "resubmit",
        before,
        now=now,
        detail={"reason_codes": [r["code"] for r in demand.decision["reasons"]]},
    )
    return access.read(demand, await repository.assignments(session, demand.id))


async def withdraw(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    reason: str | None,
    now: datetime,
    if_match: str | None = None,
) -> DemandRead:
    """The department takes back a demand nobody has started on."""
    demand = await _own(session, principal, demand_id, access.local_today(now))
    access.check_revision(demand, if_match)
    assignments = await repository.assignments(session, demand.id)
    started = any(a.received_at or a.dispatched_at for a in assignments)
    if demand.status not in ("needs_review", "returned", "admitted") or started:
        raise conflict(
            "E-DEMAND-STATE", "事项已在办理或已终结,不能撤回", f"当前状态 {demand.status}"
        )
    before = demand.status
    demand.status = "withdrawn"
    demand.revision += 1
    demand.updated_at = now
    for a in assignments:
        a.active = False
    _history(session, principal, demand, "withdraw", before, now=now, reason=reason)
    add_event(
        session,
        DemandWithdrawn(
            **demand.event_fields(),
            previous_status=before,
            targets=list(demand.targets),
            reason=reason,
        ),
        SERVICE,
    )
    return access.read(demand, assignments)


async def review(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    body: ReviewCreate,
    now: datetime,
    if_match: str | None = None,
) -> DemandRead:
    """社会工作部审核: approve, return or reject a demand waiting for review."""
    today = access.local_today(now)
    county = await access.county_of(session, principal, today)
    demand = await repository.get(session, demand_id)
    demand = access.ensure_visible(principal, county, demand, [])
    if demand.county != county:
        raise access.forbidden("只能审核本县的事项")
    access.check_revision(demand, if_match)
    if demand.status != "needs_review":
        raise conflict("E-DEMAND-STATE", "只有待审核的事项可以审核", f"当前状态 {demand.status}")
    if body.action != "approve" and not (body.reason and body.reason.strip()):
        raise unprocessable("E-REASON-REQUIRED", "退回或不予准入须说明理由")
    before = demand.status
    demand.status = {"approve": "admitted", "return": "returned", "reject": "rejected"}[body.action]
    decision = dict(demand.decision)
    decision["reviewed_by"] = principal.sub
    if body.action != "approve":
        code = "R-REVIEWER-RETURN" if body.action == "return" else "R-REVIEWER-REJECT"
        effect = "return" if body.action == "return" else "reject"
        decision["reasons"] = [
            *decision["reasons"],
            {"code": code, "effect": effect, "message": body.reason, "item_code": None},
        ]
    decision["outcome"] = demand.status
    demand.decision = decision
    demand.outcome = demand.status
    demand.revision += 1
    demand.updated_at = now
    if demand.status == "admitted":
        await repository.activate_assignments(session, demand.id)
    emit_outcome(session, demand, body.reason)
    _history(
        session, principal, demand, f"review_{body.action}", before, now=now, reason=body.reason
    )
    await session.flush()
    await session.refresh(demand)
    return access.read(demand, await repository.assignments(session, demand.id))
