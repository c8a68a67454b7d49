"""Handlers of enforcement's events: a referred grid event follows its case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events import grid as ev
from grassroots.common.events.enforcement import CaseClosed, CaseTransferred
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.outbox import add_event
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.service import SERVICE, advance_from_case


async def on_case_closed(session: AsyncSession, event: CaseClosed, envelope: Envelope) -> None:
    """The case of a referral closed: the grid event is handled (处置反馈) with the outcome."""
    row = await repository.get(session, event.grid_event_id) if event.grid_event_id else None
    if row is None or row.status != "assigned" or row.assignee_kind != "enforcement":
        return
    row.case_id = event.case_id
    feedback = f"执法案件 {event.case_id} 已结案: {event.outcome}"
    at = await advance_from_case(
        session, row, "handled", {"feedback": feedback, "case_id": event.case_id}
    )
    add_event(session, ev.GridEventHandled(**_base(row, at), feedback=feedback), SERVICE)


async def on_case_transferred(
    session: AsyncSession, event: CaseTransferred, envelope: Envelope
) -> None:
    """Enforcement transferred the case: the event goes to the item's origin department."""
    row = await repository.get(session, event.grid_event_id) if event.grid_event_id else None
    if row is None or row.status != "assigned" or row.assignee_kind != "enforcement":
        return
    row.case_id = event.case_id
    if event.origin_department:
        row.assignee_kind, row.assignee = "department", event.origin_department
    else:
        row.assignee_kind, row.assignee = "township_office", row.township
    at = await advance_from_case(
        session,
        row,
        "assigned",
        {
            "assignee_kind": row.assignee_kind,
            "assignee": row.assignee,
            "case_id": event.case_id,
            "reason_code": event.reason_code,
        },
    )
    add_event(
        session,
        ev.GridEventAssigned(
            **_base(row, at),
            assignee_kind=row.assignee_kind,  # type: ignore[arg-type]
            assignee=row.assignee,
        ),
        SERVICE,
    )


def _base(row: GridEventRow, at: datetime) -> dict[str, Any]:
    return {
        "grid_event_id": row.id,
        "township": row.township,
        "grid_id": row.grid_id,
        "category": row.category,
        "urgency": row.urgency,
        "at": at,
        "actor": "enforcement",
    }
