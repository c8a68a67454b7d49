"""Case use cases: open (by hand or from a grid referral), read, list; `apply`, the one way a
case changes state, and the other helpers of commands."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.catalog.models import EnforcementItem
from grassroots.common.catalog.regions import county_part
from grassroots.common.clock import china_date, today
from grassroots.common.db.base import utcnow
from grassroots.common.events.enforcement import CaseTransferred
from grassroots.common.events.grid import GridEventReferred
from grassroots.common.lifecycle import Applied, Change, Edge, transition
from grassroots.common.problems import ProblemError, not_found
from grassroots.common.refusals import Refusal
from grassroots.enforcement.cases import access, repository, rules
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.cases.schemas import CaseCreate, CasePage, CaseRead, Deadlines, Party
from grassroots.enforcement.codes import (
    CATALOG_MISSING,
    FUTURE_TIME,
    ITEM_NOT_DELEGATED,
    OFFICER_UNKNOWN,
    TIME_ORDER,
    TIME_RANGE,
)
from grassroots.enforcement.logs import service as logs
from grassroots.enforcement.money import policy_fen
from grassroots.enforcement.officers import repository as officers
from grassroots.enforcement.policy import Policy

SERVICE = "enforcement"
SYSTEM_ACTOR = "system"
EARLIEST_YEAR = 1990  # older dates are typing errors, and would overflow time zone arithmetic


async def catalog_item(
    session: AsyncSession, township: str, item_code: str, on: datetime
) -> tuple[EnforcementItem, bool]:
    """The item in the active catalog and whether it is delegated to the township."""
    document = await catalog_versions.active_document(
        session, county_part(township), china_date(on)
    )
    if document is None:
        raise ProblemError(CATALOG_MISSING, None, county_part(township))
    item = document.enforcement_item(item_code)
    delegated = [i.code for i in document.enforcement_items_for(township)]
    rules.check_item(township, item_code, delegated, known=item is not None)
    assert item is not None
    return item, item_code in delegated


def set_item(case: Case, item: EnforcementItem) -> None:
    case.item_code = item.code
    case.item_title = item.title
    case.origin_department = item.origin_department
    case.fine_min_fen = policy_fen(item.fine_min)
    case.fine_max_fen = policy_fen(item.fine_max)


def party_fields(party: Party) -> dict[str, str]:
    """The party's columns, the identifier validated (E-PARTY-ID) and compacted."""
    return {
        "party_name": party.name,
        "party_id_type": party.id_type,
        "party_id_no": rules.check_party_id(party.id_type, party.id_no),
    }


def set_party(case: Case, party: Party) -> None:
    for name, value in party_fields(party).items():
        setattr(case, name, value)


def deadlines(case: Case, policy: Policy) -> Deadlines:
    """The legal limits that apply to the case in its current state."""
    out = Deadlines()
    if case.state == "discovered" and case.procedure == "general":  # 当场处罚 needs no filing
        out.filing_due = rules.filing_due(
            china_date(case.discovered_at), case.filing_extensions, policy
        )
    if case.filed_at is not None and case.decided_at is None:
        out.decision_due = rules.decision_due(
            china_date(case.filed_at), case.decision_extension_days, policy
        )
    if case.notified_at is not None and case.decided_at is None:
        out.hearing_request_until = rules.hearing_window_end(china_date(case.notified_at), policy)
    if case.decided_at is not None and case.served_at is None:
        out.service_due = rules.service_due(china_date(case.decided_at), policy)
    if case.served_at is not None and case.executed_at is None and (case.fine_fen or 0) > 0:
        out.payment_due = rules.payment_due(china_date(case.served_at), policy)
    return out


def read(case: Case, policy: Policy) -> CaseRead:
    out = CaseRead.model_validate(case)
    out.deadlines = deadlines(case, policy)
    return out


def event_fields(case: Case) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "township": case.township,
        "item_code": case.item_code or "",
        "grid_event_id": case.grid_event_id,
    }


def check_time(at: datetime, policy: Policy, not_before: datetime | None = None) -> datetime:
    """An act's time: not in the future, not before the previous step, not in another era."""
    if at.year < EARLIEST_YEAR:
        raise ProblemError(TIME_RANGE, None, at.isoformat())
    if at > utcnow() + timedelta(minutes=policy.future_skew_minutes):
        raise ProblemError(FUTURE_TIME, None, at.isoformat())
    if not_before is not None and at < not_before:
        raise ProblemError(TIME_ORDER, None, not_before.isoformat())
    return at.astimezone(UTC)


ActStep = Callable[[Edge], Awaitable[tuple[datetime, Change]]]


async def apply(
    session: AsyncSession,
    case: Case,
    action: str,
    *,
    principal: Principal,
    step: ActStep,
    if_match: str | None = None,
    actor: str | None = None,
) -> Applied:
    """The one way a case changes state: `transition` (the table, the claim on the version, the
    step, audit, events), then the action's entry in the township's hash-chained log with the
    real from → to, all in the caller's transaction. `step` returns the act's time and change."""
    acted: list[datetime] = []

    async def claimed(edge: Edge) -> Change:
        at, change = await step(edge)
        acted.append(at)
        return change

    applied = await transition(
        session,
        rules.CASE,
        case,
        action,
        principal=principal,
        step=claimed,
        if_match=if_match,
    )
    # The log's append is async (it locks the chain head), so it follows the engine's sync
    # history hook, still inside the transaction the claim holds.
    await logs.append(
        session,
        township=case.township,
        kind=f"case.{rules.command_of(action, applied.target)}",
        case_id=case.id,
        actor=actor or principal.sub,
        body={"from": applied.source, "to": applied.target, **applied.change.detail},
        at=acted[0],
    )
    return applied


def transferred(case: Case, *, to: str | None, reason: str, at: datetime) -> Change:
    """The step of a transfer (移送): to the receiving department, `case.transferred`."""
    case.transferred_to = to or case.origin_department
    case.transfer_reason = reason
    case.closed_at = at
    case.outcome = "移送"
    event = CaseTransferred(
        **event_fields(case), origin_department=case.transferred_to, reason_code=reason
    )
    detail = {"department": case.transferred_to, "reason": reason}
    return Change(to="transferred", detail=detail, events=[event])


def service_principal(township: str) -> Principal:
    """The service itself, acting for a township (a transfer the catalog requires)."""
    return Principal(sub=SERVICE, org=township, roles=frozenset({rules.BY_SERVICE}))


async def open_case(
    session: AsyncSession,
    *,
    township: str,
    item_code: str | None,
    source: str,
    facts: str,
    discovered_at: datetime,
    actor: str,
    policy: Policy,
    grid_event_id: str | None = None,
    **fields: Any,
) -> Case:
    """Opens a discovered case; an item not delegated to the township is transferred at once."""
    case = Case(
        id=f"case_{uuid.uuid4().hex}",
        township=township,
        source=source,
        grid_event_id=grid_event_id,
        facts=facts,
        discovered_at=discovered_at.astimezone(UTC),
        state="discovered",
        safety_harm=fields.pop("safety_harm", False),
        procedure=fields.pop("procedure", "general"),
        officer_ids=fields.pop("officer_ids", []),
        filing_extensions=0,
        decision_extensions=[],
        decision_extension_days=0,
        version=1,
        **fields,
    )
    delegated = True
    if item_code is not None:
        item, delegated = await catalog_item(session, township, item_code, discovered_at)
        set_item(case, item)
    await repository.add(session, case)
    await logs.append(
        session,
        township=case.township,
        kind="case.discover",
        case_id=case.id,
        actor=actor,
        body={
            "from": None,
            "to": case.state,
            "source": source,
            "facts": facts,
            "item_code": item_code,
        },
        at=case.discovered_at,
    )
    if not delegated:

        async def transfer(edge: Edge) -> tuple[datetime, Change]:
            change = transferred(case, to=None, reason=ITEM_NOT_DELEGATED, at=case.discovered_at)
            change.detail["note"] = "执法事项未赋权本乡镇,移送原业务部门"
            return case.discovered_at, change

        principal = service_principal(township)
        await apply(session, case, "transfer", principal=principal, step=transfer, actor=actor)
    return case


async def create(
    session: AsyncSession, *, principal: Principal, data: CaseCreate, policy: Policy
) -> CaseRead:
    """Opens a case in the caller's township (an officer or the supervisor: `OPEN_CASE`)."""
    discovered_at = check_time(data.discovered_at, policy)
    if data.act_date is not None:
        rules.check_act_date(data.act_date, china_date(discovered_at))
        rules.check_date(data.act_date, today(), policy, "act_date")
    await check_assignable(session, data.township, data.officers)
    fields: dict[str, Any] = {
        "place": data.place,
        "act_date": data.act_date,
        "safety_harm": data.safety_harm,
        "procedure": data.procedure,
        "officer_ids": list(dict.fromkeys(data.officers)),
    }
    if data.party is not None:
        fields.update(party_fields(data.party))
    case = await open_case(
        session,
        township=data.township,
        item_code=data.item_code,
        source=data.source,
        facts=data.facts,
        discovered_at=discovered_at,
        actor=principal.sub,
        policy=policy,
        **fields,
    )
    audit.record(
        session,
        principal,
        entity="case",
        entity_id=case.id,
        action="create",
        changes=data.model_dump(mode="json"),
    )
    return read(case, policy)


async def check_assignable(session: AsyncSession, township: str, ids: Sequence[str]) -> None:
    """Every officer named exists in the township's register (E-OFFICER-UNKNOWN)."""
    found = {o.id for o in await officers.by_ids(session, ids) if o.township == township}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ProblemError(OFFICER_UNKNOWN, None, ", ".join(missing))


async def open_from_referral(
    session: AsyncSession, *, event: GridEventReferred, policy: Policy
) -> Case:
    """Consumer use case: a grid referral (网格移交) opens a discovered case once."""
    existing = await repository.by_grid_event(session, event.grid_event_id)
    if existing is not None:
        return existing
    item_code = event.item_code
    try:
        if item_code is not None:
            await catalog_item(session, event.township, item_code, event.at)
    except (ProblemError, Refusal):
        item_code = None  # unknown item or no catalog: the officers choose the item at filing
    return await open_case(
        session,
        township=event.township,
        item_code=item_code,
        source="grid_referral",
        facts=event.description,
        discovered_at=event.at,
        actor=event.actor or SYSTEM_ACTOR,
        policy=policy,
        grid_event_id=event.grid_event_id,
        place=f"{event.lon:.6f},{event.lat:.6f}",
    )


async def get_or_raise(session: AsyncSession, case_id: str, *, lock: bool = False) -> Case:
    """One case, or 404; with `lock`, loaded to change (`locked`)."""
    case = await (repository.get_for_update if lock else repository.get)(session, case_id)
    if case is None:
        raise not_found("案件", case_id)
    return case


async def get(session: AsyncSession, *, case_id: str, policy: Policy) -> CaseRead:
    """One case (whom it shows to: `SEE_CASE`)."""
    return read(await get_or_raise(session, case_id), policy)


async def list_cases(
    session: AsyncSession,
    *,
    principal: Principal,
    township: str,
    state: str | None,
    cursor: str | None,
    limit: int,
    policy: Policy,
) -> CasePage:
    """A page of a township's cases, each shown only where its own route would (`SEE_CASE`)."""
    rows = await repository.page(
        session, township=township, state=state, after=cursor, limit=limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    targets = await access.case_targets(session, rows)
    shown = [row for row in rows if access.SEE_CASE.permits(principal, targets[row.id])]
    return CasePage(
        items=[read(row, policy) for row in shown], next_cursor=rows[-1].id if more else None
    )
