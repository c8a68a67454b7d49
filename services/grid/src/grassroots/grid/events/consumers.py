"""Handlers of enforcement's events: a referred grid event follows its case, through the same
transitions as the grid centre's (`steps.take`), acted by enforcement."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.events import grid as ev
from grassroots.common.events.enforcement import CaseClosed, CaseTransferred
from grassroots.common.events.envelope import Envelope
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.steps import take


def _enforcement(row: GridEventRow) -> Principal:
    """The township's enforcement, acting as a system (its case's events)."""
    return Principal(sub="enforcement", org=row.township, roles=frozenset({"service"}))


async def _referred(session: AsyncSession, grid_event_id: str | None) -> GridEventRow | None:
    """The referred event waiting for its case, locked; None when it is not (any more)."""
    row = await repository.get_for_update(session, grid_event_id) if grid_event_id else None
    if row is None or row.status != "assigned" or row.assignee_kind != "enforcement":
        return None
    return row


async def on_case_closed(session: AsyncSession, event: CaseClosed, envelope: Envelope) -> None:
    """The case of a referral closed: the grid event is handled (处置反馈) with the outcome."""
    row = await _referred(session, event.grid_event_id)
    if row is None:
        return
    feedback = f"执法案件 {event.case_id} 已结案: {event.outcome}"
    await take(
        session,
        row,
        "handle",
        principal=_enforcement(row),
        detail={"feedback": feedback, "case_id": event.case_id},
        changes={"case_id": event.case_id},
        announce=lambda b: [ev.GridEventHandled(**b, feedback=feedback)],
    )


async def on_case_transferred(
    session: AsyncSession, event: CaseTransferred, envelope: Envelope
) -> None:
    """Enforcement transferred the case: the event goes to the item's origin department."""
    row = await _referred(session, event.grid_event_id)
    if row is None:
        return
    kind, assignee = (
        ("department", event.origin_department)
        if event.origin_department
        else ("township_office", row.township)
    )
    await take(
        session,
        row,
        "assign",
        principal=_enforcement(row),
        detail={
            "assignee_kind": kind,
            "assignee": assignee,
            "case_id": event.case_id,
            "reason_code": event.reason_code,
        },
        changes={"case_id": event.case_id, "assignee_kind": kind, "assignee": assignee},
        announce=lambda b: [ev.GridEventAssigned(**b, assignee_kind=kind, assignee=assignee)],
    )
