"""Case commands (one per transition): load and lock, authorize, apply the rules, log, announce."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.concurrency import check_if_match
from grassroots.common.db.base import utcnow
from grassroots.common.events.enforcement import CaseClosed, CaseDecided, CaseFiled
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.enforcement import access
from grassroots.enforcement.cases import rules
from grassroots.enforcement.cases import service as cases
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.cases.schemas import (
    CaseRead,
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
from grassroots.enforcement.officers import repository as officers
from grassroots.enforcement.policy import Policy

APPROVALS = ("file", "decide", "extend", "transfer")
Step = Callable[[AsyncSession, Case, Any, datetime, Principal, Policy], Awaitable[dict[str, Any]]]


def _last_time(case: Case) -> datetime:
    times = [case.discovered_at, case.filed_at, case.investigated_at, case.notified_at]
    times += [case.decided_at, case.served_at, case.executed_at]
    return max(t for t in times if t is not None)


async def _assigned_subs(session: AsyncSession, case: Case) -> set[str]:
    rows = await officers.by_ids(session, case.officer_ids)
    return {o.user_sub for o in rows if o.user_sub}


async def _certificates(session: AsyncSession, ids: list[str]) -> list[rules.OfficerCertificate]:
    rows = {o.id: o for o in await officers.by_ids(session, ids)}
    return [
        rules.OfficerCertificate(
            o.id, o.name, o.township, o.valid_from, o.valid_until, tuple(o.scope)
        )
        for o in (rows[i] for i in ids if i in rows)
    ]


async def _authorize(session: AsyncSession, principal: Principal, case: Case, action: str):
    if action in APPROVALS or (action == "close" and case.state != "executed"):
        access.require_supervisor(principal, case.township)
    else:
        access.require_assigned(principal, case.township, await _assigned_subs(session, case))


async def run(
    session: AsyncSession,
    *,
    principal: Principal,
    case_id: str,
    action: str,
    command: Command,
    policy: Policy,
    if_match: str | None = None,
) -> CaseRead:
    """Runs one transition command on a case in the caller's transaction."""
    case = await cases.get_or_raise(session, case_id, lock=True)
    try:
        access.require_read(principal, case.township)
    except ProblemError:
        raise not_found("案件", case_id) from None
    await _authorize(session, principal, case, action)
    check_if_match(if_match, case.version, "案件")
    if case.state in rules.FINAL_STATES:
        rules.next_state(case.state, action, case.procedure)
    at = cases.check_time(command.at or utcnow(), policy, not_before=_last_time(case))
    before = case.state
    details = await STEPS[action](session, case, command, at, principal, policy)
    case.version += 1
    case.updated_at = utcnow()
    await session.flush()
    if case.state != "transferred":  # a transfer was logged by transfer_now
        await cases.log_action(
            session,
            case,
            action=action,
            actor=principal.sub,
            at=at,
            before=before,
            details={**details, "note": command.note},
        )
    audit.record(
        session,
        principal,
        entity="case",
        entity_id=case.id,
        action=action,
        changes={"from": before, "to": case.state, **command.model_dump(mode="json")},
    )
    return cases.read(case, policy)


async def _file(
    s: AsyncSession,
    case: Case,
    cmd: FileCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "file", case.procedure)
    if cmd.item_code is not None and cmd.item_code != case.item_code:
        item, delegated = await cases.catalog_item(s, case.township, cmd.item_code, at)
        cases.set_item(case, item)
        if not delegated:
            case.state = "discovered"
            await cases.transfer_now(
                s, case, to=None, reason=rules.NOT_DELEGATED, actor=principal.sub, at=at, note=None
            )
            return {}
    if case.item_code is None:
        raise unprocessable("E-ITEM-REQUIRED", "立案须确定执法事项")
    if cmd.party is not None:
        cases.set_party(case, cmd.party)
    if case.party_id_no is None:
        raise unprocessable("E-PARTY-REQUIRED", "立案须确定当事人及其证件号码")
    if cmd.officers is not None:
        await cases.check_assignable(s, case.township, cmd.officers)
        case.officer_ids = list(dict.fromkeys(cmd.officers))
    if cmd.act_date is not None:
        case.act_date = cmd.act_date
    certificates = await _certificates(s, case.officer_ids)
    rules.check_officers(
        certificates, township=case.township, item_code=case.item_code, on=at.date(), policy=policy
    )
    if case.act_date is not None:
        rules.check_limitation(case.act_date, case.discovered_at.date(), case.safety_harm, policy)
    rules.check_filing_on_time(case.discovered_at.date(), at.date(), case.filing_extensions, policy)
    case.filed_at, case.filed_on_time, case.filing_approved_by = at, True, principal.sub
    add_event(
        s,
        CaseFiled(
            **cases.event_fields(case), filed_at=at, discovered_at=case.discovered_at, on_time=True
        ),
        cases.SERVICE,
    )
    return {"officers": case.officer_ids, "approved_by": principal.sub}


async def _investigate(
    s: AsyncSession, case: Case, cmd: Command, at: datetime, principal: Principal, policy: Policy
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "investigate", case.procedure)
    case.investigated_at = at
    return {}


async def _notify(
    s: AsyncSession,
    case: Case,
    cmd: NotifyCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "notify", case.procedure)
    rules.check_fine_range(cmd.proposed_fine, case.fine_min or 0, case.fine_max or 0, cmd.penalty)
    case.notified_at, case.proposed_fine, case.penalty = at, cmd.proposed_fine, cmd.penalty
    eligible = rules.hearing_eligible(cmd.proposed_fine, case.party_id_type or "", policy)
    return {"proposed_fine": cmd.proposed_fine, "grounds": cmd.grounds, "hearing_right": eligible}


async def _hearing(
    s: AsyncSession,
    case: Case,
    cmd: HearingCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    before = case.state
    case.state = rules.next_state(before, "hearing", case.procedure)
    assert case.notified_at is not None
    if before == "hearing":  # the request is on record; now the hearing is held
        cmd = cmd.model_copy(update={"requested_on": case.hearing_requested_on})
    else:
        eligible = rules.hearing_eligible(case.proposed_fine or 0, case.party_id_type or "", policy)
        rules.check_hearing_request(case.notified_at.date(), cmd.requested_on, eligible, policy)
    if cmd.held_on is not None and cmd.requested_on is not None and cmd.held_on < cmd.requested_on:
        raise unprocessable("E-HEARING-DATE", "听证日期不能早于申请日期")
    case.hearing_requested_on, case.hearing_held_on = cmd.requested_on, cmd.held_on
    return {"requested_on": str(cmd.requested_on), "held_on": str(cmd.held_on)}


async def _decide(
    s: AsyncSession,
    case: Case,
    cmd: DecideCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    before = case.state
    case.state = rules.next_state(before, "decide", case.procedure)
    if case.item_code is None or case.party_id_type is None:
        raise unprocessable("E-PARTY-REQUIRED", "作出决定须确定执法事项和当事人")
    if cmd.officers is not None:
        await cases.check_assignable(s, case.township, cmd.officers)
        case.officer_ids = list(dict.fromkeys(cmd.officers))
    certificates = await _certificates(s, case.officer_ids)
    rules.check_officers(
        certificates, township=case.township, item_code=case.item_code, on=at.date(), policy=policy
    )
    if case.act_date is not None:  # the simplified procedure reaches here without filing
        rules.check_limitation(case.act_date, case.discovered_at.date(), case.safety_harm, policy)
    rules.check_fine_range(cmd.fine_yuan, case.fine_min or 0, case.fine_max or 0, cmd.penalty)
    within = True
    if case.procedure == "simplified":
        rules.check_simplified(cmd.fine_yuan, case.party_id_type, cmd.penalty, policy)
    else:
        assert case.filed_at is not None and case.notified_at is not None
        rules.check_decision_on_time(
            case.filed_at.date(), at.date(), case.decision_extension_days, policy
        )
        eligible = rules.hearing_eligible(case.proposed_fine or 0, case.party_id_type, policy)
        if before == "notified":
            rules.check_decide_after_window(case.notified_at.date(), at.date(), eligible, policy)
        elif case.hearing_held_on is None:
            raise ProblemError(409, "E-HEARING-NOT-HELD", "当事人申请听证的,应在听证后作出决定")
    case.decided_at, case.decision_approved_by = at, principal.sub
    case.penalty, case.fine_yuan, case.party_present = cmd.penalty, cmd.fine_yuan, cmd.party_present
    add_event(
        s,
        CaseDecided(
            **cases.event_fields(case),
            decided_at=at,
            filed_at=case.filed_at or at,
            fine_yuan=cmd.fine_yuan,
            within_limit=within,
        ),
        cases.SERVICE,
    )
    return {"penalty": cmd.penalty, "fine_yuan": cmd.fine_yuan, "approved_by": principal.sub}


async def _serve(
    s: AsyncSession,
    case: Case,
    cmd: ServeCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "serve", case.procedure)
    assert case.decided_at is not None
    if not case.party_present:
        rules.check_service(case.decided_at.date(), at.date(), cmd.late_reason, policy)
    case.served_at, case.service_late_reason = at, cmd.late_reason
    return {"method": cmd.method, "late_reason": cmd.late_reason}


async def _execute(
    s: AsyncSession,
    case: Case,
    cmd: ExecuteCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "execute", case.procedure)
    assert case.served_at is not None
    paid_on = cmd.paid_on or at.date()
    fine = case.fine_yuan or 0
    extra = rules.surcharge(fine, case.served_at.date(), paid_on, policy) if fine else 0
    if fine:
        rules.check_payment(fine, cmd.paid_yuan, case.served_at.date(), paid_on, policy)
    case.executed_at, case.paid_yuan, case.surcharge_yuan = at, cmd.paid_yuan, float(extra)
    return {"paid_yuan": cmd.paid_yuan, "surcharge_yuan": float(extra)}


async def _close(
    s: AsyncSession,
    case: Case,
    cmd: CloseCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    case.state = rules.next_state(case.state, "close", case.procedure)
    case.closed_at, case.outcome = at, cmd.outcome
    add_event(
        s, CaseClosed(**cases.event_fields(case), closed_at=at, outcome=case.state), cases.SERVICE
    )
    return {"outcome": cmd.outcome}


async def _transfer(
    s: AsyncSession,
    case: Case,
    cmd: TransferCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    rules.next_state(case.state, "transfer", case.procedure)
    await cases.transfer_now(
        s, case, to=cmd.to, reason=cmd.reason, actor=principal.sub, at=at, note=cmd.note
    )
    return {}


async def _extend(
    s: AsyncSession,
    case: Case,
    cmd: ExtendCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> dict[str, Any]:
    if cmd.limit == "filing":
        if case.state != "discovered":
            rules.next_state(case.state, "extend-filing", case.procedure)
        rules.check_filing_extension(case.filing_extensions, policy)
        rules.check_filing_on_time(
            case.discovered_at.date(), at.date(), case.filing_extensions, policy
        )
        case.filing_extensions += 1
        return {"limit": "filing", "reason": cmd.reason, "approved_by": principal.sub}
    if case.state not in rules.OPEN_BEFORE_DECISION or case.procedure == "simplified":
        rules.next_state(case.state, "extend-decision", case.procedure)
    rules.check_decision_extension(cmd.days or 0, policy)
    assert case.filed_at is not None
    rules.check_decision_on_time(
        case.filed_at.date(), at.date(), case.decision_extension_days, policy
    )
    record = {
        "days": cmd.days,
        "reason": cmd.reason,
        "approved_by": principal.sub,
        "at": at.isoformat(),
    }
    case.decision_extensions = [*case.decision_extensions, record]
    case.decision_extension_days += cmd.days or 0
    return {"limit": "decision", **record}


STEPS: dict[str, Step] = {
    "file": _file,
    "investigate": _investigate,
    "notify": _notify,
    "hearing": _hearing,
    "decide": _decide,
    "serve": _serve,
    "execute": _execute,
    "close": _close,
    "transfer": _transfer,
    "extend": _extend,
}
