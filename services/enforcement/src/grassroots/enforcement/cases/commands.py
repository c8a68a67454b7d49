"""Case commands (one per endpoint): load under lock, authorize, then one lifecycle transition
whose step is the action's own function below."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.clock import china_date, today
from grassroots.common.db.base import utcnow
from grassroots.common.events.enforcement import CaseClosed, CaseDecided, CaseFiled
from grassroots.common.lifecycle import Change, Edge
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
from grassroots.enforcement.codes import ITEM_NOT_DELEGATED
from grassroots.enforcement.money import to_fen
from grassroots.enforcement.officers import repository as officers
from grassroots.enforcement.policy import Policy

Step = Callable[[AsyncSession, Case, Any, datetime, Principal, Policy], Awaitable[Change]]


def _last_time(case: Case) -> datetime:
    times = [case.discovered_at, case.filed_at, case.investigated_at, case.notified_at]
    times += [case.decided_at, case.served_at, case.executed_at]
    return max(t for t in times if t is not None)


async def _certificates(session: AsyncSession, ids: list[str]) -> list[rules.OfficerCertificate]:
    rows = {o.id: o for o in await officers.by_ids(session, ids)}
    return [
        rules.OfficerCertificate(
            o.id, o.name, o.township, o.valid_from, o.valid_until, tuple(o.scope)
        )
        for o in (rows[i] for i in ids if i in rows)
    ]


async def run(
    session: AsyncSession,
    *,
    principal: Principal,
    case_id: str,
    command_name: str,
    command: Command,
    policy: Policy,
    if_match: str | None = None,
) -> CaseRead:
    """Runs one command on a case in the caller's transaction; applied once, or refused. Who
    may is the route's declaration (`ACT_ON_CASE`, `APPROVE_CASE`); which edge the table
    reserves to the supervisor, the lifecycle (AUTH-ROLE)."""
    case = await cases.get_or_raise(session, case_id, lock=True)
    action = rules.action_of(
        command_name, case.state, case.procedure, getattr(command, "limit", None)
    )
    rules.check_procedure(case.state, action, case.procedure)

    async def step(edge: Edge) -> tuple[datetime, Change]:
        at = cases.check_time(command.at or utcnow(), policy, not_before=_last_time(case))
        change = await STEPS[action](session, case, command, at, principal, policy)
        change.detail["note"] = command.note
        case.updated_at = utcnow()
        return at, change

    await cases.apply(session, case, action, principal=principal, step=step, if_match=if_match)
    return cases.read(case, policy)


async def _file(
    s: AsyncSession,
    case: Case,
    cmd: FileCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    if cmd.item_code is not None and cmd.item_code != case.item_code:
        item, delegated = await cases.catalog_item(s, case.township, cmd.item_code, at)
        cases.set_item(case, item)
        if not delegated:  # the guard: filed as transferred to the item's department
            return cases.transferred(case, to=None, reason=ITEM_NOT_DELEGATED, at=at)
    if cmd.party is not None:
        cases.set_party(case, cmd.party)
    rules.check_identified(case.item_code, case.party_id_no, "立案")
    if cmd.officers is not None:
        await cases.check_assignable(s, case.township, cmd.officers)
        case.officer_ids = list(dict.fromkeys(cmd.officers))
    if cmd.act_date is not None:
        rules.check_act_date(cmd.act_date, china_date(case.discovered_at))
        case.act_date = rules.check_date(cmd.act_date, today(), policy, "act_date")
    certificates = await _certificates(s, case.officer_ids)
    rules.check_officers(
        certificates,
        township=case.township,
        item_code=case.item_code,
        on=china_date(at),
        policy=policy,
    )
    if case.act_date is not None:
        rules.check_limitation(
            case.act_date, china_date(case.discovered_at), case.safety_harm, policy
        )
    rules.check_filing_on_time(
        china_date(case.discovered_at), china_date(at), case.filing_extensions, policy
    )
    case.filed_at, case.filed_on_time, case.filing_approved_by = at, True, principal.sub
    filed = CaseFiled(
        **cases.event_fields(case), filed_at=at, discovered_at=case.discovered_at, on_time=True
    )
    detail = {"officers": case.officer_ids, "approved_by": principal.sub}
    return Change(to="filed", detail=detail, events=[filed])


async def _investigate(
    s: AsyncSession, case: Case, cmd: Command, at: datetime, principal: Principal, policy: Policy
) -> Change:
    case.investigated_at = at
    return Change()


async def _notify(
    s: AsyncSession,
    case: Case,
    cmd: NotifyCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    proposed = to_fen(cmd.proposed_fine, "proposed_fine")
    rules.check_fine_range(proposed, case.fine_min_fen or 0, case.fine_max_fen or 0, cmd.penalty)
    case.notified_at, case.proposed_fine_fen, case.penalty = at, proposed, cmd.penalty
    eligible = rules.hearing_eligible(proposed, case.party_id_type or "", policy)
    detail = {"proposed_fine": proposed / 100, "grounds": cmd.grounds, "hearing_right": eligible}
    return Change(detail=detail)


async def _request_hearing(
    s: AsyncSession,
    case: Case,
    cmd: HearingCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    assert case.notified_at is not None
    eligible = rules.hearing_eligible(case.proposed_fine_fen or 0, case.party_id_type or "", policy)
    rules.check_date(cmd.requested_on, today(), policy, "requested_on")
    if cmd.held_on is not None:
        rules.check_date(cmd.held_on, today(), policy, "held_on")
    rules.check_hearing_request(china_date(case.notified_at), cmd.requested_on, eligible, policy)
    return _hearing_recorded(case, cmd)


async def _hold_hearing(
    s: AsyncSession,
    case: Case,
    cmd: HearingCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    rules.check_hearing_holdable(case.hearing_held_on, cmd.held_on)
    if cmd.held_on is not None:
        rules.check_date(cmd.held_on, today(), policy, "held_on")
    # the request is on record; now the hearing is held
    return _hearing_recorded(
        case, cmd.model_copy(update={"requested_on": case.hearing_requested_on})
    )


def _hearing_recorded(case: Case, cmd: HearingCommand) -> Change:
    rules.check_hearing_dates(cmd.requested_on, cmd.held_on)
    case.hearing_requested_on, case.hearing_held_on = cmd.requested_on, cmd.held_on
    return Change(detail={"requested_on": str(cmd.requested_on), "held_on": str(cmd.held_on)})


async def _decide(
    s: AsyncSession,
    case: Case,
    cmd: DecideCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    rules.check_identified(case.item_code, case.party_id_type, "作出处罚决定")
    assert case.party_id_type is not None
    if cmd.officers is not None:
        await cases.check_assignable(s, case.township, cmd.officers)
        case.officer_ids = list(dict.fromkeys(cmd.officers))
    certificates = await _certificates(s, case.officer_ids)
    rules.check_officers(
        certificates,
        township=case.township,
        item_code=case.item_code,
        on=china_date(at),
        policy=policy,
    )
    if case.act_date is not None:  # the simplified procedure reaches here without filing
        rules.check_limitation(
            case.act_date, china_date(case.discovered_at), case.safety_harm, policy
        )
    fine = to_fen(cmd.fine_yuan, "fine_yuan")
    rules.check_fine_range(fine, case.fine_min_fen or 0, case.fine_max_fen or 0, cmd.penalty)
    if case.procedure == "simplified":
        rules.check_simplified(fine, case.party_id_type, cmd.penalty, policy)
    else:
        assert case.filed_at is not None and case.notified_at is not None
        rules.check_decision_on_time(
            china_date(case.filed_at), china_date(at), case.decision_extension_days, policy
        )
        rules.check_hearing_held(case.state, case.hearing_held_on)
        eligible = rules.hearing_eligible(case.proposed_fine_fen or 0, case.party_id_type, policy)
        if case.state == "notified":
            rules.check_decide_after_window(
                china_date(case.notified_at), china_date(at), eligible, policy
            )
    case.decided_at, case.decision_approved_by = at, principal.sub
    case.penalty, case.fine_fen, case.party_present = cmd.penalty, fine, cmd.party_present
    decided = CaseDecided(
        **cases.event_fields(case),
        decided_at=at,
        filed_at=case.filed_at or at,
        fine_yuan=fine / 100,
        within_limit=True,
    )
    detail = {"penalty": cmd.penalty, "fine_yuan": fine / 100, "approved_by": principal.sub}
    return Change(detail=detail, events=[decided])


async def _serve(
    s: AsyncSession,
    case: Case,
    cmd: ServeCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    assert case.decided_at is not None
    if not case.party_present:
        rules.check_service(china_date(case.decided_at), china_date(at), cmd.late_reason, policy)
    case.served_at, case.service_late_reason = at, cmd.late_reason
    return Change(detail={"method": cmd.method, "late_reason": cmd.late_reason})


async def _execute(
    s: AsyncSession,
    case: Case,
    cmd: ExecuteCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    assert case.served_at is not None
    paid = to_fen(cmd.paid_yuan, "paid_yuan")
    paid_on = rules.check_date(cmd.paid_on, today(), policy, "paid_on") if cmd.paid_on else None
    paid_on = paid_on or china_date(at)
    fine = case.fine_fen or 0
    extra = rules.surcharge(fine, china_date(case.served_at), paid_on, policy) if fine else 0
    if fine:
        rules.check_payment(fine, paid, china_date(case.served_at), paid_on, policy)
    case.executed_at, case.paid_fen, case.surcharge_fen = at, paid, extra
    return Change(detail={"paid_yuan": paid / 100, "surcharge_yuan": extra / 100})


async def _close(
    s: AsyncSession,
    case: Case,
    cmd: CloseCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    outcome = rules.CASE.next(case.state, "close")  # closed, not_filed or withdrawn by the state
    case.closed_at, case.outcome = at, cmd.outcome
    closed = CaseClosed(**cases.event_fields(case), closed_at=at, outcome=outcome)
    return Change(detail={"outcome": cmd.outcome}, events=[closed])


async def _transfer(
    s: AsyncSession,
    case: Case,
    cmd: TransferCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    return cases.transferred(case, to=cmd.to, reason=cmd.reason, at=at)


async def _extend_filing(
    s: AsyncSession,
    case: Case,
    cmd: ExtendCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    rules.check_filing_extension(case.filing_extensions, policy)
    rules.check_filing_on_time(
        china_date(case.discovered_at), china_date(at), case.filing_extensions, policy
    )
    case.filing_extensions += 1
    return Change(detail={"limit": "filing", "reason": cmd.reason, "approved_by": principal.sub})


async def _extend_decision(
    s: AsyncSession,
    case: Case,
    cmd: ExtendCommand,
    at: datetime,
    principal: Principal,
    policy: Policy,
) -> Change:
    days = cmd.days or 0
    rules.check_decision_extension(days, policy)
    rules.check_not_repeated(case.decision_extensions, days, cmd.reason)
    assert case.filed_at is not None
    rules.check_decision_on_time(
        china_date(case.filed_at), china_date(at), case.decision_extension_days, policy
    )
    record = {
        "days": days,
        "reason": cmd.reason,
        "approved_by": principal.sub,
        "at": at.isoformat(),
    }
    case.decision_extensions = [*case.decision_extensions, record]
    case.decision_extension_days += days
    return Change(detail={"limit": "decision", **record})


# the table's action → its step
STEPS: dict[str, Step] = {
    "file": _file,
    "investigate": _investigate,
    "notify": _notify,
    "request-hearing": _request_hearing,
    "hold-hearing": _hold_hearing,
    "decide": _decide,
    rules.ON_THE_SPOT: _decide,
    "serve": _serve,
    "execute": _execute,
    "close": _close,
    "transfer": _transfer,
    "extend-filing": _extend_filing,
    "extend-decision": _extend_decision,
}
