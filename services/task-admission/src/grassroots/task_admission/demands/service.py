"""Demand use cases (事项准入): submit; resubmit, withdraw, review (transitions of rules.DEMAND)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog import CatalogDocument
from grassroots.common.catalog.models import DutyItem
from grassroots.common.events.admission import (
    DemandAdmitted,
    DemandRejected,
    DemandReturned,
    DemandSubmitted,
    DemandWithdrawn,
)
from grassroots.common.events.base import EventPayload
from grassroots.common.lifecycle import Change, Edge, claim, transition
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.codes import NO_CATALOG, SUBMITTER_NOT_DEPARTMENT
from grassroots.task_admission.demands import history, repository, rules
from grassroots.task_admission.demands.models import Demand, DemandAssignment
from grassroots.task_admission.demands.rules import (
    ASSIGNMENT,
    DEMAND,
    CheckContext,
    Decision,
    DemandDraft,
    check,
)
from grassroots.task_admission.demands.schemas import (
    DemandCreate,
    DemandRead,
    ReviewCreate,
)
from grassroots.task_admission.demands.views import read
from grassroots.task_admission.matching import service as matching
from grassroots.task_admission.matching.engine import index_for
from grassroots.task_admission.matching.rules import check_remap
from grassroots.task_admission.money import to_fen
from grassroots.task_admission.policy import service as policy_service

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
        funding_yuan=Decimal(to_fen(body.support.funding_yuan, "support.funding_yuan")) / 100,
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
    county = principal.county  # placed: derived from the org (its route's declaration: unit)
    document = await catalog_versions.active_document(session, county, today) if county else None
    if county is None or document is None:
        raise ProblemError(NO_CATALOG, "本县尚未发布履职事项清单,无法申报", f"单位 {principal.org}")
    unit = document.org_unit(principal.org)
    if unit is None or unit.kind not in ("department", "office"):
        # a demand is a department's: another system submits only for one (a `service` token)
        raise ProblemError(SUBMITTER_NOT_DEPARTMENT, None, principal.org)
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
    policy = await policy_service.get(session, county=county)
    plan = await policy_service.plan(session, plan_id=draft.inspection_plan_id)

    def run() -> tuple[list[Any], Decision]:  # CPU work (matching, counting): off the loop
        matches = index_for(document).match(text, level=draft.target_level, limit=5)
        ctx = CheckContext(catalog=document, matches=matches, today=today, policy=policy, plan=plan)
        return matches, check(draft, ctx)

    matches, decision = await asyncio.to_thread(run)
    return {
        "outcome": decision.outcome,
        "reasons": [asdict(r) for r in decision.reasons],
        "matches": [matching.read(m).model_dump() for m in matches],
        "catalog_version": document.version,
        "reviewed_by": None,
    }


CONTENT = (
    "kind",
    "title",
    "description",
    "target_level",
    "targets",
    "deadline",
    "duty_item_code",
    "urgent",
    "urgent_reason",
    "clarities",
    "support",
    "funding_fen",
    "form_code",
    "form_fields",
    "inspection_plan_id",
)


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
    demand.funding_fen = to_fen(body.support.funding_yuan, "support.funding_yuan")
    demand.form_code = body.form_code
    demand.form_fields = list(body.form_fields)
    demand.inspection_plan_id = body.inspection_plan_id


def outcome_event(demand: Demand, outcome: str, reason: str | None = None) -> EventPayload | None:
    """The event announcing a decided outcome (none for needs_review)."""
    if not rules.announced(outcome):
        return None
    codes = [r["code"] for r in demand.decision["reasons"]]
    reviewed_by = demand.decision.get("reviewed_by")
    base = demand.event_fields() | {"targets": list(demand.targets), "reviewed_by": reviewed_by}
    if outcome == "admitted":
        return DemandAdmitted(
            **base,
            deadline=demand.deadline,
            duty_item_code=demand.duty_item_code,
            funding_yuan=demand.funding_yuan,
        )
    return EVENT_BY_OUTCOME[outcome](**base, reason_codes=codes, reason=reason)


def _submitted(demand: Demand) -> DemandSubmitted:
    return DemandSubmitted(
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
    )


async def _assign(session: AsyncSession, demand: Demand, outcome: str) -> None:
    """The targets of a checked demand, reached when it is admitted (replacing unreached ones)."""
    await repository.delete_inactive_assignments(session, demand.id)
    for target in demand.targets:
        repository.add_assignment(
            session,
            DemandAssignment(
                demand_id=demand.id,
                org=target,
                level=demand.target_level,
                parent=target[:9] + "000" if demand.target_level == "village" else None,
                active=outcome == "admitted",
            ),
        )
    await session.flush()


def _events(demand: Demand) -> list[EventPayload]:
    """What a checked demand announces: its submission, then its outcome."""
    outcome = outcome_event(demand, demand.outcome)
    return [_submitted(demand), *([outcome] if outcome else [])]


async def submit(
    session: AsyncSession, *, principal: Principal, body: DemandCreate, now: datetime
) -> DemandRead:
    """Checks a new demand automatically and records it with its decision (created in the state
    the check decides: one of DEMAND's initial states)."""
    today = clock.china_date(now)
    county, document = await _submitter_context(session, principal, today)
    decision = await _decide(
        session,
        document=document,
        draft=_draft(principal.org, body),
        text=match_text(body),
        county=county,
        today=today,
    )
    demand = Demand(
        id=f"dm_{uuid.uuid4().hex}",
        county=county,
        submitter=principal.org,
        submitted_by=principal.sub,
        status=decision["outcome"],
        outcome=decision["outcome"],
        decision=decision,
        catalog_version=document.version,
        version=1,
        created_at=now,
        updated_at=now,
    )
    _apply_body(demand, body)
    repository.add(session, demand)
    await session.flush()
    await _assign(session, demand, demand.status)
    history.created(session, demand, principal, now)
    audit.record(
        session,
        principal,
        entity=DEMAND.name,
        entity_id=demand.id,
        action="submit",
        changes={"to": demand.status},
    )
    for event in _events(demand):
        add_event(session, event)
    return read(demand, await repository.assignments(session, demand.id))


async def _load(session: AsyncSession, demand_id: str) -> Demand:
    """The demand about to change (its route's declaration has let the caller act on it)."""
    demand = await repository.get_for_update(session, demand_id)
    if demand is None:
        raise not_found("事项", demand_id)
    return demand


def _unchanged(demand: Demand, body: DemandCreate, document: CatalogDocument) -> bool:
    """The body is what the automatic check last saw, on the same catalog version."""
    if demand.decision.get("reviewed_by") is not None or demand.catalog_version != document.version:
        return False
    sent = Demand()
    _apply_body(sent, body)
    return all(getattr(sent, name) == getattr(demand, name) for name in CONTENT)


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
    today = clock.china_date(now)
    demand = await _load(session, demand_id)
    _, document = await _submitter_context(session, principal, today)

    async def step(edge: Edge) -> Change:
        rules.check_resubmission(unchanged=_unchanged(demand, body, document))
        _apply_body(demand, body)
        demand.decision = await _decide(
            session,
            document=document,
            draft=_draft(demand.submitter, body),
            text=match_text(body),
            county=demand.county,
            today=today,
        )
        demand.outcome = demand.decision["outcome"]
        demand.catalog_version = document.version
        demand.updated_at = now
        await _assign(session, demand, demand.outcome)
        codes = [r["code"] for r in demand.decision["reasons"]]
        return Change(to=demand.outcome, detail={"reason_codes": codes}, events=_events(demand))

    await _transition(session, principal, demand, "resubmit", step, if_match, now)
    return read(demand, await repository.assignments(session, demand.id))


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
    demand = await _load(session, demand_id)
    assignments = await repository.assignments(session, demand.id, for_update=True)

    async def step(edge: Edge) -> Change:
        rules.check_withdrawal(started=any(a.status != "open" for a in assignments))
        demand.updated_at = now
        for a in assignments:
            await claim(session, ASSIGNMENT, a)  # a receipt racing this one loses
            a.active = False
        withdrawn = DemandWithdrawn(
            **demand.event_fields(),
            previous_status=edge.source,
            targets=list(demand.targets),
            reason=reason,
        )
        return Change(reason=reason, events=[withdrawn])

    await _transition(session, principal, demand, "withdraw", step, if_match, now)
    return read(demand, assignments)


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
    demand = await _load(session, demand_id)
    remap = await _remap_target(session, demand, body)
    matches = demand.decision.get("matches") or []
    matched = demand.duty_item_code or (matches[0]["code"] if matches else None)

    async def step(edge: Edge) -> Change:
        outcome = rules.check_review(body.action, body.reason)
        decision = dict(demand.decision)
        decision["reviewed_by"] = principal.sub
        if remap is not None:  # the reviewer says which item it really is
            decision["remapped"] = {"matched": matched, "chosen": remap.code}
            demand.duty_item_code = remap.code
        if body.action != "approve":
            code = "R-REVIEWER-RETURN" if body.action == "return" else "R-REVIEWER-REJECT"
            effect = "return" if body.action == "return" else "reject"
            decision["reasons"] = [
                *decision["reasons"],
                {"code": code, "effect": effect, "message": body.reason, "item_code": None},
            ]
        decision["outcome"] = outcome
        demand.decision = decision
        demand.outcome = outcome
        demand.updated_at = now
        if outcome == "admitted":
            await repository.activate_assignments(session, demand.id)
        event = outcome_event(demand, outcome, body.reason)
        return Change(reason=body.reason, events=[event] if event else [])

    await _transition(session, principal, demand, f"review_{body.action}", step, if_match, now)
    if remap is not None:
        text = "\n".join(
            p
            for p in (demand.title, demand.description, demand.clarities.get("grassroots_does"))
            if p
        )
        await matching.learn(
            session, principal, county=demand.county, catalog_version=demand.catalog_version,
            demand_id=demand.id, text=text, chosen=remap.code, matched=matched, now=now,
        )  # fmt: skip
    return read(demand, await repository.assignments(session, demand.id))


async def _remap_target(
    session: AsyncSession, demand: Demand, body: ReviewCreate
) -> DutyItem | None:
    """The item a reviewer re-maps the demand to, checked against the demand's catalog version."""
    if body.duty_item_code is None:
        return None
    row = await catalog_versions.get(session, demand.county, demand.catalog_version)
    item = catalog_versions.document_of(row).duty_item(body.duty_item_code) if row else None
    return check_remap(body.action, item, body.duty_item_code, demand.target_level)


async def _transition(
    session: AsyncSession,
    principal: Principal,
    demand: Demand,
    action: str,
    step: Callable[[Edge], Awaitable[Change]],
    if_match: str | None,
    now: datetime,
) -> None:
    await transition(
        session,
        DEMAND,
        demand,
        action,
        principal=principal,
        history=history.of_demand,
        step=step,
        if_match=if_match,
        at=now,
    )
